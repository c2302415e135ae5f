using System;
using System.Numerics;

namespace CellGen;

/// <summary>
/// RMSProp as torch.optim.RMSprop (not centered): v ← α v + (1 − α) g²; with momentum μ, b ← μ b + g / (√v + ε) and
/// θ ← θ − η b, else θ ← θ − η g / (√v + ε).
/// </summary>
public sealed class RmsProp<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _squareAverage;
    private readonly T[] _momentumBuffer;

    /// <summary>Creates RMSProp for <paramref name="parameterCount"/> parameters (torch.optim.RMSprop's arguments and defaults).</summary>
    public RmsProp(int parameterCount, double learningRate = 0.01, double alpha = 0.99, double epsilon = 1e-8, double momentum = 0, double weightDecay = 0)
        : base(parameterCount, learningRate)
    {
        Alpha = T.CreateChecked(alpha);
        Epsilon = T.CreateChecked(epsilon);
        Momentum = T.CreateChecked(momentum);
        WeightDecay = T.CreateChecked(weightDecay);
        _squareAverage = new T[parameterCount];
        _momentumBuffer = momentum != 0 ? new T[parameterCount] : Array.Empty<T>();
    }

    /// <summary>The smoothing constant α of the squared-gradient average.</summary>
    public T Alpha { get; }

    /// <summary>The term ε added to the denominator for stability.</summary>
    public T Epsilon { get; }

    /// <summary>The momentum factor μ (0 for none).</summary>
    public T Momentum { get; }

    /// <summary>The weight decay λ (0 for none).</summary>
    public T WeightDecay { get; }

    /// <inheritdoc/>
    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradients, T learningRate, int step)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = Decayed(gradients[i], parameters[i], WeightDecay);
            T average = _squareAverage[i] * Alpha + (T.One - Alpha) * g * g;
            _squareAverage[i] = average;
            T denominator = T.Sqrt(average) + Epsilon;
            if (Momentum != T.Zero)
            {
                T buffer = _momentumBuffer[i] * Momentum + g / denominator;
                _momentumBuffer[i] = buffer;
                parameters[i] -= learningRate * buffer;
            }
            else
            {
                parameters[i] -= learningRate * g / denominator;
            }
        }
    }

    /// <inheritdoc/>
    protected override void ResetState()
    {
        Array.Clear(_squareAverage);
        Array.Clear(_momentumBuffer);
    }
}
