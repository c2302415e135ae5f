using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using CellGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CellGen.Tests.Docs;

/// <summary>
/// Every ```csharp block of docs/*.md is a whole program: it is compiled with the generator (warnings as errors) and
/// run, so that the documentation cannot rot.
/// </summary>
public sealed partial class DocsTests
{
    public static TheoryData<string, int> Samples()
    {
        var data = new TheoryData<string, int>();
        foreach (string file in Directory.GetFiles(Path.Combine(RepositoryRoot.Find(), "docs"), "*.md").OrderBy(f => f, StringComparer.Ordinal))
        {
            for (int i = 0; i < CodeBlocks(file).Count; i++)
            {
                data.Add(Path.GetFileName(file), i);
            }
        }

        return data;
    }

    [Fact]
    public void The_docs_have_code_samples_and_every_one_is_closed()
    {
        Assert.True(Samples().Count() >= 7);
        foreach (string file in Directory.GetFiles(Path.Combine(RepositoryRoot.Find(), "docs"), "*.md"))
        {
            int opened = Regex.Matches(File.ReadAllText(file), "```csharp").Count;
            Assert.True(opened == CodeBlocks(file).Count, $"{Path.GetFileName(file)} opens {opened} csharp blocks but closes {CodeBlocks(file).Count}");
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_code_sample_compiles_and_runs(string file, int index)
    {
        string code = CodeBlocks(Path.Combine(RepositoryRoot.Find(), "docs", file))[index];
        CSharpCompilation compilation = GeneratorHarness.Compile(code)
            .WithAssemblyName("DocSample_" + Path.GetFileNameWithoutExtension(file).Replace('-', '_') + "_" + index)
            .WithOptions(new CSharpCompilationOptions(
                OutputKind.ConsoleApplication,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error));
        GeneratorRun run = GeneratorHarness.Run(compilation);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorHarness.Describe(run.GeneratorDiagnostics));
        Assert.True(run.CompilationProblems.Count == 0, $"{file} sample {index}:\n" + GeneratorHarness.Describe(run.CompilationProblems));

        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var context = new AssemblyLoadContext(file + index, isCollectible: true);
        try
        {
            image.Position = 0;
            MethodInfo entry = context.LoadFromStream(image).EntryPoint!;
            object?[] arguments = entry.GetParameters().Length == 0 ? Array.Empty<object?>() : new object?[] { Array.Empty<string>() };
            try
            {
                entry.Invoke(null, arguments);
            }
            catch (TargetInvocationException error) when (error.InnerException is not null)
            {
                throw new InvalidOperationException($"{file} sample {index} threw: {error.InnerException}", error.InnerException);
            }
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>The ```csharp blocks of a markdown file.</summary>
    private static List<string> CodeBlocks(string path) =>
        CodeBlock().Matches(File.ReadAllText(path)).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
