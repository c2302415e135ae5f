using System;
using System.Numerics;

namespace CellGen;

/// <summary>Gradient clipping, as torch.nn.utils.clip_grad_norm_ and clip_grad_value_.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales <paramref name="gradients"/> by maxNorm / (‖g‖₂ + 1e−6) when that is below 1, and returns ‖g‖₂ before
    /// clipping (NaN or ∞ when the gradient is not finite, which the caller should treat as a failed step).
    /// </summary>
    public static T ByGlobalNorm<T>(Span<T> gradients, T maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(maxNorm > T.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be positive.");
        }

        T sum = T.Zero;
        foreach (T g in gradients)
        {
            sum += g * g;
        }

        T norm = T.Sqrt(sum);
        T coefficient = NormCoefficient(norm, maxNorm);
        if (coefficient < T.One)
        {
            for (int i = 0; i < gradients.Length; i++)
            {
                gradients[i] *= coefficient;
            }
        }

        return norm;
    }

    /// <summary>The factor clip_grad_norm_ scales by: maxNorm / (norm + 1e−6); clipping applies only when it is below 1.</summary>
    internal static T NormCoefficient<T>(T norm, T maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T> => maxNorm / (norm + T.CreateChecked(1e-6));

    /// <summary>Clamps every gradient to [−limit, limit].</summary>
    public static void ByValue<T>(Span<T> gradients, T limit)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(limit > T.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be positive.");
        }

        for (int i = 0; i < gradients.Length; i++)
        {
            gradients[i] = T.Clamp(gradients[i], -limit, limit);
        }
    }
}
