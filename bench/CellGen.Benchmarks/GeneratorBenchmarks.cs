using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using CellGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CellGen.Benchmarks;

/// <summary>
/// What CellGen costs a build: the generator on a project of 100 annotated cells of mixed kinds, sizes and options
/// (run from scratch, and again after an edit elsewhere, as an IDE does on every keystroke), and the compiler's emit of
/// that project with and without the generated code, so that the difference is the generated code's compile time.
/// Roslyn 4.14 in process (BenchmarkDotNet's), as a compiler runs the generator; compiled in the Debug configuration of
/// `dotnet build`.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class GeneratorBenchmarks
{
    public const int CellCount = 100;

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warmDriver = null!;
    private Compilation _generated = null!;

    [GlobalSetup]
    public void Setup()
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        IEnumerable<MetadataReference> references = platform
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Append(typeof(CellAttribute).Assembly.Location)
            .Select(path => MetadataReference.CreateFromFile(path));
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        SyntaxTree other = CSharpSyntaxTree.ParseText("namespace Project; public static class Other { public static int Value() => 1; }", parseOptions, path: "Other.cs");
        _compilation = CSharpCompilation.Create(
            "Project",
            new[] { CSharpSyntaxTree.ParseText(Cells(), parseOptions, path: "Cells.cs"), other },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        _edited = _compilation.ReplaceSyntaxTree(
            other,
            CSharpSyntaxTree.ParseText("namespace Project; public static class Other { public static int Value() => 2; }", parseOptions, path: "Other.cs"));

        _warmDriver = NewDriver().RunGeneratorsAndUpdateCompilation(_compilation, out _generated, out ImmutableArray<Diagnostic> diagnostics);
        ImmutableArray<Diagnostic> problems = diagnostics.AddRange(_generated.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        if (!problems.IsEmpty || _generated.SyntaxTrees.Count() != CellCount + 2)
        {
            throw new InvalidOperationException($"the {CellCount} cells did not generate cleanly: {string.Join("\n", problems.Take(5))}");
        }
    }

    /// <summary>The generator's own work: 100 cells parsed and their sources written, from a cold pipeline.</summary>
    [Benchmark]
    public GeneratorDriver Generate_100_cells() => NewDriver().RunGenerators(_compilation);

    /// <summary>The same project after an edit to another file: every cell's output comes from the cache.</summary>
    [Benchmark]
    public GeneratorDriver Regenerate_after_an_unrelated_edit() => _warmDriver.RunGenerators(_edited);

    /// <summary>The compiler's emit of the project without the generated code: the baseline of the next one.</summary>
    [Benchmark]
    public long Compile_without_generated_code() => Emit(_compilation);

    /// <summary>The compiler's emit of the project with the generated code of all 100 cells.</summary>
    [Benchmark]
    public long Compile_with_generated_code() => Emit(_generated);

    private static long Emit(Compilation compilation)
    {
        using var image = new MemoryStream();
        if (!compilation.Emit(image).Success)
        {
            throw new InvalidOperationException("the project did not compile");
        }

        return image.Length;
    }

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(new[] { new CellGenerator().AsSourceGenerator() }, parseOptions: new CSharpParseOptions(LanguageVersion.Latest));

    /// <summary>
    /// 100 cells: the four kinds in turn, the sizes of the speed benchmarks and a few more, every fifth in double, with
    /// peepholes, clipping, output layers and non-default activations spread among them.
    /// </summary>
    public static string Cells()
    {
        (int Input, int Hidden)[] sizes = { (1, 8), (1, 20), (2, 16), (3, 32), (3, 64), (16, 128), (4, 12), (8, 48), (64, 256), (5, 24) };
        string[] kinds = { "RnnCell", "JordanCell", "LstmCell", "GruCell" };
        var text = new StringBuilder("using CellGen;\n\nnamespace Project;\n\n");
        for (int i = 0; i < CellCount; i++)
        {
            string kind = kinds[i % kinds.Length];
            (int input, int hidden) = sizes[i / kinds.Length % sizes.Length];
            var arguments = new List<string> { $"Input = {input}", $"Hidden = {hidden}" };
            if (kind == "JordanCell" || i % 3 == 0)
            {
                arguments.Add($"Output = {1 + i % 5}");
            }

            if (i % 5 == 0)
            {
                arguments.Add("ElementType = typeof(double)");
            }

            if (kind == "LstmCell" && i % 8 < 4)
            {
                arguments.Add("Peephole = true");
            }

            if (i % 7 == 0)
            {
                arguments.Add("Clip = 3.0");
            }

            if (kind == "GruCell" && i % 8 >= 4)
            {
                arguments.Add("ResetAfter = false");
            }

            if (kind == "RnnCell" && i % 8 >= 4)
            {
                arguments.Add("Activation = Activation.Relu");
            }

            text.Append($"[{kind}({string.Join(", ", arguments)})]\npublic partial class Cell{i:D3} {{ }}\n\n");
        }

        return text.ToString();
    }
}
