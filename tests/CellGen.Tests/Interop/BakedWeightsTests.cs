using System;
using System.Linq;
using Xunit;
using static CellGen.Tests.Interop.InteropFiles;

namespace CellGen.Tests.Interop;

/// <summary>
/// Acceptance 5 of the interop issue: a class with weights baked in at compile time (through the real build: the
/// CellGenWeights items of this test project) gives the same parameters and outputs as the same cell loaded at run time.
/// </summary>
public sealed class BakedWeightsTests
{
    [Fact]
    public void A_pytorch_safetensors_file_baked_in_equals_the_file_loaded_at_run_time()
    {
        var loaded = new TorchLstm();
        SafeTensors.Load(PathOf("lstm_i3_h5.safetensors"), new[] { new LayerCell<float>(loaded) });

        Assert.Equal(loaded.Parameters.ToArray(), new BakedLstm().Parameters.ToArray());
        Assert.InRange(Error(new BakedLstm(), "lstm_i3_h5"), 0, 1e-5);
    }

    [Fact]
    public void A_keras_layout_file_baked_in_equals_the_file_loaded_at_run_time()
    {
        var loaded = new TorchGru();
        SafeTensors.Load(PathOf("gru_i3_h5.keras.safetensors"), new[] { new LayerCell<float>(loaded) }, WeightFormat.Keras);

        Assert.Equal(loaded.Parameters.ToArray(), new BakedKerasGru().Parameters.ToArray());
    }

    [Fact]
    public void One_direction_of_one_layer_under_a_prefix_is_baked_from_a_stack_file_and_from_its_onnx_export()
    {
        IRecurrentCell<float>[] cells = { new TorchStackFirst(), new TorchStackFirst(), new TorchStackSecond(), new TorchStackSecond() };
        SafeTensors.Load(PathOf("bilstm2_i3_h4.safetensors"),
            new LayerCell<float>[] { new(cells[0], 0), new(cells[1], 0, true), new(cells[2], 1), new(cells[3], 1, true) }, WeightFormat.PyTorch, "rnn.");

        Assert.Equal(cells[3].Parameters.ToArray(), new BakedStackReverse().Parameters.ToArray());
        Assert.Equal(cells[3].Parameters.ToArray(), new BakedStackReverseFromOnnx().Parameters.ToArray());
        Assert.Equal(cells[0].Parameters.ToArray(), new BakedStackFirstFromOnnx().Parameters.ToArray());
    }

    [Fact]
    public void A_double_file_is_baked_exactly_into_a_double_cell_and_an_onnx_rnn_into_an_rnn()
    {
        var loaded = new TorchLstmDouble();
        SafeTensors.Load(PathOf("lstm_double_i2_h4.safetensors"), new[] { new LayerCell<double>(loaded) });
        var rnn = new TorchRnn();
        OnnxModel.Load(PathOf("rnn_i2_h4.onnx"), rnn);

        Assert.Equal(loaded.Parameters.ToArray(), new BakedLstmDouble().Parameters.ToArray());
        Assert.InRange(Error(new BakedLstmDouble(), "lstm_double_i2_h4"), 0, 1e-12);
        Assert.Equal(rnn.Parameters.ToArray(), new BakedRnnFromOnnx().Parameters.ToArray());
    }

    [Fact]
    public void Every_instance_starts_from_the_baked_weights_and_owns_its_copy()
    {
        var first = new BakedLstm();
        first.Parameters.Clear();

        Assert.NotEqual(first.Parameters.ToArray(), new BakedLstm().Parameters.ToArray());
        Assert.Contains(new BakedLstm().Parameters.ToArray(), v => v != 0);
    }
}

[LstmCell(Input = 3, Hidden = 5, Weights = "lstm_i3_h5.safetensors")]
public partial class BakedLstm { }

[GruCell(Input = 3, Hidden = 5, Weights = "gru_i3_h5.keras.safetensors", WeightsFormat = WeightFormat.Keras)]
public partial class BakedKerasGru { }

[LstmCell(Input = 8, Hidden = 4, Weights = "bilstm2_i3_h4.safetensors", WeightsPrefix = "rnn.", WeightsLayer = 1, WeightsReverse = true)]
public partial class BakedStackReverse { }

[LstmCell(Input = 8, Hidden = 4, Weights = "bilstm2_i3_h4.onnx", WeightsLayer = 1, WeightsReverse = true)]
public partial class BakedStackReverseFromOnnx { }

[LstmCell(Input = 3, Hidden = 4, Weights = "bilstm2_i3_h4.onnx")]
public partial class BakedStackFirstFromOnnx { }

[LstmCell(Input = 2, Hidden = 4, ElementType = typeof(double), Weights = "lstm_double_i2_h4.safetensors")]
public partial class BakedLstmDouble { }

[RnnCell(Input = 2, Hidden = 4, Weights = "rnn_i2_h4.onnx")]
public partial class BakedRnnFromOnnx { }
