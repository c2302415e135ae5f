using System.Linq;
using CellGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CellGen.Tests.Generator;

/// <summary>
/// Every diagnostic the generator reports: what triggers it, that it is an error, that it points at the attribute
/// argument (or the attribute) at fault, that its message says how to fix it, and that no source is generated.
/// </summary>
public class DiagnosticTests
{
    public static TheoryData<string, string, string, string> Cases => new()
    {
        // id, source, text at the reported location, a phrase the message must contain
        { "CG0001", "[CellGen.RnnCell(Input = 1, Hidden = 2)] public class NotPartial { }", "CellGen.RnnCell(Input = 1, Hidden = 2)", "declare it 'partial class NotPartial'" },
        { "CG0002", "[CellGen.RnnCell(Input = 0, Hidden = 2)] public partial class C { }", "Input = 0", "set Input to the number of values per time step between 1 and 4096" },
        { "CG0002", "[CellGen.LstmCell(Input = 3, Hidden = 4097)] public partial class C { }", "Hidden = 4097", "between 1 and 4096" },
        { "CG0002", "[CellGen.GruCell(Input = 3, Hidden = 4, Output = -1)] public partial class C { }", "Output = -1", "Output" },
        { "CG0002", "[CellGen.GruCell(Hidden = 4)] public partial class C { }", "CellGen.GruCell(Hidden = 4)", "Input = 0 is out of range" },
        { "CG0003", "[CellGen.RnnCell(Input = 1, Hidden = 2, ElementType = typeof(System.Half))] public partial class C { }", "ElementType = typeof(System.Half)", "use typeof(float) (the default) or typeof(double)" },
        { "CG0003", "[CellGen.RnnCell(Input = 1, Hidden = 2, ElementType = null)] public partial class C { }", "ElementType = null", "ElementType = null is not supported" },
        { "CG0004", "[CellGen.RnnCell(Input = 1, Hidden = 2)] [CellGen.GruCell(Input = 1, Hidden = 2)] public partial class C { }", "CellGen.GruCell(Input = 1, Hidden = 2)", "remove one attribute" },
        { "CG0005", "[CellGen.LstmCell(Input = 1, Hidden = 2, OutputActivation = CellGen.Activation.Softmax)] public partial class C { }", "OutputActivation = CellGen.Activation.Softmax", "set Output = N to add one" },
        { "CG0006", "[CellGen.LstmCell(Input = 1, Hidden = 2, GateActivation = CellGen.Activation.Relu)] public partial class C { }", "GateActivation = CellGen.Activation.Relu", "use Activation.Sigmoid (the default) or Activation.HardSigmoid" },
        { "CG0006", "[CellGen.RnnCell(Input = 1, Hidden = 2, Activation = CellGen.Activation.Softmax)] public partial class C { }", "Activation = CellGen.Activation.Softmax", "only for OutputActivation" },
        { "CG0007", "[CellGen.JordanCell(Input = 1, Hidden = 2)] public partial class C { }", "CellGen.JordanCell(Input = 1, Hidden = 2)", "set Output to the number of outputs" },
        { "CG0008", "public class Outer { [CellGen.RnnCell(Input = 1, Hidden = 2)] public partial class C { } }", "CellGen.RnnCell(Input = 1, Hidden = 2)", "declare it 'partial class Outer'" },
        { "CG0009", "[CellGen.RnnCell(Input = 1, Hidden = 2)] public partial class C<T> { }", "CellGen.RnnCell(Input = 1, Hidden = 2)", "declare the cell in a non-generic class" },
        { "CG0009", "public partial class Outer<T> { [CellGen.RnnCell(Input = 1, Hidden = 2)] public partial class C { } }", "CellGen.RnnCell(Input = 1, Hidden = 2)", "(it contains 'C')" },
        { "CG0010", "[CellGen.RnnCell(Input = 1, Hidden = 2, Clip = -1)] public partial class C { }", "Clip = -1", "use 0 for no clipping or a positive, finite threshold" },
        { "CG0010", "[CellGen.RnnCell(Input = 1, Hidden = 2, Clip = double.NaN)] public partial class C { }", "Clip = double.NaN", "Clip = NaN is invalid" },
        { "CG0010", "[CellGen.RnnCell(Input = 1, Hidden = 2, Clip = 1e300)] public partial class C { }", "Clip = 1e300", "positive, finite" },
        { "CG0011", "[CellGen.RnnCell(Input = 1, Hidden = 2)] public static partial class C { }", "CellGen.RnnCell(Input = 1, Hidden = 2)", "remove 'static'" },
        { "CG0012", "[CellGen.GruCell(Input = 1, Hidden = 2, CandidateActivation = (CellGen.Activation)99)] public partial class C { }", "CandidateActivation = (CellGen.Activation)99", "(Activation)99 is not a defined Activation" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Misuse_is_an_error_at_the_argument_with_a_fix(string id, string source, string locationText, string messagePhrase)
    {
        GeneratorRun run = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        // Diagnostics travel through the pipeline as plain values, so their location names the file rather than the tree.
        string file = diagnostic.Location.GetLineSpan().Path;
        string text = run.Input.SyntaxTrees.Single(t => t.FilePath == file).ToString();
        Assert.Equal(locationText, text.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains(messagePhrase, diagnostic.GetMessage());
        Assert.All(run.GeneratorDiagnostics, d => Assert.StartsWith("CG", d.Id));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Every_descriptor_is_tested_and_listed_in_the_release_file()
    {
        var ids = CellGen.Generator.Diagnostics.DiagnosticDescriptors.All.Select(d => d.Id).ToList();
        var tested = Enumerable.Select<object[], string>(Cases, row => (string)row[0])
            .Concat(Enumerable.Select<object[], string>(BakedWeightsGeneratorTests.Problems, row => (string)row[1]))
            .ToHashSet();
        string releases = System.IO.File.ReadAllText(System.IO.Path.Combine(CellGen.Tests.Infrastructure.RepositoryRoot.Find(), "src", "Generator", "AnalyzerReleases.Unshipped.md"));

        Assert.All(ids, id => Assert.Contains(id, tested));
        Assert.All(ids, id => Assert.Contains($"\n{id} | CellGen | Error |", releases));
    }

    [Fact]
    public void Every_diagnostic_links_to_its_own_section_of_the_docs()
    {
        string root = CellGen.Tests.Infrastructure.RepositoryRoot.Find();
        string docs = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "docs", "diagnostics.md"));
        string repository = System.Text.RegularExpressions.Regex.Match(
            System.IO.File.ReadAllText(System.IO.Path.Combine(root, "Directory.Build.props")),
            "<CellGenRepositoryUrl>(.*?)</CellGenRepositoryUrl>").Groups[1].Value;
        Assert.StartsWith("https://", repository);

        Assert.All(CellGen.Generator.Diagnostics.DiagnosticDescriptors.All, d =>
        {
            Assert.Equal($"{repository}/blob/main/docs/diagnostics.md#{d.Id.ToLowerInvariant()}", d.HelpLinkUri);
            Assert.Contains($"\n## {d.Id}\n", docs);
        });

        // CG0016 comes from the build targets, not the generator: its link is written there.
        string targets = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "src", "Generator", "build", "CellGen.targets"));
        Assert.Contains($"HelpLink=\"{repository}/blob/main/docs/diagnostics.md#cg0016\"", targets);
        Assert.Contains("\n## CG0016\n", docs);
    }

    [Fact]
    public void Several_problems_are_reported_together()
    {
        GeneratorRun run = GeneratorHarness.Run(
            "[CellGen.LstmCell(Input = -3, Hidden = 0, Clip = -2, GateActivation = CellGen.Activation.Tanh)] public class C { }");

        Assert.Equal(new[] { "CG0001", "CG0002", "CG0002", "CG0006", "CG0010" }, run.GeneratorDiagnostics.Select(d => d.Id).OrderBy(x => x));
    }

    [Fact]
    public void The_runtime_activation_enum_matches_the_generators_mirror()
    {
        foreach (CellGen.Activation activation in System.Enum.GetValues<CellGen.Activation>())
        {
            Assert.Equal(activation.ToString(), ((CellGen.Generator.Model.ActivationKind)(int)activation).ToString());
        }

        Assert.Equal(System.Enum.GetValues<CellGen.Activation>().Length, System.Enum.GetValues<CellGen.Generator.Model.ActivationKind>().Length);
        Assert.Equal(CellAttribute.MaxSize, CellGen.Generator.Parsing.CellSpecParser.MaxSize);
    }
}
