using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using CellGen.Numerics;

namespace CellGen;

/// <summary>The cell kinds a <see cref="DynamicCell"/> can run.</summary>
public enum DynamicCellKind
{
    /// <summary>Simple (Elman) RNN with tanh.</summary>
    Rnn,

    /// <summary>LSTM (sigmoid gates, tanh candidate and cell output, no peepholes).</summary>
    Lstm,

    /// <summary>GRU in PyTorch's reset-after form.</summary>
    Gru,
}

/// <summary>
/// A float cell whose sizes are known only at run time: the fallback when shapes come from a file, and the honest
/// baseline the generated cells are measured against. Same math, same parameter layout (so generated cells' weights
/// copy over as they are), same widest-vector tiling with fused multiply-adds; what it lacks is only what compile-time
/// sizes give: constant loop bounds and offsets.
/// </summary>
public sealed class DynamicCell
{
    private readonly AlignedBuffer<float> _parameters;
    private readonly AlignedBuffer<float> _next;
    private readonly int _gates;

    /// <summary>The panel width of the recurrent weights (16 when the hidden size is 32, 48 or 64), or 0 for row-major ones.</summary>
    private readonly int _panel;

    /// <summary>Whether the last step went through its tiles last to first: with the weights in panels each step goes the other way, as the generated cells do.</summary>
    private bool _reversed;

    /// <summary>Creates a cell of the given kind and sizes, parameters zero.</summary>
    public DynamicCell(DynamicCellKind kind, int inputSize, int hiddenSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        Kind = kind;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        _gates = kind switch { DynamicCellKind.Lstm => 4, DynamicCellKind.Gru => 3, _ => 1 };
        StateSize = kind == DynamicCellKind.Lstm ? 2 * hiddenSize : hiddenSize;
        _panel = hiddenSize % Panel == 0 && hiddenSize > Panel && hiddenSize <= 4 * Panel ? Panel : 0;
        _parameters = new AlignedBuffer<float>(_gates * hiddenSize * (inputSize + hiddenSize) + 2 * _gates * hiddenSize);
        _next = new AlignedBuffer<float>(StateSize);
    }

    /// <summary>The cell kind.</summary>
    public DynamicCellKind Kind { get; }

    /// <summary>Values per time step of input.</summary>
    public int InputSize { get; }

    /// <summary>Hidden units, which are also the outputs per step.</summary>
    public int HiddenSize { get; }

    /// <summary>h, and c for an LSTM.</summary>
    public int StateSize { get; }

    /// <summary>One cache line of floats: the width of the panels recurrent weights are stored in when the hidden size is two to four of them.</summary>
    private const int Panel = 16;

    /// <summary>The width of the column panels the recurrent weights are stored in (see <see cref="ParameterBlock.PanelWidth"/>), or 0 when they are row-major.</summary>
    public int RecurrentPanelWidth => _panel;

    /// <summary>
    /// The parameters, laid out as the generated cell of the same kind, sizes and default options lays them out:
    /// every gate's input weights [I, H] input-major, then every gate's recurrent weights [H, H] (input-major, in
    /// panels of 16 units when H is 32, 48 or 64: see <see cref="RecurrentPanelWidth"/>), then
    /// input biases and recurrent biases, gates in the generated order (LSTM i, f, o, g; GRU r, z, n).
    /// </summary>
    public Span<float> Parameters => _parameters;

