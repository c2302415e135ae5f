using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;
using static CellGen.Tests.Interop.InteropFiles;

namespace CellGen.Tests.Interop;

/// <summary>
/// Acceptance 6 of the interop issue: thousands of corrupted files thrown at every reader. The only outcomes allowed
/// are a clean <see cref="InvalidDataException"/> with the cell untouched, or a load of a file that still parses.
/// </summary>
public sealed class ReaderFuzzTests(ITestOutputHelper output)
{
    private const int Rounds = 3000;

    public static TheoryData<string> Readers() => new()
    {
        "safetensors, PyTorch layout", "safetensors, Keras layout", "safetensors of a bidirectional stack", "ONNX from PyTorch", "ONNX from CellGen",
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public void Corrupted_files_give_only_clean_errors_and_refused_ones_change_nothing(string reader)
    {
        (byte[] good, Action<byte[]> load, Func<float[]> parameters) = Reader(reader);
        load(good);
        float[] loaded = parameters();
        var random = new Random(reader.Length * 7919);
        int refused = 0;
        for (int round = 0; round < Rounds; round++)
        {
            byte[] file = Corrupt(good, random);
            float[] before = parameters();
            try
            {
                load(file);
            }
            catch (InvalidDataException error)
            {
                refused++;
                Assert.Contains("was refused, and no weights were changed", error.Message);
                Assert.Equal(before, parameters());
            }
        }

        output.WriteLine($"{reader}: {refused} of {Rounds} corrupted files refused; the rest loaded");

        // Most corruptions must be caught; the rest changed only weight bytes and loaded as such.
        Assert.InRange(refused, Rounds / 3, Rounds);
        Assert.NotEmpty(loaded);
    }

    [Fact]
    public void Nan_weights_are_refused_where_the_caller_forbids_them()
    {
        string path = Path.Combine(Path.GetTempPath(), "cellgen-nan-" + Guid.NewGuid().ToString("N"));
        try
        {
            var cell = new TorchLstm();
            cell.Parameters[7] = float.NaN;
            SafeTensors.Save(path + ".safetensors", new[] { new LayerCell<float>(cell) });
            OnnxModel.Save(path + ".onnx", cell);

            var target = new TorchLstm();
            var fromSafeTensors = Assert.Throws<InvalidDataException>(() =>
                SafeTensors.Load(path + ".safetensors", new[] { new LayerCell<float>(target) }, WeightFormat.PyTorch, requireFinite: true));
            var fromOnnx = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(path + ".onnx", target, requireFinite: true));
            Assert.Contains("only finite weights are accepted", fromSafeTensors.Message);
            Assert.Contains("only finite weights are accepted", fromOnnx.Message);
            Assert.All(target.Parameters.ToArray(), v => Assert.Equal(0f, v));

            // Allowed unless forbidden: a NaN is a value like any other.
            OnnxModel.Load(path + ".onnx", target);
            Assert.True(float.IsNaN(target.Parameters[7]));
        }
        finally
        {
            File.Delete(path + ".safetensors");
            File.Delete(path + ".onnx");
        }
    }

