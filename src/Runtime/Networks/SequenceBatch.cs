using System;
using System.Numerics;

namespace CellGen;

/// <summary>
/// A minibatch of sequences of different lengths, stored padded: sequence b occupies rows
/// [b · MaxLength, b · MaxLength + Lengths[b]) of <see cref="Inputs"/>; the padding rows after them are never read.
/// </summary>
public sealed class SequenceBatch<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates an empty batch of <paramref name="count"/> sequences of up to <paramref name="maxLength"/> steps.</summary>
    public SequenceBatch(int count, int maxLength, int inputSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        Count = count;
        MaxLength = maxLength;
        InputSize = inputSize;
        Inputs = new T[count * maxLength * inputSize];
        Lengths = new int[count];
    }

    /// <summary>Sequences in the batch.</summary>
    public int Count { get; }

    /// <summary>The longest sequence the batch can hold.</summary>
    public int MaxLength { get; }

    /// <summary>Values per time step.</summary>
    public int InputSize { get; }

    /// <summary>All inputs, padded: Count × MaxLength × InputSize.</summary>
    public T[] Inputs { get; }

    /// <summary>Each sequence's length, 0 to MaxLength (0: an empty slot, skipped).</summary>
    public int[] Lengths { get; }

    /// <summary>The real steps of sequence <paramref name="index"/>, without its padding.</summary>
    public Span<T> Sequence(int index)
    {
        int length = Lengths[index];
        if (length < 0 || length > MaxLength)
        {
            throw new InvalidOperationException($"Lengths[{index}] = {length} is outside 0 to MaxLength = {MaxLength}.");
        }

        return Inputs.AsSpan(index * MaxLength * InputSize, length * InputSize);
    }
}
