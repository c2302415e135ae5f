using System;
using System.Collections.Generic;
using System.Numerics;

namespace CellGen;

/// <summary>
/// The gate orders and transposes between PyTorch's layout, which CellGen's parameter blocks map to directly, and those
/// of Keras and ONNX. A permutation lists, for each gate of the target format, which gate of the source it takes.
/// </summary>
internal static class GateLayouts
{
    // PyTorch LSTM i, f, g, o → ONNX i, o, f, c.
    private static readonly int[] s_lstmPyTorchToOnnx = { 0, 3, 1, 2 };

    // PyTorch GRU r, z, n → Keras and ONNX z, r, h.
    private static readonly int[] s_gruSwap = { 1, 0, 2 };

    // CellGen's peepholes i, f, o → ONNX's P order i, o, f.
    private static readonly int[] s_peepholePyTorchToOnnx = { 0, 2, 1 };

    public static List<WeightTensor<T>> PyTorchToKeras<T>(CellDefinition d, Dictionary<string, WeightTensor<T>> pt)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Refuse(d, WeightFormat.Keras);
        int[] gates = KerasGates(d);
        int units = d.Gates * d.Hidden;
        var result = new List<WeightTensor<T>>
        {
            new("kernel", new[] { d.Input, units }, Transpose(Permute(pt["weight_ih"].Values, gates, d.Hidden, d.Input), units, d.Input)),
            new("recurrent_kernel", new[] { d.Hidden, units }, Transpose(Permute(pt["weight_hh"].Values, gates, d.Hidden, d.Hidden), units, d.Hidden)),
        };
        if (d.Bias)
        {
            T[] input = Permute(pt["bias_ih"].Values, gates, d.Hidden, 1);
            T[] recurrent = Permute(pt["bias_hh"].Values, gates, d.Hidden, 1);
            result.Add(SeparateKerasBiases(d)
                ? new WeightTensor<T>("bias", new[] { 2, units }, Concat(input, recurrent))
                : new WeightTensor<T>("bias", new[] { units }, Sum(input, recurrent)));
        }

