using System;
using System.Globalization;
using System.Text;
using CellGen;

namespace PackageConsumer;

// What the pack-and-consume test builds in a fresh project from the package alone. The test project compiles this
// same file with the generator it references, so the two programs must print the same numbers.

[LstmCell(Input = 3, Hidden = 20, Peephole = true, Clip = 2.5, Output = 2)]
public partial class PeepholeLstm { }

[GruCell(Input = 2, Hidden = 9, ElementType = typeof(double), ResetAfter = false)]
public partial class ResetBeforeGru { }

// Baked in through the package's build targets: <CellGenWeights Include="lstm_i3_h5.safetensors" />.
[LstmCell(Input = 3, Hidden = 5, Weights = "lstm_i3_h5.safetensors")]
public partial class BakedLstm { }

public static class Workload
{
    private const int Steps = 6;

    /// <summary>A forward pass of each cell and one Adam step of the first, every number printed round-trippably.</summary>
    public static string Run()
    {
        var text = new StringBuilder();

        var lstm = new PeepholeLstm();
        Initializers.Glorot(lstm, seed: 7);
        float[] inputs = Signal<float>(Steps * PeepholeLstm.InputSize);
        float[] outputs = new float[Steps * PeepholeLstm.OutputSize];
        float[] state = new float[PeepholeLstm.StateSize];
        var tape = new SequenceTape<float>();
        lstm.Forward(inputs, state, outputs, tape);
        Print(text, "lstm outputs", outputs);

        float[] outputGradients = new float[outputs.Length];
        float loss = Losses.MeanSquaredError<float>(outputs, Signal<float>(outputs.Length), outputGradients);
        float[] gradients = new float[PeepholeLstm.ParameterCount];
        lstm.Backward(inputs, outputGradients, new float[PeepholeLstm.StateSize], Span<float>.Empty, gradients, tape);
        new Adam<float>(PeepholeLstm.ParameterCount, learningRate: 1e-2).Step(lstm.Parameters, gradients);
        Print(text, "lstm loss", new[] { loss });
        Print(text, "lstm gradients 0..7", gradients.AsSpan(0, 8).ToArray());
        Print(text, "lstm parameters 0..7 after Adam", lstm.Parameters.Slice(0, 8).ToArray());

        var gru = new ResetBeforeGru();
        Initializers.PyTorchUniform(gru, seed: 3);
        double[] gruOutputs = new double[Steps * ResetBeforeGru.OutputSize];
        gru.Forward(Signal<double>(Steps * ResetBeforeGru.InputSize), new double[ResetBeforeGru.StateSize], gruOutputs);
        Print(text, "gru outputs", gruOutputs);

        var baked = new BakedLstm();
        float[] bakedOutputs = new float[Steps * BakedLstm.OutputSize];
        baked.Forward(Signal<float>(Steps * BakedLstm.InputSize), new float[BakedLstm.StateSize], bakedOutputs);
        Print(text, "baked outputs", bakedOutputs);
        return text.ToString();
    }

    private static T[] Signal<T>(int length) where T : struct, IConvertible
    {
        var values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (T)Convert.ChangeType(Math.Sin(0.7 * i + 0.3), typeof(T), CultureInfo.InvariantCulture);
        }

        return values;
    }

    private static void Print<T>(StringBuilder text, string name, T[] values) where T : IFormattable
    {
        text.Append(name).Append(':');
        foreach (T value in values)
        {
            text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture));
        }

        text.Append('\n');
    }
}
