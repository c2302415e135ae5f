using System;
using System.Numerics;

namespace CellGen;

/// <summary>
/// Adagrad as torch.optim.Adagrad: η_t = η / (1 + (t − 1) · decay); s ← s + g²; θ ← θ − η_t g / (√s + ε).
/// </summary>
public sealed class Adagrad<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _sum;
    private readonly T _initialAccumulator;

    /// <summary>Creates Adagrad for <paramref name="parameterCount"/> parameters (torch.optim.Adagrad's arguments and defaults).</summary>
    public Adagrad(int parameterCount, double learningRate = 0.01, double learningRateDecay = 0, double weightDecay = 0, double initialAccumulator = 0, double epsilon = 1e-10)
        : base(parameterCount, learningRate)
    {
        LearningRateDecay = T.CreateChecked(learningRateDecay);
        WeightDecay = T.CreateChecked(weightDecay);
        Epsilon = T.CreateChecked(epsilon);
        _initialAccumulator = T.CreateChecked(initialAccumulator);
        _sum = new T[parameterCount];
        ResetState();
    }

    /// <summary>The learning-rate decay per step.</summary>
    public T LearningRateDecay { get; }

    /// <summary>The weight decay λ (0 for none).</summary>
    public T WeightDecay { get; }

    /// <summary>The term ε added to the denominator for stability.</summary>
    public T Epsilon { get; }

    /// <inheritdoc/>
    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradients, T learningRate, int step)
    {
        T rate = learningRate / (T.One + T.CreateChecked(step - 1) * LearningRateDecay);
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = Decayed(gradients[i], parameters[i], WeightDecay);
            T sum = _sum[i] + g * g;
            _sum[i] = sum;
            parameters[i] -= rate * g / (T.Sqrt(sum) + Epsilon);
        }
    }

    /// <inheritdoc/>
    protected override void ResetState() => Array.Fill(_sum, _initialAccumulator);
}