        AddHead(d, pt, result, "dense_kernel", "dense_bias");
        return result;
    }

    public static List<WeightTensor<T>> KerasToPyTorch<T>(CellDefinition d, Dictionary<string, WeightTensor<T>> keras)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Refuse(d, WeightFormat.Keras);
        int[] gates = Invert(KerasGates(d));
        int units = d.Gates * d.Hidden;
        var result = new List<WeightTensor<T>>
        {
            new("weight_ih", new[] { units, d.Input }, Permute(Transpose(keras["kernel"].Values, d.Input, units), gates, d.Hidden, d.Input)),
            new("weight_hh", new[] { units, d.Hidden }, Permute(Transpose(keras["recurrent_kernel"].Values, d.Hidden, units), gates, d.Hidden, d.Hidden)),
        };
        if (d.Bias)
        {
            T[] bias = keras["bias"].Values;
            bool separate = SeparateKerasBiases(d);
            T[] input = separate ? bias.AsSpan(0, units).ToArray() : bias;
            T[] recurrent = separate ? bias.AsSpan(units, units).ToArray() : new T[units];
            result.Add(new("bias_ih", new[] { units }, Permute(input, gates, d.Hidden, 1)));
            result.Add(new("bias_hh", new[] { units }, Permute(recurrent, gates, d.Hidden, 1)));
        }

        TakeHead(d, keras, result, "dense_kernel", "dense_bias");
        return result;
    }

    public static List<WeightTensor<T>> PyTorchToOnnx<T>(CellDefinition d, Dictionary<string, WeightTensor<T>> pt)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Refuse(d, WeightFormat.Onnx);
        int[] gates = OnnxGates(d);
        int units = d.Gates * d.Hidden;
        var result = new List<WeightTensor<T>>
        {
            new("W", new[] { 1, units, d.Input }, Permute(pt["weight_ih"].Values, gates, d.Hidden, d.Input)),
            new("R", new[] { 1, units, d.Hidden }, Permute(pt["weight_hh"].Values, gates, d.Hidden, d.Hidden)),
        };
        if (d.Bias)
        {
            result.Add(new("B", new[] { 1, 2 * units }, Concat(Permute(pt["bias_ih"].Values, gates, d.Hidden, 1), Permute(pt["bias_hh"].Values, gates, d.Hidden, 1))));
        }

        if (d.Peephole)
        {
            result.Add(new("P", new[] { 1, 3 * d.Hidden }, Permute(pt["weight_peephole"].Values, s_peepholePyTorchToOnnx, d.Hidden, 1)));
        }

        AddHead(d, pt, result, "output_weight", "output_bias");
        return result;
    }

    public static List<WeightTensor<T>> OnnxToPyTorch<T>(CellDefinition d, Dictionary<string, WeightTensor<T>> onnx, string source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Refuse(d, WeightFormat.Onnx);
        int[] gates = Invert(OnnxGates(d));
        int units = d.Gates * d.Hidden;
        var result = new List<WeightTensor<T>>
        {
            new("weight_ih", new[] { units, d.Input }, Permute(onnx["W"].Values, gates, d.Hidden, d.Input)),
            new("weight_hh", new[] { units, d.Hidden }, Permute(onnx["R"].Values, gates, d.Hidden, d.Hidden)),
        };

        // ONNX makes B and P optional (zeros); a cell declared without them can take them only if they are zeros.
        T[] bias = onnx.TryGetValue("B", out WeightTensor<T>? b) ? b.Values : new T[2 * units];
        T[] peephole = onnx.TryGetValue("P", out WeightTensor<T>? p) ? p.Values : new T[3 * d.Hidden];
        if (d.Bias)
        {
            result.Add(new("bias_ih", new[] { units }, Permute(bias.AsSpan(0, units).ToArray(), gates, d.Hidden, 1)));
            result.Add(new("bias_hh", new[] { units }, Permute(bias.AsSpan(units, units).ToArray(), gates, d.Hidden, 1)));
        }
        else
        {
            RequireZeros(bias, "B", "Bias = false", source);
        }

        if (d.Peephole)
        {
            result.Add(new("weight_peephole", new[] { 3, d.Hidden }, Permute(peephole, Invert(s_peepholePyTorchToOnnx), d.Hidden, 1)));
        }
        else if (d.Kind == CellKind.Lstm)
        {
            RequireZeros(peephole, "P", "no peepholes", source);
        }

        TakeHead(d, onnx, result, "output_weight", "output_bias");
        return result;
    }

    /// <summary>Keras keeps input and recurrent biases apart only for the reset-after GRU.</summary>
    private static bool SeparateKerasBiases(CellDefinition d) => d.Kind == CellKind.Gru && d.ResetAfter;

    private static int[] KerasGates(CellDefinition d) => d.Kind == CellKind.Gru ? s_gruSwap : Identity(d.Gates);

    private static int[] OnnxGates(CellDefinition d) => d.Kind switch
    {
        CellKind.Lstm => s_lstmPyTorchToOnnx,
        CellKind.Gru => s_gruSwap,
        _ => Identity(d.Gates),
    };

    private static void Refuse(CellDefinition d, WeightFormat format)
    {
        if (d.Kind == CellKind.Jordan)
        {
            throw new NotSupportedException($"{format} has no Jordan cell (output fed back): use the PyTorch format for {d}.");
        }

        if (format == WeightFormat.Keras && d.Peephole)
        {
            throw new NotSupportedException($"Keras's LSTM has no peepholes: use the PyTorch or ONNX format for {d}.");
        }
    }

    /// <summary>The dense head, as the input-major [H, O] matrix Keras's Dense and ONNX's MatMul read, and its bias.</summary>
    private static void AddHead<T>(CellDefinition d, Dictionary<string, WeightTensor<T>> pt, List<WeightTensor<T>> result, string weight, string bias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!d.HasOutputLayer)
        {
            return;
        }

        result.Add(new(weight, new[] { d.Hidden, d.Output }, Transpose(pt["weight_out"].Values, d.Output, d.Hidden)));
        if (d.Bias)
        {
            result.Add(new(bias, new[] { d.Output }, pt["bias_out"].Values));
        }
    }

    private static void TakeHead<T>(CellDefinition d, Dictionary<string, WeightTensor<T>> given, List<WeightTensor<T>> result, string weight, string bias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!d.HasOutputLayer)
        {
            return;
        }

        result.Add(new("weight_out", new[] { d.Output, d.Hidden }, Transpose(given[weight].Values, d.Hidden, d.Output)));
        if (d.Bias)
        {
            result.Add(new("bias_out", new[] { d.Output }, given[bias].Values));
        }
    }

    private static void RequireZeros<T>(T[] values, string name, string declared, string source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] != T.Zero)
            {
                throw new ArgumentException($"{source}: ONNX input {name} holds {values[i]} at flat index {i}, but the cell was declared with {declared}: declare it with them, or give zeros.");
            }
        }
    }

    /// <summary>Reorders the gate blocks (each <paramref name="rows"/> rows of <paramref name="columns"/>): block k of the result is block order[k] of the source.</summary>
    private static T[] Permute<T>(T[] source, int[] order, int rows, int columns)
    {
        int block = rows * columns;
        var result = new T[source.Length];
        for (int k = 0; k < order.Length; k++)
        {
            Array.Copy(source, order[k] * block, result, k * block, block);
        }

        return result;
    }

    /// <summary>The transpose of a [rows, columns] row-major matrix.</summary>
    private static T[] Transpose<T>(T[] source, int rows, int columns)
    {
        var result = new T[source.Length];
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                result[column * rows + row] = source[row * columns + column];
            }
        }

        return result;
    }

    private static T[] Concat<T>(T[] first, T[] second)
    {
        var result = new T[first.Length + second.Length];
        first.CopyTo(result, 0);
        second.CopyTo(result, first.Length);
        return result;
    }

    private static T[] Sum<T>(T[] first, T[] second)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[first.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = first[i] + second[i];
        }

        return result;
    }

    private static int[] Identity(int count)
    {
        var result = new int[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = i;
        }

        return result;
    }

    private static int[] Invert(int[] order)
    {
        var result = new int[order.Length];
        for (int k = 0; k < order.Length; k++)
        {
            result[order[k]] = k;
        }

        return result;
    }
}
