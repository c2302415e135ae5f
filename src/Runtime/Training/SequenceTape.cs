using System;
using CellGen.Numerics;

namespace CellGen;

/// <summary>
/// What a training forward pass records for the backward pass: a fixed number of values per time step (gate
/// activations, previous states), owned here and reused from one sequence to the next, so that training allocates
/// only when a sequence is longer than any before it.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class SequenceTape<T>
    where T : unmanaged
{
    // Both start on a cache line, like the cells' weights, because the kernels read and write them a vector at a time.
    // Measured (LSTM(3, 64), 32 streams, forward and backward, one process): 124–127 µs a sequence with the records on a
    // 64-byte boundary, 133 µs with them 16 bytes past one.
    private AlignedBuffer<T> _values = new(0);
    private AlignedBuffer<T> _gradients = new(0);
    private object? _recorder;

    /// <summary>The number of time steps recorded.</summary>
    public int Steps { get; private set; }

    /// <summary>The number of streams recorded side by side at each time step (1 for one sequence).</summary>
    public int Streams { get; private set; }

    /// <summary>Values recorded per time step (of each stream).</summary>
    public int ValuesPerStep { get; private set; }

    /// <summary>How many values the tape can hold without growing.</summary>
    public int Capacity => _values.Length;

    /// <summary>
    /// Starts a recording of <paramref name="steps"/> steps of <paramref name="streams"/> streams, with
    /// <paramref name="valuesPerStep"/> values per stream and step, by <paramref name="recorder"/>, and returns the space
    /// to write (time-major: for each step, one record per stream). Grows only when the space needed exceeds every
    /// earlier recording.
    /// </summary>
    public Span<T> Record(object recorder, int valuesPerStep, int steps, int streams = 1)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfNegative(streams);
        long needed = (long)valuesPerStep * steps * streams;
        if (needed > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), $"{steps} steps of {streams} streams of {valuesPerStep} values do not fit in one tape.");
        }

        if (needed > _values.Length)
        {
            _values = new AlignedBuffer<T>((int)needed);
        }

        _recorder = recorder;
        ValuesPerStep = valuesPerStep;
        Steps = steps;
        Streams = streams;
        return _values.AsSpan(0, (int)needed);
    }

    /// <summary>
    /// The recording of <paramref name="steps"/> steps of <paramref name="streams"/> streams made by
    /// <paramref name="recorder"/>; throws if the tape holds anything else, since a backward pass over another cell's or
    /// another sequence's record would be silently wrong.
    /// </summary>
    public ReadOnlySpan<T> Read(object recorder, int valuesPerStep, int steps, int streams = 1)
    {
        if (!ReferenceEquals(recorder, _recorder) || valuesPerStep != ValuesPerStep || steps != Steps || streams != Streams)
        {
            string recorded = _recorder is null ? "nothing" : $"{Steps} steps{(Streams == 1 ? "" : $" of {Streams} streams")} of {_recorder.GetType().Name}";
            string needed = streams == 1 ? $"{steps} steps" : $"{steps} steps of {streams} streams";
            throw new InvalidOperationException(
                $"The tape holds {recorded}, but the backward pass of {recorder.GetType().Name} needs the {needed} its own training forward recorded: run {(streams == 1 ? "Forward" : "ForwardStreams")} with this tape first.");
        }

        return _values.AsSpan(0, valuesPerStep * steps * streams);
    }

    /// <summary>
    /// Working space of <paramref name="length"/> values for a backward pass over this recording: the gradients of
    /// every step's pre-activations, which it keeps so that the weight gradients can be summed over all steps at once.
    /// Its contents are undefined on return. Grows only when a backward pass needs more than any before it.
    /// </summary>
    public Span<T> GradientSpace(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > _gradients.Length)
        {
            _gradients = new AlignedBuffer<T>(length);
        }

        return _gradients.AsSpan(0, length);
    }

    /// <summary>Forgets the recording (the memory is kept for the next one).</summary>
    public void Clear()
    {
        _recorder = null;
        Steps = 0;
        Streams = 0;
        ValuesPerStep = 0;
    }
}