    private static (byte[] Good, Action<byte[]> Load, Func<float[]> Parameters) Reader(string reader)
    {
        switch (reader)
        {
            case "safetensors, PyTorch layout":
            {
                var cell = new TorchLstm();
                return (File.ReadAllBytes(PathOf("lstm_i3_h5.safetensors")), f => SafeTensors.Load<float>(f, new[] { new LayerCell<float>(cell) }), () => cell.Parameters.ToArray());
            }

            case "safetensors, Keras layout":
            {
                var cell = new TorchGru();
                return (File.ReadAllBytes(PathOf("gru_i3_h5.keras.safetensors")), f => SafeTensors.Load<float>(f, new[] { new LayerCell<float>(cell) }, format: WeightFormat.Keras), () => cell.Parameters.ToArray());
            }

            case "safetensors of a bidirectional stack":
            {
                IRecurrentCell<float>[] cells = { new TorchStackFirst(), new TorchStackFirst(), new TorchStackSecond(), new TorchStackSecond() };
                var layers = new LayerCell<float>[] { new(cells[0], 0), new(cells[1], 0, true), new(cells[2], 1), new(cells[3], 1, true) };
                return (File.ReadAllBytes(PathOf("bilstm2_i3_h4.safetensors")), f => SafeTensors.Load<float>(f, layers, prefix: "rnn."), () => cells.SelectMany(c => c.Parameters.ToArray()).ToArray());
            }

            case "ONNX from PyTorch":
            {
                IRecurrentCell<float>[] cells = { new TorchStackFirst(), new TorchStackFirst(), new TorchStackSecond(), new TorchStackSecond() };
                var network = new SequenceNetwork<float>(new BidirectionalLayer<float>(cells[0], cells[1]), new BidirectionalLayer<float>(cells[2], cells[3]));
                return (File.ReadAllBytes(PathOf("bilstm2_i3_h4.onnx")), f => { OnnxModel.Load<float>(f, network); _ = DescribeBytes(f); }, () => cells.SelectMany(c => c.Parameters.ToArray()).ToArray());
            }

            default:
            {
                var cell = new CellGen.Tests.Numerics.Reference.LstmEverythingF();
                for (int i = 0; i < CellGen.Tests.Numerics.Reference.LstmEverythingF.ParameterCount; i++)
                {
                    cell.Parameters[i] = i * 0.01f;
                }

                byte[] good = OnnxModel.Export(new SequenceNetwork<float>(new RecurrentLayer<float>(cell)));
                var target = new CellGen.Tests.Numerics.Reference.LstmEverythingF();
                return (good, f => OnnxModel.Load<float>(f, new SequenceNetwork<float>(new RecurrentLayer<float>(target))), () => target.Parameters.ToArray());
            }
        }
    }

    /// <summary>Describe must refuse cleanly too; it reads from a path, so the bytes go through a temporary file.</summary>
    private static int DescribeBytes(byte[] file)
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, file);
            return OnnxModel.Describe(path).Count;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>One to four random edits: byte flips (mostly near the start, where headers are), cuts, insertions, or a run of 0xFF.</summary>
    private static byte[] Corrupt(byte[] good, Random random)
    {
        List<byte> file = good.ToList();
        int edits = random.Next(1, 5);
        for (int e = 0; e < edits && file.Count > 0; e++)
        {
            int at = random.Next(2) == 0 ? random.Next(Math.Min(file.Count, 400)) : random.Next(file.Count);
            switch (random.Next(6))
            {
                case 0:
                case 1:
                    file[at] = (byte)random.Next(256);
                    break;
                case 2:
                    file[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 3:
                    file.RemoveRange(at, Math.Min(file.Count - at, random.Next(1, 16)));
                    break;
                case 4:
                    file.InsertRange(at, Enumerable.Range(0, random.Next(1, 8)).Select(_ => (byte)random.Next(256)));
                    break;
                default:
                    for (int i = at; i < Math.Min(file.Count, at + 8); i++)
                    {
                        file[i] = 0xFF;
                    }

                    break;
            }
        }

        if (random.Next(8) == 0)
        {
            int cut = random.Next(file.Count + 1);
            file.RemoveRange(cut, file.Count - cut);
        }

        return file.ToArray();
    }
}

/// <summary>Hand-made hostile inputs the random corruptions are unlikely to hit, each found by review.</summary>
public sealed class HostileWeightFileTests
{
    /// <summary>A safetensors file of one F32 tensor [64] with the given data_offsets text, and 256 data bytes.</summary>
    internal static byte[] WithOffsets(string offsets)
    {
        string header = "{\"weight\":{\"dtype\":\"F32\",\"shape\":[64],\"data_offsets\":" + offsets + "}}";
        header = header.PadRight((header.Length + 7) / 8 * 8);
        byte[] bytes = new byte[8 + header.Length + 256];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        System.Text.Encoding.ASCII.GetBytes(header).CopyTo(bytes, 8);
        return bytes;
    }

