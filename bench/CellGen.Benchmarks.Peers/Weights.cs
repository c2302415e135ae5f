using System;

namespace CellGen.Benchmarks.Peers;

/// <summary>The cell kinds compared: each is CellGen's default form of the cell and PyTorch's/ONNX's standard one.</summary>
public enum CellKind
{
    /// <summary>LSTM: sigmoid gates, tanh candidate and cell output, no peepholes.</summary>
    Lstm,

    /// <summary>GRU in the reset-after form (CellGen's default, PyTorch's only form, ONNX's linear_before_reset = 1).</summary>
    Gru,

    /// <summary>Simple (Elman) RNN with tanh.</summary>
    Rnn,
}

/// <summary>
/// One set of parameters in PyTorch's layout (the reference every peer is loaded from): weight_ih [G·H, I] and
/// weight_hh [G·H, H] row-major with one row per unit, bias_ih and bias_hh [G·H], gates stacked in PyTorch's order
/// (LSTM i, f, g, o; GRU r, z, n; RNN the single one).
/// </summary>
public sealed class TorchWeights
{
    private TorchWeights(CellKind kind, int input, int hidden)
    {
        Kind = kind;
        Input = input;
        Hidden = hidden;
        Gates = GateCount(kind);
        WeightIh = new float[Gates * hidden * input];
        WeightHh = new float[Gates * hidden * hidden];
        BiasIh = new float[Gates * hidden];
        BiasHh = new float[Gates * hidden];
    }

    public CellKind Kind { get; }

    public int Input { get; }

    public int Hidden { get; }

    /// <summary>Gate blocks stacked in each matrix: 4 for the LSTM, 3 for the GRU, 1 for the RNN.</summary>
    public int Gates { get; }

    public float[] WeightIh { get; }

    public float[] WeightHh { get; }

    public float[] BiasIh { get; }

    public float[] BiasHh { get; }

    public static int GateCount(CellKind kind) => kind switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 };

    /// <summary>Every parameter from U(−1/√H, 1/√H), PyTorch's default initialization, from a seeded generator.</summary>
    public static TorchWeights Random(CellKind kind, int input, int hidden, int seed)
    {
        var weights = new TorchWeights(kind, input, hidden);
        var random = new Random(seed);
        double bound = 1 / Math.Sqrt(hidden);
        foreach (float[] values in new[] { weights.WeightIh, weights.WeightHh, weights.BiasIh, weights.BiasHh })
        {
            Fill(values, random, bound);
        }

        return weights;
    }

    /// <summary>Zeros of the same shapes: a place to gather another peer's gradients in this layout.</summary>
    public static TorchWeights Zeros(CellKind kind, int input, int hidden) => new(kind, input, hidden);

    /// <summary>Values from U(−bound, bound).</summary>
    public static void Fill(Span<float> values, Random random, double bound)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
        }
    }

    /// <summary>
    /// Writes gate <paramref name="gate"/> of a PyTorch weight matrix (rows are units, <paramref name="columns"/> inputs
    /// per row) into a CellGen weight block, which is input-major: the weight from input k to unit j is at
    /// <see cref="ParameterBlock.Index"/>(k, j) in <paramref name="parameters"/> (Offset + k · H + j, unless the block is
    /// stored in panels).
    /// </summary>
    public void WriteInputMajor(Span<float> parameters, ParameterBlock block, float[] matrix, int gate, int columns)
    {
        int hidden = Hidden;
        if (block.Rows != columns || block.Columns != hidden)
        {
            throw new ArgumentException($"Block {block.Name} is [{block.Rows}, {block.Columns}]; gate {gate} of a [{Gates * hidden}, {columns}] matrix needs [{columns}, {hidden}].", nameof(block));
        }

        for (int k = 0; k < columns; k++)
        {
            for (int j = 0; j < hidden; j++)
            {
                parameters[block.Index(k, j)] = matrix[(gate * hidden + j) * columns + k];
            }
        }
    }

    /// <summary>Writes gate <paramref name="gate"/> of a PyTorch bias vector into a CellGen bias view.</summary>
    public void WriteBias(Span<float> view, float[] bias, int gate)
    {
        if (view.Length != Hidden)
        {
            throw new ArgumentException($"The view has {view.Length} values; a bias block has {Hidden}.", nameof(view));
        }

        bias.AsSpan(gate * Hidden, Hidden).CopyTo(view);
    }

    /// <summary>
    /// ONNX's gate order, as PyTorch gate indices: ONNX stacks LSTM gates i, o, f, c (PyTorch i, f, g, o) and GRU gates
    /// z, r, h (PyTorch r, z, n).
    /// </summary>
    public int[] OnnxGateOrder => Kind switch
    {
        CellKind.Lstm => new[] { 0, 3, 1, 2 },
        CellKind.Gru => new[] { 1, 0, 2 },
        _ => new[] { 0 },
    };

    /// <summary>A PyTorch matrix or bias with its gate blocks restacked in ONNX's order (rows are units in both).</summary>
    public float[] ToOnnxOrder(float[] values)
    {
        int block = values.Length / Gates;
        var result = new float[values.Length];
        int[] order = OnnxGateOrder;
        for (int g = 0; g < Gates; g++)
        {
            values.AsSpan(order[g] * block, block).CopyTo(result.AsSpan(g * block, block));
        }

        return result;
    }
}
