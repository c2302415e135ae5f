using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CellGen.Tests.Numerics.Reference;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using static CellGen.Tests.Interop.InteropFiles;

namespace CellGen.Tests.Interop;

/// <summary>
/// Acceptance 1, 3 and 4 of the interop issue for ONNX: PyTorch's exported models load and reproduce PyTorch; CellGen's
/// exported models run in ONNX Runtime and give CellGen's outputs; export then import is bit-exact.
/// </summary>
public sealed class OnnxTests : IDisposable
{
    private const double FloatTolerance = 1e-5;
    private const int Steps = 7, Batch = 3;

    private readonly string _directory = Directory.CreateTempSubdirectory("cellgen-onnx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void PyTorch_exports_of_an_lstm_gru_and_rnn_reproduce_pytorch()
    {
        var lstm = new TorchLstm();
        OnnxModel.Load(PathOf("lstm_i3_h5.onnx"), lstm);
        var gru = new TorchGru();
        OnnxModel.Load(PathOf("gru_i3_h5.onnx"), gru);
        var rnn = new TorchRnn();
        OnnxModel.Load(PathOf("rnn_i2_h4.onnx"), rnn);

        Assert.InRange(Error(lstm, "lstm_i3_h5"), 0, FloatTolerance);
        Assert.InRange(Error(gru, "gru_i3_h5"), 0, FloatTolerance);
        Assert.InRange(Error(rnn, "rnn_i2_h4"), 0, FloatTolerance);
    }

    [Fact]
    public void PyTorch_export_of_a_two_layer_bidirectional_lstm_reproduces_pytorch()
    {
        IRecurrentCell<float>[] cells = { new TorchStackFirst(), new TorchStackFirst(), new TorchStackSecond(), new TorchStackSecond() };
        var network = new SequenceNetwork<float>(new BidirectionalLayer<float>(cells[0], cells[1]), new BidirectionalLayer<float>(cells[2], cells[3]));
        OnnxModel.Load(PathOf("bilstm2_i3_h4.onnx"), network);

        (double[] input, double[] expected) = Sequence("bilstm2_i3_h4");
        float[] outputs = new float[expected.Length];
        network.Forward(Floats(input), outputs);

        Assert.InRange(MaxError(outputs, expected), 0, FloatTolerance);
    }

    [Fact]
    public void Describe_says_which_cells_to_declare_for_a_model()
    {
        IReadOnlyList<OnnxRecurrentNode> nodes = OnnxModel.Describe(PathOf("bilstm2_i3_h4.onnx"));

        Assert.Equal(2, nodes.Count);
        Assert.All(nodes, n => Assert.Equal(("LSTM", "bidirectional"), (n.Operator, n.Direction)));
        Assert.Equal("[LstmCell(Input = 3, Hidden = 4)]", nodes[0].Cell.ToString());
        Assert.Equal("[LstmCell(Input = 8, Hidden = 4)]", nodes[1].Cell.ToString());
        Assert.Equal("[GruCell(Input = 3, Hidden = 5)]", OnnxModel.Describe(PathOf("gru_i3_h5.onnx")).Single().Cell.ToString());
    }

    public static TheoryData<string> Cells() => new()
    {
        "lstm", "lstm peepholes, clip, hard sigmoid, relu, softsign, tanh head", "lstm no bias",
        "gru", "gru reset-before, clip, hard sigmoid, softsign, softmax head", "gru no bias, linear",
        "rnn", "rnn linear, clip, sigmoid head", "rnn relu", "rnn softsign, no bias, softmax head",
    };

    private static IRecurrentCell<float> Make(string name) => name switch
    {
        "lstm" => new LstmI7H33F(),
        "lstm peepholes, clip, hard sigmoid, relu, softsign, tanh head" => new LstmEverythingF(),
        "lstm no bias" => new LstmNoBiasF(),
        "gru" => new GruI7H33F(),
        "gru reset-before, clip, hard sigmoid, softsign, softmax head" => new GruEverythingF(),
        "gru no bias, linear" => new GruNoBiasLinearF(),
        "rnn" => new RnnTanhI7H33F(),
        "rnn linear, clip, sigmoid head" => new RnnLinearClipF(),
        "rnn relu" => new RnnReluI1H20F(),
        "rnn softsign, no bias, softmax head" => new RnnSoftsignF(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public void An_exported_cell_runs_in_onnx_runtime_with_cellgens_outputs_and_imports_bit_exactly(string name)
    {
        IRecurrentCell<float> cell = Randomized(Make(name), 11);
        string path = Path.Combine(_directory, "cell.onnx");
        OnnxModel.Save(path, cell);

        float[] inputs = Inputs(cell.InputSize);
        float[] expected = new float[Steps * Batch * cell.OutputSize];
        cell.ForwardStreams(inputs, new float[Batch * cell.StateSize], expected);
        float[] actual = RunInOnnxRuntime(path, inputs, cell.InputSize, expected.Length);
        Assert.InRange(MaxError(actual, expected.Select(v => (double)v).ToArray()), 0, FloatTolerance);

        IRecurrentCell<float> restored = Randomized(Make(name), 12);
        OnnxModel.Load(path, restored);
        Assert.Equal(cell.Parameters.ToArray(), restored.Parameters.ToArray());
    }

    [Theory]
    [InlineData(DirectionMerge.Concatenate)]
    [InlineData(DirectionMerge.Sum)]
    public void An_exported_stack_runs_in_onnx_runtime_with_cellgens_outputs_and_imports_bit_exactly(DirectionMerge merge)
    {
        SequenceNetwork<float> Build(int seed) => Network(merge, seed);
        SequenceNetwork<float> network = Build(21);
        string path = Path.Combine(_directory, "stack.onnx");
        OnnxModel.Save(path, network);

        float[] inputs = Inputs(network.InputSize);
        float[] expected = new float[Steps * Batch * network.OutputSize];
        float[] one = new float[Steps * network.OutputSize];
        for (int b = 0; b < Batch; b++)
        {
            // The network runs one sequence at a time: gather stream b from the time-major batch.
            float[] sequence = Enumerable.Range(0, Steps).SelectMany(t => inputs.Skip((t * Batch + b) * network.InputSize).Take(network.InputSize)).ToArray();
            network.Forward(sequence, one);
            for (int t = 0; t < Steps; t++)
            {
                Array.Copy(one, t * network.OutputSize, expected, (t * Batch + b) * network.OutputSize, network.OutputSize);
            }
        }

        float[] actual = RunInOnnxRuntime(path, inputs, network.InputSize, expected.Length);
        Assert.InRange(MaxError(actual, expected.Select(v => (double)v).ToArray()), 0, FloatTolerance);

        SequenceNetwork<float> restored = Build(22);
        OnnxModel.Load(path, restored);
        for (int s = 0; s < network.SegmentCount; s++)
        {
            Assert.Equal(network.Parameters(s).ToArray(), restored.Parameters(s).ToArray());
        }
    }

    [Fact]
    public void A_model_that_does_not_match_the_cell_is_refused_naming_the_attribute_to_declare()
    {
        var cell = Randomized(new TorchGru(), 3);
        float[] before = cell.Parameters.ToArray();

        var wrongKind = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(PathOf("lstm_i3_h5.onnx"), cell));
        var wrongSize = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(PathOf("gru_i3_h5.onnx"), new TorchGruWide()));
        var wrongForm = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(PathOf("gru_i3_h5.onnx"), new TorchGruResetBefore()));
        var wrongDirection = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(PathOf("bilstm2_i3_h4.onnx"), new TorchStackFirst()));
        var wrongCount = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(PathOf("bilstm2_i3_h4.onnx"),
            new SequenceNetwork<float>(new BidirectionalLayer<float>(new TorchStackFirst(), new TorchStackFirst()))));

        Assert.Contains("is LSTM (forward) of a cell declared [LstmCell(Input = 3, Hidden = 5)]", wrongKind.Message);
        Assert.Contains("the operator differs", wrongKind.Message);
        Assert.Contains("declared [GruCell(Input = 3, Hidden = 5)]", wrongSize.Message);
        Assert.Contains("the size differs", wrongSize.Message);
        Assert.Contains("linear_before_reset", wrongForm.Message);
        Assert.Contains("is LSTM (bidirectional)", wrongDirection.Message);
        Assert.Contains("the direction differs", wrongDirection.Message);
        Assert.Contains("it holds LSTM node '/rnn/LSTM' (bidirectional), LSTM node '/rnn/LSTM_1' (bidirectional), but the network has layer 0: Lstm bidirectional", wrongCount.Message);
        Assert.All(new[] { wrongKind, wrongSize, wrongForm, wrongDirection, wrongCount }, e => Assert.Contains("no weights were changed", e.Message));
        Assert.Equal(before, cell.Parameters.ToArray());
    }

    [Fact]
    public void What_onnx_cannot_hold_is_refused_at_export_with_what_to_do()
    {
        var jordan = Assert.Throws<NotSupportedException>(() => OnnxModel.Save(Path.Combine(_directory, "j.onnx"), new JordanSoftmaxF()));
        var heads = Assert.Throws<NotSupportedException>(() => OnnxModel.Export(new SequenceNetwork<float>(new BidirectionalLayer<float>(new RnnSoftsignF(), new RnnSoftsignF()))));

        Assert.Contains("no operator for a Jordan cell", jordan.Message);
        Assert.Contains("put a DenseLayer after the bidirectional layer", heads.Message);
        Assert.Empty(Directory.GetFiles(_directory));
    }

    private static SequenceNetwork<float> Network(DirectionMerge merge, int seed)
    {
        var network = new SequenceNetwork<float>(
            new BidirectionalLayer<float>(Randomized(new StackGruFirst(), seed), Randomized(new StackGruFirst(), seed + 1), merge),
            new RecurrentLayer<float>(merge == DirectionMerge.Sum ? Randomized(new StackLstmAfterSum(), seed + 2) : Randomized(new StackLstmAfterConcat(), seed + 2), reverse: true),
            new DenseLayer<float>(6, 4, Activation.Softmax));
        var dense = (DenseLayer<float>)network.Layers[2];
        var random = new Random(seed + 3);
        for (int i = 0; i < dense.Parameters(0).Length; i++)
        {
            dense.Parameters(0)[i] = (float)(random.NextDouble() - 0.5);
        }

        return network;
    }

    private static float[] Inputs(int width)
    {
        var random = new Random(5);
        return Enumerable.Range(0, Steps * Batch * width).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    /// <summary>Runs the model in ONNX Runtime (one thread) on a time-major batch [Steps, Batch, width].</summary>
    private static float[] RunInOnnxRuntime(string path, float[] inputs, int width, int outputs)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(path, options);
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(inputs, new long[] { Steps, Batch, width });
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, new[] { "input" }, new[] { input }, new[] { "output" });
        float[] result = results[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(outputs, result.Length);
        return result;
    }

    private static TCell Randomized<TCell>(TCell cell, int seed)
        where TCell : IRecurrentCell<float>
    {
        var random = new Random(seed);
        for (int i = 0; i < cell.ParameterCount; i++)
        {
            cell.Parameters[i] = (float)(random.NextDouble() - 0.5);
        }

        return cell;
    }
}

[GruCell(Input = 3, Hidden = 6)]
public partial class TorchGruWide { }

[GruCell(Input = 3, Hidden = 5, ResetAfter = false)]
public partial class TorchGruResetBefore { }

[GruCell(Input = 4, Hidden = 5, Clip = 2, CandidateActivation = Activation.Softsign)]
public partial class StackGruFirst { }

[LstmCell(Input = 10, Hidden = 6, Peephole = true)]
public partial class StackLstmAfterConcat { }

[LstmCell(Input = 5, Hidden = 6, Peephole = true)]
public partial class StackLstmAfterSum { }
