using System;
using System.Numerics;

namespace CellGen;

/// <summary>
/// Stochastic gradient descent as torch.optim.SGD: g ← g + λθ; with momentum μ, b ← g on the first step, then
/// b ← μ b + (1 − dampening) g; Nesterov uses g + μ b, plain momentum uses b; θ ← θ − η g.
/// </summary>
public sealed class Sgd<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _momentumBuffer;

    /// <summary>Creates SGD for <paramref name="parameterCount"/> parameters (torch.optim.SGD's arguments and defaults).</summary>
    public Sgd(int parameterCount, double learningRate, double momentum = 0, double dampening = 0, bool nesterov = false, double weightDecay = 0)
        : base(parameterCount, learningRate)
    {
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum needs momentum > 0 and dampening = 0, as in torch.optim.SGD.", nameof(nesterov));
        }

        Momentum = T.CreateChecked(momentum);
        Dampening = T.CreateChecked(dampening);
        Nesterov = nesterov;
        WeightDecay = T.CreateChecked(weightDecay);
        _momentumBuffer = momentum != 0 ? new T[parameterCount] : Array.Empty<T>();
    }

    /// <summary>The momentum factor μ (0 for none).</summary>
    public T Momentum { get; }

    /// <summary>The dampening of the momentum.</summary>
    public T Dampening { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <summary>The weight decay λ (0 for none).</summary>
    public T WeightDecay { get; }

    /// <inheritdoc/>
    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradients, T learningRate, int step)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = Decayed(gradients[i], parameters[i], WeightDecay);
            if (Momentum != T.Zero)
            {
                T buffer = step == 1 ? g : Momentum * _momentumBuffer[i] + (T.One - Dampening) * g;
                _momentumBuffer[i] = buffer;
                g = Nesterov ? g + Momentum * buffer : buffer;
            }

            parameters[i] -= learningRate * g;
        }
    }

    /// <inheritdoc/>
    protected override void ResetState() => Array.Clear(_momentumBuffer);
}
