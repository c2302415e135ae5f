using System;
using System.Numerics;

namespace CellGen;

/// <summary>
/// Updates parameters from their gradients, with PyTorch's torch.optim semantics. An optimizer keeps its per-parameter
/// state (momentum, moment estimates) for one parameter array of a fixed length, allocated once.
/// </summary>
public abstract class Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates an optimizer for <paramref name="parameterCount"/> parameters.</summary>
    protected Optimizer(int parameterCount, double learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        if (!(learningRate >= 0) || double.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a finite number ≥ 0.");
        }

        ParameterCount = parameterCount;
        LearningRate = learningRate;
    }

    /// <summary>The number of parameters this optimizer updates.</summary>
    public int ParameterCount { get; }

    /// <summary>The base learning rate.</summary>
    public double LearningRate { get; set; }

    /// <summary>
    /// A learning-rate schedule: given the step number (1 for the first step) and <see cref="LearningRate"/>, the rate
    /// to use for that step. Null uses <see cref="LearningRate"/> throughout.
    /// </summary>
    public Func<int, double, double>? Schedule { get; set; }

    /// <summary>Steps taken so far.</summary>
    public int StepCount { get; private set; }

    /// <summary>Applies one update to <paramref name="parameters"/> from <paramref name="gradients"/>.</summary>
    /// <exception cref="ArgumentException">A span's length is not <see cref="ParameterCount"/>. Nothing has been modified.</exception>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        if (parameters.Length != ParameterCount)
        {
            throw new ArgumentException($"parameters has {parameters.Length} values; this optimizer was made for {ParameterCount}.", nameof(parameters));
        }

        if (gradients.Length != ParameterCount)
        {
            throw new ArgumentException($"gradients has {gradients.Length} values; expected {ParameterCount}, laid out like the parameters.", nameof(gradients));
        }

        StepCount++;
        double rate = Schedule?.Invoke(StepCount, LearningRate) ?? LearningRate;
        Update(parameters, gradients, T.CreateChecked(rate), StepCount);
    }

    /// <summary>Forgets every step taken (state back to zero), keeping the settings.</summary>
    public void Reset()
    {
        StepCount = 0;
        ResetState();
    }

    /// <summary>The update of step <paramref name="step"/> (1-based) at learning rate <paramref name="learningRate"/>.</summary>
    protected abstract void Update(Span<T> parameters, ReadOnlySpan<T> gradients, T learningRate, int step);

    /// <summary>Sets the per-parameter state back to its initial value.</summary>
    protected abstract void ResetState();

    /// <summary>The gradient with weight decay folded in, g + λθ (L2 regularization as torch.optim does it).</summary>
    protected static T Decayed(T gradient, T parameter, T weightDecay) => weightDecay == T.Zero ? gradient : gradient + weightDecay * parameter;
}
