using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;
using System.Threading.Tasks;

namespace CellGen;

/// <summary>Computes one sequence's loss and writes dL/doutputs for it (already divided by the batch size if the loss is a mean).</summary>
/// <param name="sequence">The sequence's index in the batch.</param>
/// <param name="outputs">The network's outputs for the sequence's real steps.</param>
/// <param name="outputGradients">Receives dL/doutputs, like <paramref name="outputs"/>.</param>
public delegate T SequenceLoss<T>(int sequence, ReadOnlySpan<T> outputs, Span<T> outputGradients);

/// <summary>
/// Trains a network on minibatches of variable-length sequences using several threads, with results that do not
/// depend on the number of threads: sequences are grouped in fixed chunks of <see cref="ChunkSize"/>, each chunk's
/// gradient is computed alone (by whichever replica of the network is free), and the chunk gradients are added up in
/// chunk order. Replicas are made by the factory and receive the model's parameters before every step.
/// </summary>
public sealed class DataParallelTrainer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ConcurrentBag<SequenceNetwork<T>> _replicas = new();
    private readonly Func<SequenceNetwork<T>> _createNetwork;
    private readonly Trainer<T> _trainer;
    private readonly int _parameterCount;
    private T[][] _chunkGradients = Array.Empty<T[]>();
    private T[] _chunkLosses = Array.Empty<T>();

    /// <summary>Builds the model (and its replicas) with <paramref name="createNetwork"/>, which must build identical networks.</summary>
    public DataParallelTrainer(Func<SequenceNetwork<T>> createNetwork, Func<int, Optimizer<T>> createOptimizer, int threads = 0, int chunkSize = 4)
    {
        ArgumentNullException.ThrowIfNull(createNetwork);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        _createNetwork = createNetwork;
        Model = createNetwork();
        Threads = threads > 0 ? threads : Environment.ProcessorCount;
        ChunkSize = chunkSize;
        _trainer = new Trainer<T>(Model, createOptimizer);
        for (int s = 0; s < Model.SegmentCount; s++)
        {
            _parameterCount += Model.Parameters(s).Length;
        }

        _replicas.Add(Model);
    }

    /// <summary>The network being trained; its parameters are the result.</summary>
    public SequenceNetwork<T> Model { get; }

    /// <summary>Threads used at most.</summary>
    public int Threads { get; }

    /// <summary>Sequences per chunk: the unit of work and of the fixed reduction order.</summary>
    public int ChunkSize { get; }

    /// <summary>The trainer that applies the optimizer, clipping and the non-finite check.</summary>
    public Trainer<T> Trainer => _trainer;

    /// <summary>
    /// One training step on <paramref name="batch"/>: the gradient of the sum of the sequences' losses, then an update.
    /// Returns the summed loss and whether the update happened.
    /// </summary>
    public (T Loss, StepResult Result) Step(SequenceBatch<T> batch, SequenceLoss<T> loss)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(loss);
        if (batch.InputSize != Model.InputSize)
        {
            throw new ArgumentException($"batch has InputSize {batch.InputSize}; the network takes {Model.InputSize}.", nameof(batch));
        }

        int chunks = (batch.Count + ChunkSize - 1) / ChunkSize;
        if (_chunkGradients.Length < chunks)
        {
            Array.Resize(ref _chunkGradients, chunks);
            _chunkLosses = new T[chunks];
        }

        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Threads }, chunk =>
        {
            SequenceNetwork<T> replica = Rent();
            try
            {
                _chunkLosses[chunk] = RunChunk(replica, batch, loss, chunk, _chunkGradients[chunk] ??= new T[_parameterCount]);
            }
            finally
            {
                _replicas.Add(replica);
            }
        });

        // The fixed reduction: chunk 0, then 1, … whatever thread ran which chunk.
        T total = T.Zero;
        int offset = 0;
        for (int s = 0; s < Model.SegmentCount; s++)
        {
            Span<T> gradients = Model.Gradients(s);
            gradients.Clear();
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                ReadOnlySpan<T> part = _chunkGradients[chunk].AsSpan(offset, gradients.Length);
                for (int i = 0; i < gradients.Length; i++)
                {
                    gradients[i] += part[i];
                }
            }

            offset += gradients.Length;
        }

        for (int chunk = 0; chunk < chunks; chunk++)
        {
            total += _chunkLosses[chunk];
        }

        return (total, T.IsFinite(total) ? _trainer.Step() : _trainer.RefuseLoss());
    }

    private SequenceNetwork<T> Rent()
    {
        SequenceNetwork<T> replica = _replicas.TryTake(out SequenceNetwork<T>? free) ? free : _createNetwork();
        if (!ReferenceEquals(replica, Model))
        {
            for (int s = 0; s < Model.SegmentCount; s++)
            {
                Model.Parameters(s).CopyTo(replica.Parameters(s));
            }
        }

        return replica;
    }

    private T RunChunk(SequenceNetwork<T> network, SequenceBatch<T> batch, SequenceLoss<T> loss, int chunk, T[] chunkGradients)
    {
        network.ClearGradients();
        T sum = T.Zero;
        int end = Math.Min(batch.Count, (chunk + 1) * ChunkSize);
        int capacity = batch.MaxLength * network.OutputSize;
        T[] outputs = ArrayPool<T>.Shared.Rent(capacity);
        T[] outputGradients = ArrayPool<T>.Shared.Rent(capacity);
        try
        {
            for (int b = chunk * ChunkSize; b < end; b++)
        {
                Span<T> inputs = batch.Sequence(b);
                if (inputs.IsEmpty)
                {
                    continue;
                }

                int length = batch.Lengths[b] * network.OutputSize;
                network.Forward(inputs, outputs.AsSpan(0, length));
                outputGradients.AsSpan(0, length).Clear();
                sum += loss(b, outputs.AsSpan(0, length), outputGradients.AsSpan(0, length));
                network.Backward(inputs, outputGradients.AsSpan(0, length), Span<T>.Empty);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(outputs);
            ArrayPool<T>.Shared.Return(outputGradients);
        }

        int offset = 0;
        for (int s = 0; s < network.SegmentCount; s++)
        {
            ReadOnlySpan<T> gradients = network.Gradients(s);
            gradients.CopyTo(chunkGradients.AsSpan(offset));
            offset += gradients.Length;
        }

        return sum;
    }
}
