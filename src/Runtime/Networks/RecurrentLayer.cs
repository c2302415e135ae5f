using System;
using System.Numerics;

namespace CellGen;

/// <summary>
/// A generated cell run over whole sequences, forwards or in reverse. Each sequence starts from a zero state unless
/// the layer is <see cref="Stateful"/>, in which case the state carries over from one call to the next: feeding one
/// long sequence in chunks then trains with truncated backpropagation through time (gradients stop at chunk edges).
/// </summary>
public sealed class RecurrentLayer<T> : ISequenceLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly SequenceTape<T> _tape = new();
    private readonly T[] _state;
    private readonly T[] _stateGradient;
    private readonly T[] _gradients;
    private T[] _reversedInputs = Array.Empty<T>();
    private T[] _reversedOutputs = Array.Empty<T>();
    private T[] _reversedInputGradients = Array.Empty<T>();

    /// <summary>Wraps <paramref name="cell"/>; with <paramref name="reverse"/> it reads each sequence from its last step to its first.</summary>
    public RecurrentLayer(IRecurrentCell<T> cell, bool reverse = false)
    {
        ArgumentNullException.ThrowIfNull(cell);
        Cell = cell;
        Reverse = reverse;
        _state = new T[cell.StateSize];
        _stateGradient = new T[cell.StateSize];
        _gradients = new T[cell.ParameterCount];
    }

    /// <summary>The cell.</summary>
    public IRecurrentCell<T> Cell { get; }

    /// <summary>Whether sequences are read in reverse (the backward half of a bidirectional layer).</summary>
    public bool Reverse { get; }

    /// <summary>Whether the state carries over between calls (for chunks of one long sequence) instead of starting at zero.</summary>
    public bool Stateful { get; set; }

    /// <summary>The state carried between calls when <see cref="Stateful"/>.</summary>
    public Span<T> State => _state;

    /// <inheritdoc/>
    public int InputSize => Cell.InputSize;

    /// <inheritdoc/>
    public int OutputSize => Cell.OutputSize;

    /// <inheritdoc/>
    public int SegmentCount => 1;

    /// <inheritdoc/>
    public Span<T> Parameters(int segment) => segment == 0 ? Cell.Parameters : throw new ArgumentOutOfRangeException(nameof(segment));

    /// <inheritdoc/>
    public Span<T> Gradients(int segment) => segment == 0 ? _gradients : throw new ArgumentOutOfRangeException(nameof(segment));

    /// <inheritdoc/>
    public void ClearGradients() => Array.Clear(_gradients);

    /// <inheritdoc/>
    public void Forward(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        if (!Stateful)
        {
            Array.Clear(_state);
        }

        if (!Reverse)
        {
            Cell.Forward(inputs, _state, outputs, _tape);
            return;
        }

        int steps = ShapeGuard.Sequence(Cell.GetType().Name, inputs.Length, InputSize, outputs.Length, OutputSize);
        Buffers.Grow(ref _reversedInputs, inputs.Length);
        Buffers.Grow(ref _reversedOutputs, outputs.Length);
        ReverseRows(inputs, _reversedInputs.AsSpan(0, inputs.Length), steps, InputSize);
        Cell.Forward(_reversedInputs.AsSpan(0, inputs.Length), _state, _reversedOutputs.AsSpan(0, outputs.Length), _tape);
        ReverseRows(_reversedOutputs.AsSpan(0, outputs.Length), outputs, steps, OutputSize);
    }

    /// <inheritdoc/>
    public void Backward(ReadOnlySpan<T> inputs, ReadOnlySpan<T> outputGradients, Span<T> inputGradients)
    {
        // Truncation: nothing flows back from after this sequence (or chunk).
        Array.Clear(_stateGradient);
        if (!Reverse)
        {
            Cell.Backward(inputs, outputGradients, _stateGradient, inputGradients, _gradients, _tape);
            return;
        }

        int steps = ShapeGuard.Sequence(Cell.GetType().Name, nameof(inputs), inputs.Length, InputSize, nameof(outputGradients), outputGradients.Length, OutputSize);
        Buffers.Grow(ref _reversedOutputs, outputGradients.Length);
        Span<T> reversedOutputGradients = _reversedOutputs.AsSpan(0, outputGradients.Length);
        ReverseRows(outputGradients, reversedOutputGradients, steps, OutputSize);
        Span<T> reversedInputGradients = Span<T>.Empty;
        if (!inputGradients.IsEmpty)
        {
            Buffers.Grow(ref _reversedInputGradients, inputGradients.Length);
            reversedInputGradients = _reversedInputGradients.AsSpan(0, inputGradients.Length);
        }

        // The tape was recorded on the reversed inputs, which are still in _reversedInputs.
        Cell.Backward(_reversedInputs.AsSpan(0, inputs.Length), reversedOutputGradients, _stateGradient, reversedInputGradients, _gradients, _tape);
        if (!inputGradients.IsEmpty)
        {
            ReverseRows(reversedInputGradients, inputGradients, steps, InputSize);
        }
    }

    private static void ReverseRows(ReadOnlySpan<T> source, Span<T> destination, int steps, int width)
    {
        for (int t = 0; t < steps; t++)
        {
            source.Slice(t * width, width).CopyTo(destination.Slice((steps - 1 - t) * width, width));
        }
    }
}
