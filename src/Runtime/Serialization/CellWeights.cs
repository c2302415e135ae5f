using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace CellGen;

/// <summary>
/// Converts a cell's parameters to and from the weight layouts of PyTorch, Keras and ONNX (see <see cref="WeightFormat"/>),
/// so that nobody has to think about gate orders or transposes. An import checks every tensor (names, shapes, values)
/// before it changes anything: a refused import leaves the cell as it was.
/// </summary>
public static class CellWeights
{
    /// <summary>The tensors of <paramref name="cell"/> in <paramref name="format"/>, named without layer or direction.</summary>
    /// <exception cref="NotSupportedException">The format has no place for this cell (a Jordan cell or peepholes outside PyTorch and ONNX).</exception>
    public static IReadOnlyList<WeightTensor<T>> Export<T>(IRecurrentCell<T> cell, WeightFormat format)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(cell);
        List<WeightTensor<T>> pytorch = ToPyTorch(cell);
        return format switch
        {
            WeightFormat.PyTorch => pytorch,
            WeightFormat.Keras => GateLayouts.PyTorchToKeras(cell.Definition, ByName(pytorch)),
            WeightFormat.Onnx => GateLayouts.PyTorchToOnnx(cell.Definition, ByName(pytorch)),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a weight format."),
        };
    }

    /// <summary>
    /// Sets <paramref name="cell"/>'s parameters from <paramref name="tensors"/> in <paramref name="format"/>. They must be
    /// exactly the tensors <see cref="Export{T}"/> gives (their names and shapes) (ONNX's optional <c>B</c> and <c>P</c> may be left out:
    /// zeros), with the same shapes.
    /// </summary>
    /// <param name="cell">The cell to fill.</param>
    /// <param name="format">The layout of the tensors.</param>
    /// <param name="tensors">The tensors, named as in <paramref name="format"/> without layer or direction.</param>
    /// <param name="requireFinite">Refuse NaN and infinite values.</param>
    /// <param name="source">What the tensors are, for the error message (a file name, say).</param>
    /// <exception cref="ArgumentException">A tensor is missing, unexpected, of the wrong shape, or not finite when that is required. Nothing was changed.</exception>
    public static void Import<T>(IRecurrentCell<T> cell, WeightFormat format, IEnumerable<WeightTensor<T>> tensors, bool requireFinite = false, string source = "the weights")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] parameters = Prepare(cell, format, tensors, requireFinite, source);
        parameters.CopyTo(cell.Parameters);
    }

    /// <summary>Sets a cell's parameters from PyTorch's arrays (<c>nn.LSTM</c>, <c>nn.GRU</c>, <c>nn.RNN</c> or their cells).</summary>
    /// <param name="cell">The cell to fill: its kind and sizes decide the shapes.</param>
    /// <param name="weightIh"><c>weight_ih</c>, [G·H, I] row-major.</param>
    /// <param name="weightHh"><c>weight_hh</c>, [G·H, H].</param>
    /// <param name="biasIh"><c>bias_ih</c>, [G·H]; required when the cell has biases.</param>
    /// <param name="biasHh"><c>bias_hh</c>, [G·H]; required when the cell has biases.</param>
    public static void FromPyTorch<T>(IRecurrentCell<T> cell, ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> biasIh = default, ReadOnlySpan<T> biasHh = default)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        FromArrays(cell, WeightFormat.PyTorch, ("weight_ih", weightIh.ToArray()), ("weight_hh", weightHh.ToArray()), ("bias_ih", biasIh.ToArray()), ("bias_hh", biasHh.ToArray()));

    /// <summary>Sets a cell's parameters from a Keras layer's arrays (<c>layer.get_weights()</c> of LSTM, GRU or SimpleRNN).</summary>
    /// <param name="cell">The cell to fill.</param>
    /// <param name="kernel"><c>kernel</c>, [I, G·H] row-major.</param>
    /// <param name="recurrentKernel"><c>recurrent_kernel</c>, [H, G·H].</param>
    /// <param name="bias"><c>bias</c>: [G·H], or [2, 3H] for a GRU with reset_after; required when the cell has biases.</param>
    public static void FromKeras<T>(IRecurrentCell<T> cell, ReadOnlySpan<T> kernel, ReadOnlySpan<T> recurrentKernel, ReadOnlySpan<T> bias = default)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        FromArrays(cell, WeightFormat.Keras, ("kernel", kernel.ToArray()), ("recurrent_kernel", recurrentKernel.ToArray()), ("bias", bias.ToArray()));

    /// <summary>Sets a cell's parameters from one direction of an ONNX LSTM, GRU or RNN node's inputs.</summary>
    /// <param name="cell">The cell to fill.</param>
    /// <param name="w"><c>W</c> of one direction, [G·H, I].</param>
    /// <param name="r"><c>R</c> of one direction, [G·H, H].</param>
    /// <param name="b"><c>B</c> of one direction, [2·G·H]; empty for zeros.</param>
    /// <param name="p"><c>P</c> of one direction, [3H] (LSTM); empty for zeros.</param>
    public static void FromOnnx<T>(IRecurrentCell<T> cell, ReadOnlySpan<T> w, ReadOnlySpan<T> r, ReadOnlySpan<T> b = default, ReadOnlySpan<T> p = default)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        FromArrays(cell, WeightFormat.Onnx, ("W", w.ToArray()), ("R", r.ToArray()), ("B", b.ToArray()), ("P", p.ToArray()));

    /// <summary>Checks <paramref name="tensors"/> against the cell and returns the parameters they make, without touching the cell.</summary>
    internal static T[] Prepare<T>(IRecurrentCell<T> cell, WeightFormat format, IEnumerable<WeightTensor<T>> tensors, bool requireFinite, string source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(tensors);
        IReadOnlyList<WeightTensor<T>> expected = Export(cell, format);
        var given = new Dictionary<string, WeightTensor<T>>(StringComparer.Ordinal);
        foreach (WeightTensor<T> tensor in tensors)
        {
            ArgumentNullException.ThrowIfNull(tensor, nameof(tensors));
            tensor.Validate(source);
            // ONNX's optional B and P may come for a cell declared without them: OnnxToPyTorch accepts them only if zeros.
            bool optionalOnnx = format == WeightFormat.Onnx && tensor.Name is "B" or "P" && (tensor.Name == "B" || cell.Definition.Kind == CellKind.Lstm);
            if (!expected.Any(e => e.Name == tensor.Name) && !optionalOnnx)
            {
                throw new ArgumentException($"{source}: tensor '{tensor.Name}' is not a {format} tensor of {cell.Definition} (expected: {string.Join(", ", expected.Select(e => e.Name + " " + e.ShapeText))}).", nameof(tensors));
            }

            if (!given.TryAdd(tensor.Name, tensor))
            {
                throw new ArgumentException($"{source}: tensor '{tensor.Name}' is given twice.", nameof(tensors));
            }

            if (requireFinite)
            {
                for (int i = 0; i < tensor.Values.Length; i++)
                {
                    if (!T.IsFinite(tensor.Values[i]))
                    {
                        throw new ArgumentException($"{source}: tensor '{tensor.Name}' holds {tensor.Values[i]} at flat index {i}, and only finite weights are accepted.", nameof(tensors));
                    }
                }
            }
        }

        if (format == WeightFormat.Onnx)
        {
            CellDefinition d = cell.Definition;
            int units = d.Gates * d.Hidden;
            foreach ((string name, int[] shape) in new[] { ("B", new[] { 1, 2 * units }), ("P", new[] { 1, 3 * d.Hidden }) })
            {
                if (given.TryGetValue(name, out WeightTensor<T>? optional) && !optional.Shape.AsSpan().SequenceEqual(shape))
                {
                    throw new ArgumentException($"{source}: tensor '{name}' has shape {optional.ShapeText}, but {cell.Definition} needs {WeightTensor<T>.ShapeToText(shape)}.", nameof(tensors));
                }
            }
        }

        foreach (WeightTensor<T> want in expected)
        {
            if (!given.TryGetValue(want.Name, out WeightTensor<T>? have))
            {
                if (format == WeightFormat.Onnx && want.Name is "B" or "P")
                {
                    continue;
                }

                throw new ArgumentException($"{source}: tensor '{want.Name}' {want.ShapeText} is missing for {cell.Definition}.", nameof(tensors));
            }

            if (!have.Shape.AsSpan().SequenceEqual(want.Shape))
            {
                throw new ArgumentException($"{source}: tensor '{want.Name}' has shape {have.ShapeText}, but {cell.Definition} needs {want.ShapeText}.", nameof(tensors));
            }
        }

        Dictionary<string, WeightTensor<T>> pytorch = format switch
        {
            WeightFormat.PyTorch => given,
            WeightFormat.Keras => ByName(GateLayouts.KerasToPyTorch(cell.Definition, given)),
            WeightFormat.Onnx => ByName(GateLayouts.OnnxToPyTorch(cell.Definition, given, source)),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a weight format."),
        };
        return FromPyTorch(cell, pytorch);
    }

    /// <summary>The cell's parameters as PyTorch tensors (weight_ih, weight_hh, bias_ih, bias_hh, weight_peephole, weight_out, bias_out).</summary>
    private static List<WeightTensor<T>> ToPyTorch<T>(IRecurrentCell<T> cell)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Gather each PyTorch tensor's extent from the blocks that live in it, in the order the blocks come.
        var lengths = new Dictionary<string, int>();
        var order = new List<string>();
        foreach (ParameterBlock block in cell.ParameterLayout)
        {
            if (!lengths.ContainsKey(block.PyTorchName))
            {
                order.Add(block.PyTorchName);
            }

            lengths[block.PyTorchName] = Math.Max(lengths.GetValueOrDefault(block.PyTorchName), block.PyTorchOffset + block.Length);
        }

        var tensors = new Dictionary<string, T[]>();
        foreach (string name in order)
        {
            tensors[name] = new T[lengths[name]];
        }

        ReadOnlySpan<T> parameters = cell.Parameters;
        foreach (ParameterBlock block in cell.ParameterLayout)
        {
            T[] tensor = tensors[block.PyTorchName];
            for (int row = 0; row < block.Rows; row++)
            {
                for (int column = 0; column < block.Columns; column++)
                {
                    tensor[block.PyTorchIndex(row, column)] = parameters[block.Index(row, column)];
                }
            }
        }

        string[] canonical = { "weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_peephole", "weight_out", "bias_out" };
        return order.OrderBy(name => Array.IndexOf(canonical, name) is int at and >= 0 ? at : canonical.Length)
            .Select(name => new WeightTensor<T>(name, PyTorchShape(name, lengths[name], cell), tensors[name]))
            .ToList();
    }

    private static T[] FromPyTorch<T>(IRecurrentCell<T> cell, Dictionary<string, WeightTensor<T>> tensors)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var parameters = new T[cell.ParameterCount];
        foreach (ParameterBlock block in cell.ParameterLayout)
        {
            T[] tensor = tensors[block.PyTorchName].Values;
            for (int row = 0; row < block.Rows; row++)
            {
                for (int column = 0; column < block.Columns; column++)
                {
                    parameters[block.Index(row, column)] = tensor[block.PyTorchIndex(row, column)];
                }
            }
        }

        return parameters;
    }

    /// <summary>PyTorch's shapes: weights [rows of units, inputs]; vectors [n]; peepholes [3, H].</summary>
    private static int[] PyTorchShape<T>(string name, int length, IRecurrentCell<T> cell)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CellDefinition d = cell.Definition;
        int recurrent = d.Kind == CellKind.Jordan ? d.Output : d.Hidden;
        return name switch
        {
            "weight_ih" => new[] { length / d.Input, d.Input },
            "weight_hh" => new[] { length / recurrent, recurrent },
            "weight_out" => new[] { d.Output, d.Hidden },
            "weight_peephole" => new[] { 3, d.Hidden },
            _ => new[] { length },
        };
    }

    private static void FromArrays<T>(IRecurrentCell<T> cell, WeightFormat format, params (string Name, T[] Values)[] arrays)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(cell);
        IReadOnlyList<WeightTensor<T>> expected = Export(cell, format);
        var tensors = new List<WeightTensor<T>>();
        foreach ((string name, T[] values) in arrays)
        {
            WeightTensor<T>? want = expected.FirstOrDefault(e => e.Name == name);
            if (want is null)
            {
                if (values.Length > 0)
                {
                    throw new ArgumentException($"'{name}' was given, but {cell.Definition} has no such tensor: leave it empty.", name);
                }

                continue;
            }

            if (values.Length == 0 && format == WeightFormat.Onnx && name is "B" or "P")
            {
                continue;
            }

            // One direction of an ONNX tensor is its [D = 1, …] slice: accept the arrays without the leading 1.
            if (values.Length != want.Values.Length)
            {
                string shape = format == WeightFormat.Onnx ? WeightTensor<T>.ShapeToText(want.Shape.Skip(1)) : want.ShapeText;
                throw new ArgumentException($"'{name}' has {values.Length} values, but {cell.Definition} needs {shape} = {want.Values.Length}.", name);
            }

            tensors.Add(want with { Values = values });
        }

        Import(cell, format, tensors, source: $"{format} arrays");
    }

    private static Dictionary<string, WeightTensor<T>> ByName<T>(IEnumerable<WeightTensor<T>> tensors)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
}
