using System;
using System.Numerics;

namespace CellGen;

/// <summary>
/// Truncated backpropagation through time, BPTT(k1, k2) in Williams and Peng's sense, over one long sequence: every
/// k1 steps, the losses of those k1 steps are backpropagated through the last k2 steps (k2 ≥ k1), starting from the
/// state recorded k2 steps back. The state carries over between calls, so a stream can be fed in pieces.
/// </summary>
public sealed class TruncatedBptt<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly SequenceTape<T> _tape = new();
    private T[] _states = Array.Empty<T>();
    private T[] _outputs = Array.Empty<T>();
    private T[] _outputGradients = Array.Empty<T>();
    private T[] _windowState = Array.Empty<T>();
    private T[] _stateGradient = Array.Empty<T>();

    /// <summary>Creates BPTT(<paramref name="k1"/>, <paramref name="k2"/>).</summary>
    public TruncatedBptt(int k1, int k2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k1, 1);
        if (k2 < k1)
        {
            throw new ArgumentOutOfRangeException(nameof(k2), k2, $"k2 must be at least k1 = {k1}: each update backpropagates the last k1 losses through k2 ≥ k1 steps.");
        }

        K1 = k1;
        K2 = k2;
    }

    /// <summary>Steps between updates: each window contributes the losses of its last k1 steps.</summary>
    public int K1 { get; }

    /// <summary>Steps backpropagated through per window.</summary>
    public int K2 { get; }

    /// <summary>
    /// Runs <paramref name="cell"/> over <paramref name="inputs"/> from <paramref name="state"/> (left holding the state
    /// after the last step) and adds to <paramref name="parameterGradients"/> the truncated gradients of the windows
    /// ending at every k1-th step (a final shorter window covers the rest). <paramref name="loss"/> gets, for window w,
    /// the outputs of its k1 new steps. Returns the summed loss.
    /// </summary>
    public T Accumulate(IRecurrentCell<T> cell, ReadOnlySpan<T> inputs, Span<T> state, SequenceLoss<T> loss, Span<T> parameterGradients)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(loss);
        string name = cell.GetType().Name;
        ShapeGuard.Length(name, nameof(state), state.Length, cell.StateSize, "the cell's StateSize");
        ShapeGuard.Length(name, nameof(parameterGradients), parameterGradients.Length, cell.ParameterCount, "the cell's ParameterCount");
        int steps = ShapeGuard.Sequence(name, inputs.Length, cell.InputSize, 0, 0);
        int input = cell.InputSize, output = cell.OutputSize, size = cell.StateSize;

        // The state before every step, so each window can restart k2 steps back.
        Buffers.Grow(ref _states, (steps + 1) * size);
        Buffers.Grow(ref _outputs, K2 * output);
        Buffers.Grow(ref _outputGradients, K2 * output);
        Buffers.Grow(ref _windowState, size);
        Buffers.Grow(ref _stateGradient, size);
        state.CopyTo(_states);
        Span<T> oneOutput = _outputs.AsSpan(0, output);
        for (int t = 0; t < steps; t++)
        {
            Span<T> next = _states.AsSpan((t + 1) * size, size);
            _states.AsSpan(t * size, size).CopyTo(next);
            cell.Step(inputs.Slice(t * input, input), next, oneOutput);
        }

        T total = T.Zero;
        for (int window = 0; window * K1 < steps; window++)
        {
            int end = Math.Min((window + 1) * K1, steps);
            int newSteps = end - window * K1;
            int start = Math.Max(0, end - K2);
            int length = end - start;
            Span<T> outputs = _outputs.AsSpan(0, length * output);
            Span<T> outputGradients = _outputGradients.AsSpan(0, length * output);
            _states.AsSpan(start * size, size).CopyTo(_windowState);
            cell.Forward(inputs.Slice(start * input, length * input), _windowState.AsSpan(0, size), outputs, _tape);
            outputGradients.Clear();
            int fresh = (length - newSteps) * output;
            total += loss(window, outputs.Slice(fresh), outputGradients.Slice(fresh));
            _stateGradient.AsSpan(0, size).Clear();
            cell.Backward(inputs.Slice(start * input, length * input), outputGradients, _stateGradient.AsSpan(0, size), Span<T>.Empty, parameterGradients, _tape);
        }

        _states.AsSpan(steps * size, size).CopyTo(state);
        return total;
    }
}
