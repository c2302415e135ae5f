using System;
using System.Numerics;

namespace CellGen;

/// <summary>
/// Losses over a sequence's outputs. Each returns the loss and writes its gradient with respect to the outputs,
/// ready for a cell's <c>Backward</c>. Reductions follow PyTorch's defaults (the mean).
/// </summary>
public static class Losses
{
    /// <summary>
    /// Mean squared error, mean over every value: L = Σ (y − target)² / n, as PyTorch's MSELoss. Writes dL/dy = 2 (y − target) / n.
    /// </summary>
    public static T MeanSquaredError<T>(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (targets.Length != outputs.Length)
        {
            throw new ArgumentException($"targets has {targets.Length} values; expected {outputs.Length}, one per output.", nameof(targets));
        }

        if (gradients.Length != outputs.Length)
        {
            throw new ArgumentException($"gradients has {gradients.Length} values; expected {outputs.Length}, one per output.", nameof(gradients));
        }

        if (outputs.IsEmpty)
        {
            return T.Zero;
        }

        T count = T.CreateChecked(outputs.Length);
        T two = T.CreateChecked(2);
        T sum = T.Zero;
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && outputs.Length >= Vector<T>.Count)
        {
            // A vector at a time: each gradient is computed exactly as below; the squares are summed lane by lane
            // (then the lanes), a different order than one by one, so the loss may differ in its last bits.
            Vector<T> twos = new(two), counts = new(count), squares = Vector<T>.Zero;
            for (; i <= outputs.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> difference = new Vector<T>(outputs.Slice(i)) - new Vector<T>(targets.Slice(i));
                squares += difference * difference;
                (twos * difference / counts).CopyTo(gradients.Slice(i));
            }

            sum = Vector.Sum(squares);
        }

        for (; i < outputs.Length; i++)
        {
            T difference = outputs[i] - targets[i];
            sum += difference * difference;
            gradients[i] = two * difference / count;
        }

        return sum / count;
    }

    /// <summary>
    /// Softmax cross-entropy per time step on logits (use a cell whose output layer is Linear): for each step t with
    /// a target class c_t ≥ 0, −log softmax(z_t)[c_t]; steps whose target is negative are padding and count for
    /// nothing. The loss is the mean over the counted steps, as PyTorch's CrossEntropyLoss with ignore_index.
    /// Writes dL/dz = (softmax(z_t) − onehot(c_t)) / counted for counted steps, 0 for padding.
    /// </summary>
    /// <param name="logits">T × <paramref name="classes"/> values.</param>
    /// <param name="classes">The number of classes per step.</param>
    /// <param name="targets">T class indices, or a negative value for a padding step.</param>
    /// <param name="gradients">T × <paramref name="classes"/> values, written.</param>
    public static T SoftmaxCrossEntropy<T>(ReadOnlySpan<T> logits, int classes, ReadOnlySpan<int> targets, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T scale = Begin(logits.Length, classes, targets, gradients);
        if (scale == T.Zero)
        {
            return T.Zero;
        }

        int steps = targets.Length;
        T loss = T.Zero;
        for (int t = 0; t < steps; t++)
        {
            if (targets[t] < 0)
            {
                continue;
            }

            ReadOnlySpan<T> z = logits.Slice(t * classes, classes);
            Span<T> g = gradients.Slice(t * classes, classes);
            T largest = z[0];
            for (int k = 1; k < classes; k++)
            {
                largest = T.Max(largest, z[k]);
            }

            T sum = T.Zero;
            for (int k = 0; k < classes; k++)
            {
                sum += T.Exp(z[k] - largest);
            }

            T logSum = T.Log(sum) + largest;
            loss += logSum - z[targets[t]];
            for (int k = 0; k < classes; k++)
            {
                g[k] = T.Exp(z[k] - logSum) * scale;
            }

            g[targets[t]] -= scale;
        }

        return loss * scale;
    }

    /// <summary>
    /// Cross-entropy on probabilities (for a cell whose output layer applies Softmax): −log p_t[c_t] per counted step,
    /// mean over counted steps; negative targets are padding. Writes dL/dp = −1 / (counted · p_t[c_t]) at each target.
    /// Prefer <see cref="SoftmaxCrossEntropy{T}"/> on logits when probabilities can underflow.
    /// </summary>
    public static T CrossEntropy<T>(ReadOnlySpan<T> probabilities, int classes, ReadOnlySpan<int> targets, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T scale = Begin(probabilities.Length, classes, targets, gradients);
        if (scale == T.Zero)
        {
            return T.Zero;
        }

        int steps = targets.Length;
        T loss = T.Zero;
        for (int t = 0; t < steps; t++)
        {
            if (targets[t] >= 0)
            {
                T p = probabilities[t * classes + targets[t]];
                loss -= T.Log(p);
                gradients[t * classes + targets[t]] = -scale / p;
            }
        }

        return loss * scale;
    }

    /// <summary>
    /// Checks a classification loss's arguments, clears the gradients, and returns 1 / (steps that count), or zero
    /// when every step is padding.
    /// </summary>
    private static T Begin<T>(int values, int classes, ReadOnlySpan<int> targets, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckClassification(values, classes, targets, gradients.Length);
        int counted = Counted(targets, classes);
        gradients.Clear();
        return counted == 0 ? T.Zero : T.One / T.CreateChecked(counted);
    }

    private static void CheckClassification(int values, int classes, ReadOnlySpan<int> targets, int gradients)
    {
        if (classes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "classes must be at least 1.");
        }

        if (values != targets.Length * classes)
        {
            throw new ArgumentException($"targets has {targets.Length} steps, so the outputs need {targets.Length} × {classes} values; they have {values}.", nameof(targets));
        }

        if (gradients != values)
        {
            throw new ArgumentException($"gradients has {gradients} values; expected {values}, one per output.", nameof(gradients));
        }
    }

    private static int Counted(ReadOnlySpan<int> targets, int classes)
    {
        int counted = 0;
        for (int t = 0; t < targets.Length; t++)
        {
            if (targets[t] >= classes)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), targets[t], $"targets[{t}] = {targets[t]} is not a class: use 0 to {classes - 1}, or a negative value for padding.");
            }

            counted += targets[t] >= 0 ? 1 : 0;
        }

        return counted;
    }
}
