using System;
using System.Numerics;

namespace CellGen;

/// <summary>What a training step did.</summary>
public enum StepResult
{
    /// <summary>The parameters were updated.</summary>
    Updated,

    /// <summary>A gradient was NaN or infinite: no parameter was changed.</summary>
    NonFiniteGradient,

    /// <summary>The loss was NaN or infinite: no parameter was changed.</summary>
    NonFiniteLoss,
}

/// <summary>
/// Applies an optimizer to every parameter segment of a layer or network after gradients have been accumulated
/// (Forward and Backward over a minibatch), with optional clipping, and refuses steps whose gradients are not finite.
/// </summary>
public sealed class Trainer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Optimizer<T>[] _optimizers;

    /// <summary>Creates one optimizer per segment of <paramref name="model"/> with <paramref name="createOptimizer"/>(parameter count).</summary>
    public Trainer(ISequenceLayer<T> model, Func<int, Optimizer<T>> createOptimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(createOptimizer);
        Model = model;
        _optimizers = new Optimizer<T>[model.SegmentCount];
        for (int s = 0; s < _optimizers.Length; s++)
        {
            _optimizers[s] = createOptimizer(model.Parameters(s).Length);
        }
    }

    /// <summary>The model trained.</summary>
    public ISequenceLayer<T> Model { get; }

    /// <summary>When positive, gradients are scaled so that their global norm over all segments is at most this.</summary>
    public double ClipNorm { get; set; }

    /// <summary>When true, a non-finite gradient throws an <see cref="ArithmeticException"/> instead of returning <see cref="StepResult.NonFiniteGradient"/>.</summary>
    public bool ThrowOnNonFinite { get; set; }

    /// <summary>Reports a non-finite loss: clears the gradients and returns <see cref="StepResult.NonFiniteLoss"/> (or throws).</summary>
    internal StepResult RefuseLoss()
    {
        Model.ClearGradients();
        if (ThrowOnNonFinite)
        {
            throw new ArithmeticException("The loss is NaN or infinite; the parameters were left as they were before this step.");
        }

        return StepResult.NonFiniteLoss;
    }

    /// <summary>
    /// Updates the parameters from the accumulated gradients, then clears them. When any gradient is NaN or infinite
    /// nothing is updated (the parameters stay as before the step), the gradients are cleared, and the result says so.
    /// </summary>
    public StepResult Step()
    {
        T sum = T.Zero;
        for (int s = 0; s < _optimizers.Length; s++)
        {
            foreach (T g in Model.Gradients(s))
            {
                sum += g * g;
            }
        }

        if (!T.IsFinite(sum))
        {
            Model.ClearGradients();
            if (ThrowOnNonFinite)
            {
                throw new ArithmeticException("A gradient is NaN or infinite; the parameters were left as they were before this step.");
            }

            return StepResult.NonFiniteGradient;
        }

        T norm = T.Sqrt(sum);
        if (ClipNorm > 0)
        {
            T coefficient = GradientClipping.NormCoefficient(norm, T.CreateChecked(ClipNorm));
            if (coefficient < T.One)
            {
                for (int s = 0; s < _optimizers.Length; s++)
                {
                    Span<T> gradients = Model.Gradients(s);
                    for (int i = 0; i < gradients.Length; i++)
                    {
                        gradients[i] *= coefficient;
                    }
                }
            }
        }

        for (int s = 0; s < _optimizers.Length; s++)
        {
            _optimizers[s].Step(Model.Parameters(s), Model.Gradients(s));
        }

        Model.ClearGradients();
        return StepResult.Updated;
    }
}
