using System;
using System.Numerics;

namespace CellGen;

/// <summary>
/// Adam as torch.optim.Adam, or AdamW (decoupled weight decay, torch.optim.AdamW) when <see cref="Decoupled"/>:
/// m ← β₁ m + (1 − β₁) g; v ← β₂ v + (1 − β₂) g²; θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
/// Adam folds weight decay into g (g + λθ); AdamW first scales θ by (1 − ηλ).
/// </summary>
public class Adam<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _mean;
    private readonly T[] _variance;

    /// <summary>Creates Adam for <paramref name="parameterCount"/> parameters (torch.optim.Adam's arguments and defaults).</summary>
    public Adam(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
        : this(parameterCount, learningRate, beta1, beta2, epsilon, weightDecay, decoupled: false)
    {
    }

    private protected Adam(int parameterCount, double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool decoupled)
        : base(parameterCount, learningRate)
    {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), $"beta1 = {beta1} and beta2 = {beta2}: both must be in [0, 1).");
        }

        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = T.CreateChecked(epsilon);
        WeightDecay = T.CreateChecked(weightDecay);
        Decoupled = decoupled;
        _mean = new T[parameterCount];
        _variance = new T[parameterCount];
    }

    /// <summary>β₁, the decay of the first moment estimate.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, the decay of the second moment estimate.</summary>
    public double Beta2 { get; }

    /// <summary>The term ε added to the denominator for stability.</summary>
    public T Epsilon { get; }

    /// <summary>The weight decay λ (0 for none).</summary>
    public T WeightDecay { get; }

    /// <summary>Whether weight decay is decoupled from the gradient (AdamW).</summary>
    public bool Decoupled { get; }

    /// <inheritdoc/>
    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradients, T learningRate, int step)
    {
        T beta1 = T.CreateChecked(Beta1), beta2 = T.CreateChecked(Beta2);
        T stepSize = learningRate / T.CreateChecked(1 - Math.Pow(Beta1, step));
        T correction2 = T.CreateChecked(Math.Sqrt(1 - Math.Pow(Beta2, step)));
        T shrink = T.One - learningRate * WeightDecay;
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && parameters.Length >= Vector<T>.Count)
        {
            // The same operations in the same order as the loop below, a vector at a time: the results are identical.
            Span<T> means = _mean, variances = _variance;
            Vector<T> b1 = new(beta1), b2 = new(beta2), rest1 = new(T.One - beta1), rest2 = new(T.One - beta2);
            Vector<T> size = new(stepSize), correction = new(correction2), epsilon = new(Epsilon), decay = new(WeightDecay), shrinkBy = new(shrink);
            bool decays = WeightDecay != T.Zero;
            for (; i <= parameters.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> g = new(gradients.Slice(i));
                Vector<T> p = new(parameters.Slice(i));
                if (Decoupled)
                {
                    p *= shrinkBy;
                }
                else if (decays)
                {
                    g += decay * p;
                }

                Vector<T> mean = new Vector<T>(means.Slice(i)) * b1 + g * rest1;
                Vector<T> variance = new Vector<T>(variances.Slice(i)) * b2 + g * g * rest2;
                mean.CopyTo(means.Slice(i));
                variance.CopyTo(variances.Slice(i));
                p -= size * mean / (Vector.SquareRoot(variance) / correction + epsilon);
                p.CopyTo(parameters.Slice(i));
            }
        }

        for (; i < parameters.Length; i++)
        {
            T g = gradients[i];
            if (Decoupled)
            {
                parameters[i] *= shrink;
            }
            else
            {
                g = Decayed(g, parameters[i], WeightDecay);
            }

            T mean = _mean[i] * beta1 + g * (T.One - beta1);
            T variance = _variance[i] * beta2 + g * g * (T.One - beta2);
            _mean[i] = mean;
            _variance[i] = variance;
            parameters[i] -= stepSize * mean / (T.Sqrt(variance) / correction2 + Epsilon);
        }
    }

    /// <inheritdoc/>
    protected override void ResetState()
    {
        Array.Clear(_mean);
        Array.Clear(_variance);
    }
}

/// <summary>AdamW as torch.optim.AdamW: Adam with decoupled weight decay (default λ = 0.01).</summary>
public sealed class AdamW<T> : Adam<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates AdamW for <paramref name="parameterCount"/> parameters (torch.optim.AdamW's arguments and defaults).</summary>
    public AdamW(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
        : base(parameterCount, learningRate, beta1, beta2, epsilon, weightDecay, decoupled: true)
    {
    }
}
