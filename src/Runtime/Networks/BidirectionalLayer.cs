using System;
using System.Numerics;

namespace CellGen;

/// <summary>How a bidirectional layer combines its two directions' outputs at each step.</summary>
public enum DirectionMerge
{
    /// <summary>[forward | reverse]: the output has both widths side by side.</summary>
    Concatenate,

    /// <summary>forward + reverse: both directions must have the same output width.</summary>
    Sum,
}

/// <summary>
/// A forward and a reverse cell over the same sequence, as in the lecture notes' bidirectional RNN: at every step the
/// output sees the whole sequence, the past through one cell and the future through the other.
/// </summary>
public sealed class BidirectionalLayer<T> : ISequenceLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _forwardOutputs = Array.Empty<T>();
    private T[] _reverseOutputs = Array.Empty<T>();
    private T[] _gradients = Array.Empty<T>();
    private T[] _inputGradients = Array.Empty<T>();

    /// <summary>Pairs two cells that read the same inputs; <paramref name="reverse"/> reads them backwards.</summary>
    public BidirectionalLayer(IRecurrentCell<T> forward, IRecurrentCell<T> reverse, DirectionMerge merge = DirectionMerge.Concatenate)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(reverse);
        if (forward.InputSize != reverse.InputSize)
        {
            throw new ArgumentException($"reverse takes InputSize {reverse.InputSize}, but forward takes {forward.InputSize}: both directions read the same inputs.", nameof(reverse));
        }

        if (merge == DirectionMerge.Sum && forward.OutputSize != reverse.OutputSize)
        {
            throw new ArgumentException($"reverse gives OutputSize {reverse.OutputSize}, but forward gives {forward.OutputSize}: summing needs equal widths.", nameof(reverse));
        }

        Forwards = new RecurrentLayer<T>(forward);
        Backwards = new RecurrentLayer<T>(reverse, reverse: true);
        Merge = merge;
    }

    /// <summary>The forward direction.</summary>
    public RecurrentLayer<T> Forwards { get; }

    /// <summary>The reverse direction.</summary>
    public RecurrentLayer<T> Backwards { get; }

    /// <summary>How the two outputs are combined.</summary>
    public DirectionMerge Merge { get; }

    /// <inheritdoc/>
    public int InputSize => Forwards.InputSize;

    /// <inheritdoc/>
    public int OutputSize => Merge == DirectionMerge.Sum ? Forwards.OutputSize : Forwards.OutputSize + Backwards.OutputSize;

    /// <inheritdoc/>
    public int SegmentCount => 2;

    /// <inheritdoc/>
    public Span<T> Parameters(int segment) => segment == 0 ? Forwards.Parameters(0) : Backwards.Parameters(segment - 1);

    /// <inheritdoc/>
    public Span<T> Gradients(int segment) => segment == 0 ? Forwards.Gradients(0) : Backwards.Gradients(segment - 1);

    /// <inheritdoc/>
    public void ClearGradients()
    {
        Forwards.ClearGradients();
        Backwards.ClearGradients();
    }

    /// <inheritdoc/>
    public void Forward(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        int steps = ShapeGuard.Sequence(nameof(BidirectionalLayer<T>), inputs.Length, InputSize, outputs.Length, OutputSize);
        int f = Forwards.OutputSize, r = Backwards.OutputSize;
        Buffers.Grow(ref _forwardOutputs, steps * f);
        Buffers.Grow(ref _reverseOutputs, steps * r);
        Span<T> forward = _forwardOutputs.AsSpan(0, steps * f), reverse = _reverseOutputs.AsSpan(0, steps * r);
        Forwards.Forward(inputs, forward);
        Backwards.Forward(inputs, reverse);
        for (int t = 0; t < steps; t++)
        {
            Span<T> row = outputs.Slice(t * OutputSize, OutputSize);
            if (Merge == DirectionMerge.Sum)
            {
                for (int j = 0; j < f; j++)
                {
                    row[j] = forward[t * f + j] + reverse[t * r + j];
                }
            }
            else
            {
                forward.Slice(t * f, f).CopyTo(row);
                reverse.Slice(t * r, r).CopyTo(row.Slice(f));
            }
        }
    }

    /// <inheritdoc/>
    public void Backward(ReadOnlySpan<T> inputs, ReadOnlySpan<T> outputGradients, Span<T> inputGradients)
    {
        int steps = ShapeGuard.Sequence(nameof(BidirectionalLayer<T>), nameof(inputs), inputs.Length, InputSize, nameof(outputGradients), outputGradients.Length, OutputSize);
        int f = Forwards.OutputSize, r = Backwards.OutputSize;
        Buffers.Grow(ref _gradients, steps * (f + r));
        Span<T> forward = _gradients.AsSpan(0, steps * f), reverse = _gradients.AsSpan(steps * f, steps * r);
        for (int t = 0; t < steps; t++)
        {
            ReadOnlySpan<T> row = outputGradients.Slice(t * OutputSize, OutputSize);
            row.Slice(0, f).CopyTo(forward.Slice(t * f, f));
            row.Slice(Merge == DirectionMerge.Sum ? 0 : f, r).CopyTo(reverse.Slice(t * r, r));
        }

        if (inputGradients.IsEmpty)
        {
            Forwards.Backward(inputs, forward, Span<T>.Empty);
            Backwards.Backward(inputs, reverse, Span<T>.Empty);
            return;
        }

        // Both directions read the inputs: their input gradients add up.
        Buffers.Grow(ref _inputGradients, inputGradients.Length);
        Span<T> second = _inputGradients.AsSpan(0, inputGradients.Length);
        Forwards.Backward(inputs, forward, inputGradients);
        Backwards.Backward(inputs, reverse, second);
        for (int i = 0; i < inputGradients.Length; i++)
        {
            inputGradients[i] += second[i];
        }
    }
}