    /// <summary>One time step: advances <paramref name="state"/> and writes h(t) to <paramref name="output"/>.</summary>
    public void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output)
    {
        ShapeGuard.Length(nameof(DynamicCell), nameof(input), input.Length, InputSize, "one time step of InputSize values");
        ShapeGuard.Length(nameof(DynamicCell), nameof(state), state.Length, StateSize, "StateSize values");
        ShapeGuard.Length(nameof(DynamicCell), nameof(output), output.Length, HiddenSize, "HiddenSize values");
        StepCore(input, state, output);
    }

    /// <summary>T time steps, T = inputs.Length / InputSize.</summary>
    public void Forward(ReadOnlySpan<float> inputs, Span<float> state, Span<float> outputs)
    {
        ShapeGuard.Length(nameof(DynamicCell), nameof(state), state.Length, StateSize, "StateSize values");
        int steps = ShapeGuard.Sequence(nameof(DynamicCell), inputs.Length, InputSize, outputs.Length, HiddenSize);
        for (int t = 0; t < steps; t++)
        {
            StepCore(inputs.Slice(t * InputSize, InputSize), state, outputs.Slice(t * HiddenSize, HiddenSize));
        }
    }

    private void StepCore(ReadOnlySpan<float> input, Span<float> state, Span<float> output)
    {
        if (Vector512.IsHardwareAccelerated && HiddenSize >= Vector512<float>.Count)
        {
            Compute512(input, state);
        }
        else if (Vector256.IsHardwareAccelerated && HiddenSize >= Vector256<float>.Count)
        {
            Compute256(input, state);
        }
        else
        {
            ComputeScalar(input, state);
        }

        _next.AsSpan().CopyTo(state);
        _next.AsSpan(0, HiddenSize).CopyTo(output);
    }

    // Offsets of gate g's blocks, as the generated layout has them. Always inlined: with dynamic PGO the JIT left
    // InputBias as a call inside Compute512's tile loop, around which it spilled 22 vectors to the stack, and the
    // GRU(1, 20) step took 230–440 ns instead of 120 depending on where the stack fell.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int InputWeights(int gate) => gate * InputSize * HiddenSize;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int RecurrentWeights(int gate) => _gates * InputSize * HiddenSize + gate * HiddenSize * HiddenSize;

    /// <summary>Where unit <paramref name="j"/>'s column of a recurrent weight block starts, and how far apart its rows are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (nuint Column, nuint RowStride) RecurrentColumn(nuint j) =>
        _panel == 0 ? (j, (nuint)HiddenSize) : (j / Panel * Panel * (nuint)HiddenSize + j % Panel, Panel);

    /// <summary>The first unit of the tile at <paramref name="tile"/> (0, width, 2 · width, …) in this step's order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint TileStart(int tile, int width, int hidden, bool reversed) =>
        (nuint)(reversed ? hidden - width - tile : Math.Min(tile, hidden - width));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int InputBias(int gate) => _gates * HiddenSize * (InputSize + HiddenSize) + gate * HiddenSize;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int RecurrentBias(int gate) => InputBias(_gates) + gate * HiddenSize;

    private void Compute512(ReadOnlySpan<float> input, ReadOnlySpan<float> state)
    {
        const int width = 16;
        int hidden = HiddenSize;
        ref float p = ref _parameters.Reference;
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float h = ref MemoryMarshal.GetReference(state);
        ref float next = ref _next.Reference;
        nuint inputWeights0 = (nuint)InputWeights(0), inputWeights1 = (nuint)InputWeights(1), inputWeights2 = (nuint)InputWeights(2), inputWeights3 = (nuint)InputWeights(3);
        nuint recurrentWeights0 = (nuint)RecurrentWeights(0), recurrentWeights1 = (nuint)RecurrentWeights(1), recurrentWeights2 = (nuint)RecurrentWeights(2), recurrentWeights3 = (nuint)RecurrentWeights(3);
        // With the recurrent weights in panels, tiles in alternating order from step to step, as the generated cells
        // go; otherwise first to last, the last tile overlapping the one before it when the width does not divide the size.
        bool reversed = _panel > 0 && (_reversed = !_reversed);
        for (int tile = 0; tile < hidden; tile += width)
        {
            nuint j = TileStart(tile, width, hidden, reversed);
            (nuint column, nuint stride) = RecurrentColumn(j);

            // One accumulator per pre-activation, in registers; the GRU keeps the candidate's recurrent part apart:
            // n = tanh(W_n x + b_in + r ⊙ (U_n h + b_hn)).
            Vector512<float> z0 = Bias512(ref p, 0, j), z1 = Vector512<float>.Zero, z2 = Vector512<float>.Zero, z3 = Vector512<float>.Zero;
            if (Kind == DynamicCellKind.Lstm)
            {
                (z1, z2, z3) = (Bias512(ref p, 1, j), Bias512(ref p, 2, j), Bias512(ref p, 3, j));
            }
            else if (Kind == DynamicCellKind.Gru)
            {
                (z1, z2, z3) = (Bias512(ref p, 1, j), Vector512.LoadUnsafe(ref p, (nuint)InputBias(2) + j), Vector512.LoadUnsafe(ref p, (nuint)RecurrentBias(2) + j));
            }

            for (int k = 0; k < InputSize; k++)
            {
                Vector512<float> value = Vector512.Create(Unsafe.Add(ref x, k));
                nuint row = (nuint)(k * hidden) + j;
                z0 = Simd512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, inputWeights0 + row), value, z0);
                if (Kind != DynamicCellKind.Rnn)
                {
                    z1 = Simd512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, inputWeights1 + row), value, z1);
                    z2 = Simd512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, inputWeights2 + row), value, z2);
                }

                if (Kind == DynamicCellKind.Lstm)
                {
                    z3 = Simd512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, inputWeights3 + row), value, z3);
                }
            }

            // U h(t−1): one loop per kind, so that the loop over the hidden values carries no test of the kind.
            switch (Kind)
            {
                case DynamicCellKind.Lstm:
                    for (int k = 0; k < hidden; k++)
                    {
                        Vector512<float> value = Vector512.Create(Unsafe.Add(ref h, k));
                        nuint row = (nuint)k * stride + column;
                        z0 = Simd512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, recurrentWeights0 + row), value, z0);
                        z1 = Simd512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, recurrentWeights1 + row), value, z1);
                        z2 = Simd512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, recurrentWeights2 + row), value, z2);
                        z3 = Simd512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, recurrentWeights3 + row), value, z3);
                    }

                    break;

                case DynamicCellKind.Gru:
                    for (int k = 0; k < hidden; k++)
                    {
                        Vector512<float> value = Vector512.Create(Unsafe.Add(ref h, k));
                        nuint row = (nuint)k * stride + column;
                        z0 = Simd512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, recurrentWeights0 + row), value, z0);
                        z1 = Simd512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, recurrentWeights1 + row), value, z1);
                        z3 = Simd512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, recurrentWeights2 + row), value, z3);
                    }

                    break;

                default:
                    for (int k = 0; k < hidden; k++)
                    {
                        nuint row = (nuint)k * stride + column;
                        z0 = Simd512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, recurrentWeights0 + row), Vector512.Create(Unsafe.Add(ref h, k)), z0);
                    }

                    break;
            }

            switch (Kind)
            {
                case DynamicCellKind.Lstm:
                {
                    Vector512<float> i = CellMath.Sigmoid(z0), f = CellMath.Sigmoid(z1), o = CellMath.Sigmoid(z2), g = CellMath.Tanh(z3);
                    Vector512<float> c = Simd512.FusedMultiplyAdd(f, Vector512.LoadUnsafe(ref h, (nuint)hidden + j), i * g);
                    c.StoreUnsafe(ref next, (nuint)hidden + j);
                    (o * CellMath.Tanh(c)).StoreUnsafe(ref next, j);
                    break;
                }

                case DynamicCellKind.Gru:
                {
                    Vector512<float> r = CellMath.Sigmoid(z0), u = CellMath.Sigmoid(z1);
                    Vector512<float> n = CellMath.Tanh(Simd512.FusedMultiplyAdd(r, z3, z2));
                    Simd512.FusedMultiplyAdd(u, Vector512.LoadUnsafe(ref h, j) - n, n).StoreUnsafe(ref next, j);
                    break;
                }

                default:
                    CellMath.Tanh(z0).StoreUnsafe(ref next, j);
                    break;
            }
        }
    }

    /// <summary>Gate <paramref name="gate"/>'s two biases at units j….</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<float> Bias512(ref float p, int gate, nuint j) =>
        Vector512.LoadUnsafe(ref p, (nuint)InputBias(gate) + j) + Vector512.LoadUnsafe(ref p, (nuint)RecurrentBias(gate) + j);

    private void Compute256(ReadOnlySpan<float> input, ReadOnlySpan<float> state)
    {
        const int width = 8;
        int hidden = HiddenSize;
        ref float p = ref _parameters.Reference;
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float h = ref MemoryMarshal.GetReference(state);
        ref float next = ref _next.Reference;
        nuint inputWeights0 = (nuint)InputWeights(0), inputWeights1 = (nuint)InputWeights(1), inputWeights2 = (nuint)InputWeights(2), inputWeights3 = (nuint)InputWeights(3);
        nuint recurrentWeights0 = (nuint)RecurrentWeights(0), recurrentWeights1 = (nuint)RecurrentWeights(1), recurrentWeights2 = (nuint)RecurrentWeights(2), recurrentWeights3 = (nuint)RecurrentWeights(3);
        // With the recurrent weights in panels, tiles in alternating order from step to step, as the generated cells
        // go; otherwise first to last, the last tile overlapping the one before it when the width does not divide the size.
        bool reversed = _panel > 0 && (_reversed = !_reversed);
        for (int tile = 0; tile < hidden; tile += width)
        {
            nuint j = TileStart(tile, width, hidden, reversed);
            (nuint column, nuint stride) = RecurrentColumn(j);

            // One accumulator per pre-activation, in registers; the GRU keeps the candidate's recurrent part apart:
            // n = tanh(W_n x + b_in + r ⊙ (U_n h + b_hn)).
            Vector256<float> z0 = Bias256(ref p, 0, j), z1 = Vector256<float>.Zero, z2 = Vector256<float>.Zero, z3 = Vector256<float>.Zero;
            if (Kind == DynamicCellKind.Lstm)
            {
                (z1, z2, z3) = (Bias256(ref p, 1, j), Bias256(ref p, 2, j), Bias256(ref p, 3, j));
            }
            else if (Kind == DynamicCellKind.Gru)
            {
                (z1, z2, z3) = (Bias256(ref p, 1, j), Vector256.LoadUnsafe(ref p, (nuint)InputBias(2) + j), Vector256.LoadUnsafe(ref p, (nuint)RecurrentBias(2) + j));
            }

            for (int k = 0; k < InputSize; k++)
            {
                Vector256<float> value = Vector256.Create(Unsafe.Add(ref x, k));
                nuint row = (nuint)(k * hidden) + j;
                z0 = Simd256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, inputWeights0 + row), value, z0);
                if (Kind != DynamicCellKind.Rnn)
                {
                    z1 = Simd256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, inputWeights1 + row), value, z1);
                    z2 = Simd256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, inputWeights2 + row), value, z2);
                }

                if (Kind == DynamicCellKind.Lstm)
                {
                    z3 = Simd256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, inputWeights3 + row), value, z3);
                }
            }

            // U h(t−1): one loop per kind, so that the loop over the hidden values carries no test of the kind.
            switch (Kind)
            {
                case DynamicCellKind.Lstm:
                    for (int k = 0; k < hidden; k++)
                    {
                        Vector256<float> value = Vector256.Create(Unsafe.Add(ref h, k));
                        nuint row = (nuint)k * stride + column;
                        z0 = Simd256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, recurrentWeights0 + row), value, z0);
                        z1 = Simd256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, recurrentWeights1 + row), value, z1);
                        z2 = Simd256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, recurrentWeights2 + row), value, z2);
                        z3 = Simd256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, recurrentWeights3 + row), value, z3);
                    }

                    break;

                case DynamicCellKind.Gru:
                    for (int k = 0; k < hidden; k++)
                    {
                        Vector256<float> value = Vector256.Create(Unsafe.Add(ref h, k));
                        nuint row = (nuint)k * stride + column;
                        z0 = Simd256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, recurrentWeights0 + row), value, z0);
                        z1 = Simd256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, recurrentWeights1 + row), value, z1);
                        z3 = Simd256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, recurrentWeights2 + row), value, z3);
                    }

                    break;

                default:
                    for (int k = 0; k < hidden; k++)
                    {
                        nuint row = (nuint)k * stride + column;
                        z0 = Simd256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, recurrentWeights0 + row), Vector256.Create(Unsafe.Add(ref h, k)), z0);
                    }

                    break;
            }

            switch (Kind)
            {
                case DynamicCellKind.Lstm:
                {
                    Vector256<float> i = CellMath.Sigmoid(z0), f = CellMath.Sigmoid(z1), o = CellMath.Sigmoid(z2), g = CellMath.Tanh(z3);
                    Vector256<float> c = Simd256.FusedMultiplyAdd(f, Vector256.LoadUnsafe(ref h, (nuint)hidden + j), i * g);
                    c.StoreUnsafe(ref next, (nuint)hidden + j);
                    (o * CellMath.Tanh(c)).StoreUnsafe(ref next, j);
                    break;
                }

                case DynamicCellKind.Gru:
                {
                    Vector256<float> r = CellMath.Sigmoid(z0), u = CellMath.Sigmoid(z1);
                    Vector256<float> n = CellMath.Tanh(Simd256.FusedMultiplyAdd(r, z3, z2));
                    Simd256.FusedMultiplyAdd(u, Vector256.LoadUnsafe(ref h, j) - n, n).StoreUnsafe(ref next, j);
                    break;
                }

                default:
                    CellMath.Tanh(z0).StoreUnsafe(ref next, j);
                    break;
            }
        }
    }

    /// <summary>Gate <paramref name="gate"/>'s two biases at units j….</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<float> Bias256(ref float p, int gate, nuint j) =>
        Vector256.LoadUnsafe(ref p, (nuint)InputBias(gate) + j) + Vector256.LoadUnsafe(ref p, (nuint)RecurrentBias(gate) + j);

    private void ComputeScalar(ReadOnlySpan<float> input, ReadOnlySpan<float> state)
    {
        int hidden = HiddenSize;
        Span<float> z = stackalloc float[4];
        for (int j = 0; j < hidden; j++)
        {
            (nuint Column, nuint RowStride) recurrent = RecurrentColumn((nuint)j);
            for (int g = 0; g < _gates; g++)
            {
                z[g] = _parameters[InputBias(g) + j] + _parameters[RecurrentBias(g) + j];
            }

            float candidateRecurrent = 0;
            if (Kind == DynamicCellKind.Gru)
            {
                candidateRecurrent = _parameters[RecurrentBias(2) + j];
                z[2] = _parameters[InputBias(2) + j];
            }

            for (int k = 0; k < InputSize; k++)
            {
                for (int g = 0; g < _gates; g++)
                {
                    z[g] = MathF.FusedMultiplyAdd(_parameters[InputWeights(g) + k * hidden + j], input[k], z[g]);
                }
            }

            for (int k = 0; k < hidden; k++)
            {
                for (int g = 0; g < _gates; g++)
                {
                    float weight = _parameters[RecurrentWeights(g) + (int)(recurrent.Column + (nuint)k * recurrent.RowStride)];
                    if (Kind == DynamicCellKind.Gru && g == 2)
                    {
                        candidateRecurrent = MathF.FusedMultiplyAdd(weight, state[k], candidateRecurrent);
                    }
                    else
                    {
                        z[g] = MathF.FusedMultiplyAdd(weight, state[k], z[g]);
                    }
                }
            }

            switch (Kind)
            {
                case DynamicCellKind.Lstm:
                {
                    float i = CellMath.Sigmoid(z[0]), f = CellMath.Sigmoid(z[1]), o = CellMath.Sigmoid(z[2]), g = CellMath.Tanh(z[3]);
                    float c = MathF.FusedMultiplyAdd(f, state[hidden + j], i * g);
                    _next[hidden + j] = c;
                    _next[j] = o * CellMath.Tanh(c);
                    break;
                }

                case DynamicCellKind.Gru:
                {
                    float r = CellMath.Sigmoid(z[0]), u = CellMath.Sigmoid(z[1]);
                    float n = CellMath.Tanh(MathF.FusedMultiplyAdd(r, candidateRecurrent, z[2]));
                    _next[j] = MathF.FusedMultiplyAdd(u, state[j] - n, n);
                    break;
                }

                default:
                    _next[j] = CellMath.Tanh(z[0]);
                    break;
            }
        }
    }
}
