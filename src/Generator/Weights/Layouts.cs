using System;
using System.Collections.Generic;
using System.Linq;
using CellGen.Generator.Emit;
using CellGen.Generator.Model;

namespace CellGen.Generator.Weights;

/// <summary>
/// The tensors a cell has in PyTorch's, Keras's and ONNX's layouts, and the conversion of Keras and ONNX tensors to
/// PyTorch's, which the parameter blocks map to directly. The runtime's CellWeights does the same for loaded files;
/// this copy works on doubles because the generator targets netstandard2.0 (no generic math).
/// </summary>
internal static class Layouts
{
    // For each gate of PyTorch's order, the gate of the other format it comes from.
    private static readonly int[] s_lstmFromOnnx = { 0, 2, 3, 1 };   // ONNX i, o, f, c → PyTorch i, f, g, o
    private static readonly int[] s_gruSwap = { 1, 0, 2 };            // Keras/ONNX z, r, h ↔ PyTorch r, z, n
    private static readonly int[] s_peepholeFromOnnx = { 0, 2, 1 };   // ONNX i, o, f → CellGen i, f, o

    public static int Gates(CellSpec s) => s.Kind switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 };

    /// <summary>The tensors of the cell in a format, with their shapes, in the order a message should name them.</summary>
    public static List<(string Name, int[] Shape)> Expected(CellSpec s, int format)
    {
        int units = Gates(s) * s.Hidden;
        var result = new List<(string, int[])>();
        if (format == WeightsRequest.PyTorch)
        {
            int recurrent = s.Kind == CellKind.Jordan ? s.Output : s.Hidden;
            result.Add(("weight_ih", new[] { units, s.Input }));
            result.Add(("weight_hh", new[] { units, recurrent }));
            if (s.Bias)
            {
                result.Add(("bias_ih", new[] { units }));
                result.Add(("bias_hh", new[] { units }));
            }

            if (s.Peephole)
            {
                result.Add(("weight_peephole", new[] { 3, s.Hidden }));
            }

            AddHead(s, result, "weight_out", new[] { s.Output, s.Hidden }, "bias_out");
            return result;
        }

        Refuse(s, format);
        if (format == WeightsRequest.Keras)
        {
            result.Add(("kernel", new[] { s.Input, units }));
            result.Add(("recurrent_kernel", new[] { s.Hidden, units }));
            if (s.Bias)
            {
                result.Add(("bias", SeparateKerasBiases(s) ? new[] { 2, units } : new[] { units }));
            }

            AddHead(s, result, "dense_kernel", new[] { s.Hidden, s.Output }, "dense_bias");
            return result;
        }

        result.Add(("W", new[] { 1, units, s.Input }));
        result.Add(("R", new[] { 1, units, s.Hidden }));
        if (s.Bias)
        {
            result.Add(("B", new[] { 1, 2 * units }));
        }

        if (s.Peephole)
        {
            result.Add(("P", new[] { 1, 3 * s.Hidden }));
        }

        AddHead(s, result, "output_weight", new[] { s.Hidden, s.Output }, "output_bias");
        return result;
    }

    /// <summary>The tensors of a format that the cell, as declared, does not have (a bias for Bias = false, …).</summary>
    public static IEnumerable<(string Name, string Declared)> Absent(CellSpec s, int format)
    {
        string[] biases = format switch
        {
            WeightsRequest.PyTorch => new[] { "bias_ih", "bias_hh", "bias_out" },
            WeightsRequest.Keras => new[] { "bias", "dense_bias" },
            _ => new[] { "B", "output_bias" },
        };
        string[] heads = format switch
        {
            WeightsRequest.PyTorch => new[] { "weight_out" },
            WeightsRequest.Keras => new[] { "dense_kernel" },
            _ => new[] { "output_weight" },
        };
        if (!s.Bias)
        {
            foreach (string name in biases)
            {
                yield return (name, "Bias = false");
            }
        }

        if (!s.Peephole && s.Kind == CellKind.Lstm && format != WeightsRequest.Keras)
        {
            yield return (format == WeightsRequest.PyTorch ? "weight_peephole" : "P", "no peepholes");
        }

        if (s.Output == 0)
        {
            foreach (string name in heads)
            {
                yield return (name, "no Output layer");
            }
        }
    }

    /// <summary>Converts the cell's tensors from a format to PyTorch's layout; absent optional ONNX inputs are zeros.</summary>
    public static Dictionary<string, double[]> ToPyTorch(CellSpec s, int format, Dictionary<string, double[]> given)
    {
        if (format == WeightsRequest.PyTorch)
        {
            return given;
        }

        int hidden = s.Hidden, units = Gates(s) * hidden;
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        if (format == WeightsRequest.Keras)
        {
            int[] gates = s.Kind == CellKind.Gru ? s_gruSwap : Identity(Gates(s));
            result["weight_ih"] = Permute(Transpose(given["kernel"], s.Input, units), gates, hidden * s.Input);
            result["weight_hh"] = Permute(Transpose(given["recurrent_kernel"], hidden, units), gates, hidden * hidden);
            if (s.Bias)
            {
                double[] bias = given["bias"];
                bool separate = SeparateKerasBiases(s);
                result["bias_ih"] = Permute(bias.Take(units).ToArray(), gates, hidden);
                result["bias_hh"] = separate ? Permute(bias.Skip(units).ToArray(), gates, hidden) : new double[units];
            }

            TakeHead(s, given, result, "dense_kernel", "dense_bias");
            return result;
        }

        int[] order = s.Kind switch { CellKind.Lstm => s_lstmFromOnnx, CellKind.Gru => s_gruSwap, _ => Identity(1) };
        result["weight_ih"] = Permute(given["W"], order, hidden * s.Input);
        result["weight_hh"] = Permute(given["R"], order, hidden * hidden);
        if (s.Bias)
        {
            double[] bias = given.TryGetValue("B", out double[]? b) ? b : new double[2 * units];
            result["bias_ih"] = Permute(bias.Take(units).ToArray(), order, hidden);
            result["bias_hh"] = Permute(bias.Skip(units).ToArray(), order, hidden);
        }

        if (s.Peephole)
        {
            result["weight_peephole"] = Permute(given.TryGetValue("P", out double[]? p) ? p : new double[3 * hidden], s_peepholeFromOnnx, hidden);
        }

        TakeHead(s, given, result, "output_weight", "output_bias");
        return result;
    }

    private static void Refuse(CellSpec s, int format)
    {
        string name = format == WeightsRequest.Keras ? "Keras" : "ONNX";
        if (s.Kind == CellKind.Jordan)
        {
            throw new MismatchException($"{name} has no Jordan cell (output fed back); save it in PyTorch's layout");
        }

        if (format == WeightsRequest.Keras && s.Peephole)
        {
            throw new MismatchException("Keras's LSTM has no peepholes; save the cell in PyTorch's or ONNX's layout");
        }
    }

    private static bool SeparateKerasBiases(CellSpec s) => s.Kind == CellKind.Gru && s.ResetAfter;

    private static void AddHead(CellSpec s, List<(string, int[])> result, string weight, int[] shape, string bias)
    {
        if (s.Output > 0)
        {
            result.Add((weight, shape));
            if (s.Bias)
            {
                result.Add((bias, new[] { s.Output }));
            }
        }
    }

    private static void TakeHead(CellSpec s, Dictionary<string, double[]> given, Dictionary<string, double[]> result, string weight, string bias)
    {
        if (s.Output > 0)
        {
            result["weight_out"] = Transpose(given[weight], s.Hidden, s.Output);
            if (s.Bias)
            {
                result["bias_out"] = given[bias];
            }
        }
    }

    /// <summary>Block k of the result (each <paramref name="block"/> values) is block order[k] of the source.</summary>
    private static double[] Permute(double[] source, int[] order, int block)
    {
        var result = new double[source.Length];
        for (int k = 0; k < order.Length; k++)
        {
            Array.Copy(source, order[k] * block, result, k * block, block);
        }

        return result;
    }

    private static double[] Transpose(double[] source, int rows, int columns)
    {
        var result = new double[source.Length];
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                result[(column * rows) + row] = source[(row * columns) + column];
            }
        }

        return result;
    }

    private static int[] Identity(int count) => Enumerable.Range(0, count).ToArray();
}