    [Theory]
    [InlineData("[9223372036854775608,-9223372036854775752]")]
    [InlineData("[\"0\",256]")]
    [InlineData("[0,null]")]
    public void Offsets_that_wrap_around_or_are_not_numbers_are_refused(string offsets)
    {
        byte[] file = WithOffsets(offsets);
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, file);
            var error = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadTensors<float>(path));
            Assert.Contains("data offsets", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_same_file_with_sound_offsets_reads()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, WithOffsets("[0,256]"));
            Assert.Equal(64, Assert.Single(SafeTensors.ReadTensors<float>(path)).Values.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Zero_peepholes_and_biases_load_into_a_cell_declared_without_them_and_nonzero_ones_are_refused()
    {
        var plain = new TorchLstm();
        var tensors = CellWeights.Export(new TorchLstm(), WeightFormat.Onnx).ToList();
        tensors.Add(new WeightTensor<float>("P", new[] { 1, 15 }, new float[15]));
        CellWeights.Import(plain, WeightFormat.Onnx, tensors);

        var noBias = new CellGen.Tests.Numerics.Reference.LstmNoBiasF();
        var withZeros = CellWeights.Export(noBias, WeightFormat.Onnx).Append(new WeightTensor<float>("B", new[] { 1, 16 }, new float[16])).ToList();
        CellWeights.Import(noBias, WeightFormat.Onnx, withZeros);
        float[] ones = Enumerable.Repeat(1f, 16).ToArray();
        var error = Assert.Throws<ArgumentException>(() => CellWeights.Import(noBias, WeightFormat.Onnx, withZeros.Take(2).Append(new WeightTensor<float>("B", new[] { 1, 16 }, ones))));
        Assert.Contains("declared with Bias = false", error.Message);
    }
}

/// <summary>A model made with the onnx package: an RNN with ONNX's Affine and no alpha or beta (ONNX Runtime's output is 0).</summary>
public sealed class AffineWithoutParametersTests
{
    [Fact]
    public void Is_refused_at_run_time_rather_than_taken_for_linear()
    {
        var cell = new AffineRnn();
        var error = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(InteropFiles.PathOf("rnn_affine_without_parameters.onnx"), cell));
        Assert.Contains("Affine has no activation_alpha and activation_beta", error.Message);
    }

    [Fact]
    public void Is_refused_at_compile_time_rather_than_baked_as_linear()
    {
        var run = CellGen.Tests.Infrastructure.GeneratorHarness.RunWithWeights(
            "using CellGen; [RnnCell(Input = 2, Hidden = 4, Bias = false, Activation = Activation.Linear, Weights = \"a.onnx\")] public partial class A { }",
            ("a.onnx", File.ReadAllBytes(InteropFiles.PathOf("rnn_affine_without_parameters.onnx"))));
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("CG0015", diagnostic.Id);
        Assert.Contains("Affine without activation_alpha and activation_beta", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("[9223372036854775608,-9223372036854775752]")]
    [InlineData("[\"0\",256]")]
    public void Hostile_offsets_are_a_clean_diagnostic_in_the_generator(string offsets)
    {
        var run = CellGen.Tests.Infrastructure.GeneratorHarness.RunWithWeights(
            "using CellGen; [RnnCell(Input = 1, Hidden = 2, Weights = \"h.safetensors\")] public partial class H { }",
            ("h.safetensors", HostileWeightFileTests.WithOffsets(offsets)));
        Assert.All(run.Driver.GetRunResult().Results, r => Assert.Null(r.Exception));
        Assert.Equal("CG0014", Assert.Single(run.GeneratorDiagnostics).Id);
    }
}

[RnnCell(Input = 2, Hidden = 4, Bias = false, Activation = Activation.Linear)]
public partial class AffineRnn { }
