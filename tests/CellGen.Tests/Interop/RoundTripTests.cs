using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CellGen.Tests.Numerics.Reference;
using Xunit;

namespace CellGen.Tests.Interop;

/// <summary>Acceptance 3 of the interop issue: CellGen → file → CellGen is bit-exact in every format.</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cellgen-roundtrip-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Every cell kind and option a format can hold, in float and double.</summary>
    public static TheoryData<string, WeightFormat> Cases()
    {
        var data = new TheoryData<string, WeightFormat>();
        foreach (string name in Factories.Keys)
        {
            foreach (WeightFormat format in Enum.GetValues<WeightFormat>())
            {
                if (Supports(name, format))
                {
                    data.Add(name, format);
                }
            }
        }

        return data;
    }

    private static readonly Dictionary<string, Func<object>> Factories = new()
    {
        ["rnn"] = () => new RnnTanhI7H33D(),
        ["rnn softsign no bias, softmax head"] = () => new RnnSoftsignF(),
        ["rnn clip, sigmoid head"] = () => new RnnLinearClipD(),
        ["lstm"] = () => new LstmI7H33F(),
        ["lstm no bias"] = () => new LstmNoBiasD(),
        ["lstm peepholes, clip, tanh head"] = () => new LstmEverythingF(),
        ["gru"] = () => new GruI7H33D(),
        ["gru reset-before"] = () => new GruResetBeforeF(),
        ["gru reset-before, softmax head"] = () => new GruEverythingD(),
        ["gru no bias"] = () => new GruNoBiasLinearF(),
        ["jordan"] = () => new JordanSoftmaxD(),
    };

    private static bool Supports(string name, WeightFormat format) =>
        format == WeightFormat.PyTorch
        || (!name.StartsWith("jordan", StringComparison.Ordinal) && !(format == WeightFormat.Keras && name.Contains("peephole", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_cell_round_trips_through_safetensors_bit_exactly(string name, WeightFormat format)
    {
        switch (Factories[name]())
        {
            case IRecurrentCell<float> cell:
                RoundTrip(cell, (IRecurrentCell<float>)Factories[name](), format);
                break;
            case IRecurrentCell<double> cell:
                RoundTrip(cell, (IRecurrentCell<double>)Factories[name](), format);
                break;
        }
    }

    [Fact]
    public void Keras_files_round_trip_byte_for_byte_though_keras_keeps_one_bias()
    {
        var cell = new TorchLstm();
        byte[] original = File.ReadAllBytes(InteropFiles.PathOf("lstm_i3_h5.keras.safetensors"));
        SafeTensors.Load(InteropFiles.PathOf("lstm_i3_h5.keras.safetensors"), new[] { new LayerCell<float>(cell) }, WeightFormat.Keras);
        string path = Path.Combine(_directory, "again.safetensors");
        SafeTensors.Save(path, new[] { new LayerCell<float>(cell) }, WeightFormat.Keras);

        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public void Keras_export_of_two_biases_keeps_the_outputs_to_rounding()
    {
        var cell = Randomized(new LstmI7H33F(), 3);
        var restored = new LstmI7H33F();
        string path = Path.Combine(_directory, "lstm.safetensors");
        SafeTensors.Save(path, new[] { new LayerCell<float>(cell) }, WeightFormat.Keras);
        SafeTensors.Load(path, new[] { new LayerCell<float>(restored) }, WeightFormat.Keras);

        float[] inputs = Enumerable.Range(0, 5 * 7).Select(i => MathF.Sin(i)).ToArray();
        float[] expected = new float[5 * 33], actual = new float[5 * 33];
        cell.Forward(inputs, new float[LstmI7H33F.StateSize], expected);
        restored.Forward(inputs, new float[LstmI7H33F.StateSize], actual);

        Assert.InRange(InteropFiles.MaxError(actual, expected.Select(v => (double)v).ToArray()), 0, 1e-6);
    }

    [Theory]
    [InlineData("jordan", WeightFormat.Keras, "Keras has no Jordan cell")]
    [InlineData("jordan", WeightFormat.Onnx, "Onnx has no Jordan cell")]
    [InlineData("lstm peepholes, clip, tanh head", WeightFormat.Keras, "Keras's LSTM has no peepholes")]
    public void A_format_without_a_place_for_the_cell_says_which_to_use(string name, WeightFormat format, string message)
    {
        object cell = Factories[name]();
        var error = Assert.Throws<NotSupportedException>(() => cell switch
        {
            IRecurrentCell<float> f => CellWeights.Export(f, format).Count,
            IRecurrentCell<double> d => CellWeights.Export(d, format).Count,
            _ => 0,
        });

        Assert.Contains(message, error.Message);
        Assert.Contains("use the PyTorch", error.Message);
    }

    private void RoundTrip<T>(IRecurrentCell<T> cell, IRecurrentCell<T> restored, WeightFormat format)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Randomized(cell, 7);
        if (format == WeightFormat.Keras && !(cell.Definition.Kind == CellKind.Gru && cell.Definition.ResetAfter))
        {
            // Keras has one bias: what it can hold round-trips; the split of two biases is lost (tested above).
            foreach (ParameterBlock block in cell.ParameterLayout.Where(b => b.PyTorchName == "bias_hh"))
            {
                cell.Parameters.Slice(block.Offset, block.Length).Clear();
            }
        }

        string path = Path.Combine(_directory, "cell.safetensors");
        SafeTensors.Save(path, new[] { new LayerCell<T>(cell, 2, Reverse: true) }, format);
        SafeTensors.Load(path, new[] { new LayerCell<T>(restored, 2, Reverse: true) }, format);

        Assert.Equal(cell.Parameters.ToArray(), restored.Parameters.ToArray());
        IReadOnlyList<WeightTensor<T>> exported = CellWeights.Export(cell, format);
        var again = Randomized(restored, 8);
        CellWeights.Import(again, format, exported);
        Assert.Equal(cell.Parameters.ToArray(), again.Parameters.ToArray());
    }

    private static TCell Randomized<TCell>(TCell cell, int seed)
        where TCell : class
    {
        var random = new Random(seed);
        switch (cell)
        {
            case IRecurrentCell<float> f:
                for (int i = 0; i < f.ParameterCount; i++)
                {
                    f.Parameters[i] = (float)(random.NextDouble() - 0.5);
                }

                break;
            case IRecurrentCell<double> d:
                for (int i = 0; i < d.ParameterCount; i++)
                {
                    d.Parameters[i] = random.NextDouble() - 0.5;
                }

                break;
        }

        return cell;
    }
}
