using System;
using System.Linq;
using Xunit;
using static CellGen.Tests.Interop.InteropFiles;

namespace CellGen.Tests.Interop;

/// <summary>
/// Acceptance 1 and 2 of the interop issue: safetensors files made by PyTorch, and the same weights in Keras's layout
/// (converted by the script, independently of CellGen), reproduce PyTorch's outputs.
/// </summary>
public sealed class PyTorchAndKerasFileTests
{
    private const double FloatTolerance = 1e-5;

    [Theory]
    [InlineData(WeightFormat.PyTorch, ".safetensors")]
    [InlineData(WeightFormat.Keras, ".keras.safetensors")]
    public void An_lstm_gru_and_rnn_reproduce_pytorch(WeightFormat format, string extension)
    {
        var lstm = new TorchLstm();
        SafeTensors.Load(PathOf("lstm_i3_h5" + extension), new[] { new LayerCell<float>(lstm) }, format);
        var gru = new TorchGru();
        SafeTensors.Load(PathOf("gru_i3_h5" + extension), new[] { new LayerCell<float>(gru) }, format);
        var rnn = new TorchRnn();
        SafeTensors.Load(PathOf("rnn_i2_h4" + extension), new[] { new LayerCell<float>(rnn) }, format);

        Assert.InRange(Error(lstm, "lstm_i3_h5"), 0, FloatTolerance);
        Assert.InRange(Error(gru, "gru_i3_h5"), 0, FloatTolerance);
        Assert.InRange(Error(rnn, "rnn_i2_h4"), 0, FloatTolerance);
    }

    [Theory]
    [InlineData(WeightFormat.PyTorch, ".safetensors", "rnn.")]
    [InlineData(WeightFormat.Keras, ".keras.safetensors", "")]
    public void A_two_layer_bidirectional_lstm_reproduces_pytorch(WeightFormat format, string extension, string prefix)
    {
        var cells = new IRecurrentCell<float>[] { new TorchStackFirst(), new TorchStackFirst(), new TorchStackSecond(), new TorchStackSecond() };
        SafeTensors.Load(PathOf("bilstm2_i3_h4" + extension),
            new LayerCell<float>[] { new(cells[0], 0), new(cells[1], 0, Reverse: true), new(cells[2], 1), new(cells[3], 1, Reverse: true) },
            format, prefix);
        var network = new SequenceNetwork<float>(new BidirectionalLayer<float>(cells[0], cells[1]), new BidirectionalLayer<float>(cells[2], cells[3]));

        (double[] input, double[] expected) = Sequence("bilstm2_i3_h4");
        float[] outputs = new float[expected.Length];
        network.Forward(Floats(input), outputs);

        Assert.InRange(MaxError(outputs, expected), 0, FloatTolerance);
    }

    [Fact]
    public void A_double_file_reproduces_pytorch_to_1e12()
    {
        var lstm = new TorchLstmDouble();
        SafeTensors.Load(PathOf("lstm_double_i2_h4.safetensors"), new[] { new LayerCell<double>(lstm) }, WeightFormat.PyTorch);

        Assert.InRange(Error(lstm, "lstm_double_i2_h4"), 0, 1e-12);
    }

    [Fact]
    public void A_float_file_widens_exactly_into_a_double_cell_and_a_double_file_is_refused_by_a_float_cell()
    {
        var wide = new TorchLstmDoubleFromFloat();
        SafeTensors.Load(PathOf("lstm_i3_h5.safetensors"), new[] { new LayerCell<double>(wide) }, WeightFormat.PyTorch);
        var narrow = new TorchLstm();
        SafeTensors.Load(PathOf("lstm_i3_h5.safetensors"), new[] { new LayerCell<float>(narrow) }, WeightFormat.PyTorch);
        Assert.Equal(narrow.Parameters.ToArray().Select(v => (double)v), wide.Parameters.ToArray());

        var error = Assert.Throws<System.IO.InvalidDataException>(() =>
            SafeTensors.Load(PathOf("lstm_double_i2_h4.safetensors"), new[] { new LayerCell<float>(new TorchLstmFloatFromDouble()) }, WeightFormat.PyTorch));
        Assert.Contains("F64 would be rounded to float", error.Message);
    }

    [Fact]
    public void Keras_reset_before_gru_with_its_single_bias_reproduces_a_keras_gru()
    {
        var gru = new KerasGruResetBefore();
        SafeTensors.Load(PathOf("gru_reset_before_i3_h4.keras.safetensors"), new[] { new LayerCell<float>(gru) }, WeightFormat.Keras);

        Assert.InRange(Error(gru, "gru_reset_before_i3_h4"), 0, FloatTolerance);
    }

    [Fact]
    public void Keras_arrays_in_memory_load_like_the_file()
    {
        var fromFile = new TorchGru();
        SafeTensors.Load(PathOf("gru_i3_h5.keras.safetensors"), new[] { new LayerCell<float>(fromFile) }, WeightFormat.Keras);
        var tensors = SafeTensors.ReadTensors<float>(PathOf("gru_i3_h5.keras.safetensors")).ToDictionary(t => t.Name);

        var fromArrays = new TorchGru();
        CellWeights.FromKeras<float>(fromArrays, tensors["kernel_l0"].Values, tensors["recurrent_kernel_l0"].Values, tensors["bias_l0"].Values);

        Assert.Equal(fromFile.Parameters.ToArray(), fromArrays.Parameters.ToArray());
    }

    [Fact]
    public void PyTorch_arrays_in_memory_load_like_the_file()
    {
        var fromFile = new TorchLstm();
        SafeTensors.Load(PathOf("lstm_i3_h5.safetensors"), new[] { new LayerCell<float>(fromFile) }, WeightFormat.PyTorch);
        var tensors = SafeTensors.ReadTensors<float>(PathOf("lstm_i3_h5.safetensors")).ToDictionary(t => t.Name);

        var fromArrays = new TorchLstm();
        CellWeights.FromPyTorch<float>(fromArrays, tensors["weight_ih_l0"].Values, tensors["weight_hh_l0"].Values, tensors["bias_ih_l0"].Values, tensors["bias_hh_l0"].Values);

        Assert.Equal(fromFile.Parameters.ToArray(), fromArrays.Parameters.ToArray());
    }

    [Fact]
    public void Arrays_of_the_wrong_length_name_the_argument_and_the_shape()
    {
        var cell = new TorchLstm();
        float[] before = cell.Parameters.ToArray();

        var error = Assert.Throws<ArgumentException>(() => CellWeights.FromPyTorch<float>(cell, new float[60], new float[99], new float[20], new float[20]));

        Assert.Equal("weight_hh", error.ParamName);
        Assert.Contains("[20, 5] = 100", error.Message);
        Assert.Equal(before, cell.Parameters.ToArray());
    }
}

[LstmCell(Input = 3, Hidden = 5, ElementType = typeof(double))]
public partial class TorchLstmDoubleFromFloat { }

[LstmCell(Input = 2, Hidden = 4)]
public partial class TorchLstmFloatFromDouble { }
