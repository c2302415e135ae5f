using System;
using System.Collections.Generic;
using System.Numerics;

namespace CellGen;

/// <summary>
/// Layers applied one after another, each layer's outputs feeding the next (a deep RNN: a GRU over an LSTM, a
/// bidirectional layer under a dense softmax, …); each cell stays fully specialized inside its layer.
/// A network is itself a layer, so networks nest.
/// </summary>
public sealed class SequenceNetwork<T> : ISequenceLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ISequenceLayer<T>[] _layers;
    private readonly (int Layer, int Segment)[] _segments;
    private T[][] _activations;
    private T[] _gradientA = Array.Empty<T>();
    private T[] _gradientB = Array.Empty<T>();

    /// <summary>Stacks <paramref name="layers"/>; each one's InputSize must equal the previous one's OutputSize.</summary>
    public SequenceNetwork(params ISequenceLayer<T>[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0)
        {
            throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        }

        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] is null)
            {
                throw new ArgumentNullException(nameof(layers), $"layers[{i}] is null.");
            }

            if (i > 0 && layers[i].InputSize != layers[i - 1].OutputSize)
            {
                throw new ArgumentException(
                    $"layers[{i}] takes InputSize {layers[i].InputSize} values per step, but layers[{i - 1}] gives OutputSize {layers[i - 1].OutputSize}.",
                    nameof(layers));
            }
        }

        _layers = (ISequenceLayer<T>[])layers.Clone();
        var segments = new List<(int, int)>();
        for (int i = 0; i < layers.Length; i++)
        {
            for (int s = 0; s < layers[i].SegmentCount; s++)
            {
                segments.Add((i, s));
            }
        }

        _segments = segments.ToArray();
        _activations = new T[layers.Length][];
        for (int i = 0; i < layers.Length; i++)
        {
            _activations[i] = Array.Empty<T>();
        }
    }

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<ISequenceLayer<T>> Layers => _layers;

    /// <inheritdoc/>
    public int InputSize => _layers[0].InputSize;

    /// <inheritdoc/>
    public int OutputSize => _layers[^1].OutputSize;

    /// <inheritdoc/>
    public int SegmentCount => _segments.Length;

    /// <inheritdoc/>
    public Span<T> Parameters(int segment) => _layers[_segments[segment].Layer].Parameters(_segments[segment].Segment);

    /// <inheritdoc/>
    public Span<T> Gradients(int segment) => _layers[_segments[segment].Layer].Gradients(_segments[segment].Segment);

    /// <inheritdoc/>
    public void ClearGradients()
    {
        foreach (ISequenceLayer<T> layer in _layers)
        {
            layer.ClearGradients();
        }
    }

    /// <summary>When true, <see cref="Forward"/> refuses NaN or infinite inputs with an exception that says where, before it runs.</summary>
    public bool CheckInputs { get; set; }

    /// <inheritdoc/>
    public void Forward(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        int steps = ShapeGuard.Sequence(nameof(SequenceNetwork<T>), inputs.Length, InputSize, outputs.Length, OutputSize);
        if (CheckInputs)
        {
            ShapeGuard.Finite(nameof(SequenceNetwork<T>), nameof(inputs), inputs, InputSize);
        }

        ReadOnlySpan<T> current = inputs;
        for (int i = 0; i < _layers.Length; i++)
        {
            int length = steps * _layers[i].OutputSize;
            Span<T> next = i == _layers.Length - 1 ? outputs : Buffer(ref _activations[i], length);
            _layers[i].Forward(current, next);
            current = next;
        }
    }

    /// <inheritdoc/>
    public void Backward(ReadOnlySpan<T> inputs, ReadOnlySpan<T> outputGradients, Span<T> inputGradients)
    {
        int steps = ShapeGuard.Sequence(nameof(SequenceNetwork<T>), nameof(inputs), inputs.Length, InputSize, nameof(outputGradients), outputGradients.Length, OutputSize);
        ReadOnlySpan<T> gradient = outputGradients;
        bool useA = true;
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            ReadOnlySpan<T> layerInputs = i == 0 ? inputs : _activations[i - 1].AsSpan(0, steps * _layers[i - 1].OutputSize);
            Span<T> layerInputGradients = i == 0
                ? inputGradients
                : (useA ? Buffer(ref _gradientA, layerInputs.Length) : Buffer(ref _gradientB, layerInputs.Length));
            _layers[i].Backward(layerInputs, gradient, layerInputGradients);
            gradient = layerInputGradients;
            useA = !useA;
        }
    }

    private static Span<T> Buffer(ref T[] buffer, int length)
    {
        Buffers.Grow(ref buffer, length);
        return buffer.AsSpan(0, length);
    }
}
