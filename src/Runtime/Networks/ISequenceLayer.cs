using System;
using System.Numerics;

namespace CellGen;

/// <summary>
/// A trainable map from a sequence to a sequence, one row per time step: a recurrent cell, a bidirectional pair,
/// a dense layer applied to every step, or a whole <see cref="SequenceNetwork{T}"/>. Its parameters may live in several
/// arrays (one per cell), called segments; each segment has a gradient array of the same length beside it.
/// </summary>
public interface ISequenceLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Values per time step of input.</summary>
    int InputSize { get; }

    /// <summary>Values per time step of output.</summary>
    int OutputSize { get; }

    /// <summary>How many parameter arrays the layer has.</summary>
    int SegmentCount { get; }

    /// <summary>The parameters of segment <paramref name="segment"/>.</summary>
    Span<T> Parameters(int segment);

    /// <summary>The accumulated gradients of segment <paramref name="segment"/>, laid out like its parameters.</summary>
    Span<T> Gradients(int segment);

    /// <summary>Runs the sequence (T = inputs.Length / InputSize) and remembers what <see cref="Backward"/> needs.</summary>
    void Forward(ReadOnlySpan<T> inputs, Span<T> outputs);

    /// <summary>
    /// Backpropagates through the last <see cref="Forward"/>: adds the parameter gradients to <see cref="Gradients"/>
    /// and writes dL/dinputs to <paramref name="inputGradients"/> (or skips them when it is empty).
    /// </summary>
    void Backward(ReadOnlySpan<T> inputs, ReadOnlySpan<T> outputGradients, Span<T> inputGradients);

    /// <summary>Sets every accumulated gradient to zero.</summary>
    void ClearGradients();
}
