using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using CellGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CellGen.Tests.Infrastructure;

/// <summary>What one in-memory run of the generator produced.</summary>
public sealed record GeneratorRun(
    CSharpCompilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<(string HintName, string Source)> Sources,
    GeneratorDriver Driver)
{
    /// <summary>The errors and warnings of compiling the user's code together with the generated code.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
}

/// <summary>
/// Runs the generator on source text the way the compiler does, with nullable enabled and every warning an error,
/// so tests can look at its diagnostics, its generated files and whether the result compiles.
/// </summary>
public static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Append(typeof(CellAttribute).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "UserAssembly",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"User{i}.cs")),
            s_references.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error));

    public static GeneratorRun Run(params string[] sources) => Run(Compile(sources));

    /// <summary>Runs the generator with weights files handed to it as CellGen's build targets hand them: base64 text.</summary>
    public static GeneratorRun RunWithWeights(string source, params (string Name, byte[] Bytes)[] files) =>
        Run(Compile(source), files.Select(f => (AdditionalText)new InMemoryText(f.Name + ".cellgen-base64", Convert.ToBase64String(f.Bytes))).ToArray());

    public static GeneratorRun Run(CSharpCompilation compilation, params AdditionalText[] additionalTexts)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new CellGenerator().AsSourceGenerator() },
            additionalTexts,
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        var sources = result.Results
            .SelectMany(r => r.GeneratedSources)
            .Select(s => (s.HintName, s.SourceText.ToString()))
            .ToImmutableArray();
        ImmutableArray<Diagnostic> all = diagnostics.AddRange(result.Diagnostics).Distinct().ToImmutableArray();
        return new GeneratorRun(compilation, output, all, sources, driver);
    }

    /// <summary>Formats diagnostics with the numbered generated source around them, for assertion messages.</summary>
    public static string Describe(IEnumerable<Diagnostic> diagnostics)
    {
        var lines = new List<string>();
        foreach (Diagnostic d in diagnostics)
        {
            lines.Add(d.ToString());
            if (d.Location.SourceTree is { } tree)
            {
                string[] text = tree.ToString().Split('\n');
                int line = d.Location.GetLineSpan().StartLinePosition.Line;
                for (int i = Math.Max(0, line - 3); i <= Math.Min(text.Length - 1, line + 3); i++)
                {
                    lines.Add($"  {i + 1,5}{(i == line ? ">" : " ")} {text[i]}");
                }
            }
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>An additional file held in memory.</summary>
    public sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => "/project/obj/cellgen/" + path;

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(System.Threading.CancellationToken cancellationToken = default) =>
            Microsoft.CodeAnalysis.Text.SourceText.From(text);
    }
}
