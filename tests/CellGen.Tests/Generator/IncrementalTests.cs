using System.Linq;
using CellGen.Generator;
using CellGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CellGen.Tests.Generator;

/// <summary>
/// The pipeline carries only value-equatable models, so an edit that does not touch a cell attribute leaves the
/// parsed specs cached and the generated source unchanged.
/// </summary>
public class IncrementalTests
{
    private const string Cell = "namespace Demo; [CellGen.GruCell(Input = 2, Hidden = 8)] public partial class Gru { public int Counter() => 1; }";

    [Fact]
    public void Editing_unrelated_code_leaves_the_cell_cached()
    {
        GeneratorRun first = GeneratorHarness.Run(Cell, "namespace Demo; public class Other { }");
        CSharpCompilation edited = first.Input.ReplaceSyntaxTree(
            first.Input.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("namespace Demo; public class Other { public int Added; }", GeneratorHarness.ParseOptions, path: "User1.cs"));

        GeneratorDriver driver = first.Driver.RunGenerators(edited);
        var steps = driver.GetRunResult().Results.Single().TrackedSteps;

        Assert.All(steps[CellGenerator.TrackingNames.Specs].SelectMany(step => step.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
    }

    [Fact]
    public void Editing_a_method_body_of_the_cell_class_leaves_the_spec_unchanged()
    {
        GeneratorRun first = GeneratorHarness.Run(Cell);
        CSharpCompilation edited = first.Input.ReplaceSyntaxTree(
            first.Input.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(Cell.Replace("=> 1;", "=> 2;"), GeneratorHarness.ParseOptions, path: "User0.cs"));

        GeneratorDriver driver = first.Driver.RunGenerators(edited);
        var specs = driver.GetRunResult().Results.Single().TrackedSteps[CellGenerator.TrackingNames.Specs];

        Assert.All(specs.SelectMany(step => step.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
    }

    [Fact]
    public void Changing_one_cells_attribute_regenerates_only_that_cell()
    {
        const string other = "namespace Demo; [CellGen.LstmCell(Input = 3, Hidden = 4)] public partial class Lstm { }";
        GeneratorRun first = GeneratorHarness.Run(Cell, other);
        CSharpCompilation edited = first.Input.ReplaceSyntaxTree(
            first.Input.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText(Cell.Replace("Hidden = 8", "Hidden = 9"), GeneratorHarness.ParseOptions, path: "User0.cs"));

        GeneratorDriver driver = first.Driver.RunGenerators(edited);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        var reasons = result.TrackedSteps[CellGenerator.TrackingNames.Specs]
            .SelectMany(step => step.Outputs)
            .Select(output => (((CellGen.Generator.Model.CellSpec)output.Value).Type.Name, output.Reason))
            .ToList();

        Assert.Contains(("Gru", IncrementalStepRunReason.Modified), reasons);
        Assert.DoesNotContain(reasons, r => r.Name == "Lstm" && r.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        string gru = result.GeneratedSources.Single(s => s.HintName == "Demo.Gru.g.cs").SourceText.ToString();
        Assert.Contains("public const int HiddenSize = 9;", gru);
    }

    [Fact]
    public void Moving_a_cell_with_baked_weights_does_not_read_its_weights_again()
    {
        const string baked = "namespace Demo; [CellGen.RnnCell(Input = 2, Hidden = 4, Weights = \"w.safetensors\")] public partial class Baked { }";
        byte[] file = System.IO.File.ReadAllBytes(Interop.InteropFiles.PathOf("rnn_i2_h4.safetensors"));
        GeneratorRun first = GeneratorHarness.RunWithWeights(baked, ("w.safetensors", file));
        CSharpCompilation edited = first.Input.ReplaceSyntaxTree(
            first.Input.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText("// a line above the cell\n" + baked, GeneratorHarness.ParseOptions, path: "User0.cs"));

        Assert.Empty(first.GeneratorDiagnostics);
        GeneratorDriver driver = first.Driver.RunGenerators(edited);
        var bake = driver.GetRunResult().Results.Single().TrackedSteps[CellGenerator.TrackingNames.Bake];

        Assert.All(bake.SelectMany(step => step.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
    }

    [Fact]
    public void Pipeline_outputs_hold_no_symbols_syntax_or_compilations()
    {
        GeneratorRun run = GeneratorHarness.Run(Cell, "[CellGen.RnnCell(Input = 0, Hidden = 2)] public partial class Bad { }");
        foreach (var step in run.Driver.GetRunResult().Results.Single().TrackedSteps
            .Where(pair => pair.Key.StartsWith("CellGen.", System.StringComparison.Ordinal)).SelectMany(pair => pair.Value))
        {
            foreach ((object value, _) in step.Outputs)
            {
                Assert.False(value is ISymbol or SyntaxNode or Compilation, $"{step.Name} outputs a {value.GetType().Name}");
            }
        }
    }
}
