using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CellGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CellGen.Tests.Generator;

/// <summary>
/// Weights baked in by the generator: the generated code (snapshot), the diagnostics of a missing, damaged or
/// mismatched file, each at the Weights argument, and thousands of corrupted files that must never crash the generator.
/// </summary>
public sealed class BakedWeightsGeneratorTests
{
    private const string TinyRnn = "using CellGen; namespace Demo; [RnnCell(Input = 1, Hidden = 2, Weights = \"tiny.safetensors\")] public partial class Tiny { }";

    /// <summary>PyTorch tensors of an RNN of 1 input and 2 units with recognizable values.</summary>
    private static byte[] TinyFile(string dtype = "F32", Dictionary<string, int[]>? shapes = null)
    {
        var tensors = new List<WeightTensor<double>>
        {
            new("weight_ih_l0", new[] { 2, 1 }, new[] { 0.5, -0.25 }),
            new("weight_hh_l0", new[] { 2, 2 }, new[] { 1.0, 2.0, 3.0, 4.0 }),
            new("bias_ih_l0", new[] { 2 }, new[] { 0.125, 0.0625 }),
            new("bias_hh_l0", new[] { 2 }, new[] { -1.0, -2.0 }),
        };
        if (shapes is not null)
        {
            tensors = tensors.Select(t => shapes.TryGetValue(t.Name, out int[]? s) ? t with { Shape = s, Values = new double[s.Aggregate(1, (a, b) => a * b)] } : t).ToList();
        }

        string path = Path.GetTempFileName();
        try
        {
            if (dtype == "F64")
            {
                SafeTensors.Write(path, tensors);
            }
            else
            {
                SafeTensors.Write(path, tensors.Select(t => new WeightTensor<float>(t.Name, t.Shape, t.Values.Select(v => (float)v).ToArray())));
            }

            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_baked_cell_matches_its_snapshot_and_compiles_cleanly()
    {
        GeneratorRun run = GeneratorHarness.RunWithWeights(TinyRnn, ("tiny.safetensors", TinyFile()));

        Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorHarness.Describe(run.GeneratorDiagnostics));
        Assert.True(run.CompilationProblems.Count == 0, GeneratorHarness.Describe(run.CompilationProblems));
        Snapshot.Verify("RnnBakedWeights", Assert.Single(run.Sources).Source);
    }

    public static TheoryData<string, string, string> Problems => new()
    {
        { "not given", "CG0013", "Weights = \"tiny.safetensors\" names no file given to the build: add <CellGenWeights Include=\"path/to/tiny.safetensors\" /> to the project, which hands it to CellGen (it was given other.safetensors)" },
        { "damaged", "CG0014", "The weights file 'tiny.safetensors' cannot be read: its data section has 4 bytes after the last tensor" },
        { "wrong shape", "CG0015", "The weights file 'tiny.safetensors' does not fit [RnnCell(Input = 1, Hidden = 2)]: tensor 'weight_hh_l0' has shape [2, 3], but the cell needs [2, 2]" },
        { "double into float", "CG0015", "tensor 'weight_ih_l0' is F64, which would be rounded to float; declare ElementType = typeof(double), or save the file in float32" },
        { "wrong layer", "CG0015", "tensor 'weight_ih_l1' [2, 1] is missing (set WeightsFormat, WeightsLayer, WeightsReverse or WeightsPrefix to where the cell is)" },
        { "bias not declared", "CG0015", "the file has tensor 'bias_ih_l0', but the cell was declared with Bias = false" },
        { "keras peephole", "CG0015", "Keras's LSTM has no peepholes" },
        { "option without weights", "CG0005", "WeightsLayer does not apply here: it says where the cell sits in a weights file" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void A_bad_weights_file_is_an_error_at_the_weights_argument_naming_the_first_mismatch(string problem, string id, string message)
    {
        string source = problem switch
        {
            "wrong layer" => TinyRnn.Replace("Weights = ", "WeightsLayer = 1, Weights = "),
            "bias not declared" => TinyRnn.Replace("Hidden = 2,", "Hidden = 2, Bias = false,"),
            "keras peephole" => "using CellGen; [LstmCell(Input = 1, Hidden = 2, Peephole = true, Weights = \"tiny.safetensors\", WeightsFormat = WeightFormat.Keras)] public partial class Tiny { }",
            "option without weights" => "using CellGen; [RnnCell(Input = 1, Hidden = 2, WeightsLayer = 1)] public partial class Tiny { }",
            _ => TinyRnn,
        };
        byte[] good = TinyFile();
        (string, byte[])[] files = problem switch
        {
            "not given" => new[] { ("other.safetensors", good) },
            "damaged" => new[] { ("tiny.safetensors", good.Concat(new byte[4]).ToArray()) },
            "wrong shape" => new[] { ("tiny.safetensors", TinyFile(shapes: new() { ["weight_hh_l0"] = new[] { 2, 3 } })) },
            "double into float" => new[] { ("tiny.safetensors", TinyFile("F64")) },
            _ => new[] { ("tiny.safetensors", good) },
        };

        GeneratorRun run = GeneratorHarness.RunWithWeights(source, files);

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        string at = source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
        Assert.StartsWith(id == "CG0005" ? "WeightsLayer" : "Weights = ", at);
    }

    [Theory]
    [InlineData("lstm_i3_h5.safetensors", "[LstmCell(Input = 3, Hidden = 5, Weights = \"lstm_i3_h5.safetensors\")]")]
    [InlineData("bilstm2_i3_h4.onnx", "[LstmCell(Input = 8, Hidden = 4, Weights = \"bilstm2_i3_h4.onnx\", WeightsLayer = 1, WeightsReverse = true)]")]
    public void Thousands_of_corrupted_files_give_only_clean_diagnostics(string file, string attribute)
    {
        byte[] good = File.ReadAllBytes(Interop.InteropFiles.PathOf(file));
        string source = "using CellGen; " + attribute + " public partial class Cell { }";
        var random = new Random(file.Length);
        var outcomes = new Dictionary<string, int>();
        for (int round = 0; round < 1500; round++)
        {
            byte[] bytes = (byte[])good.Clone();
            for (int edit = random.Next(1, 4); edit > 0; edit--)
            {
                bytes[random.Next(2) == 0 ? random.Next(Math.Min(bytes.Length, 300)) : random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            if (random.Next(6) == 0)
            {
                bytes = bytes[..random.Next(bytes.Length)];
            }

            GeneratorRun run = GeneratorHarness.RunWithWeights(source, (file, bytes));

            Assert.All(run.Driver.GetRunResult().Results, r => Assert.Null(r.Exception));
            string outcome = run.GeneratorDiagnostics.Length == 0 ? "baked" : Assert.Single(run.GeneratorDiagnostics).Id;
            Assert.Contains(outcome, new[] { "baked", "CG0014", "CG0015" });
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.True(outcomes.GetValueOrDefault("CG0014") + outcomes.GetValueOrDefault("CG0015") > 500, string.Join(", ", outcomes));
    }
}
