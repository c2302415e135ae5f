using System;

namespace CellGen;

/// <summary>
/// Generates a gated recurrent unit on a partial class: r = f(W_r x + U_r h + b_r), z = f(W_z x + U_z h + b_z),
/// n = g(W_n x + b_in + r ⊙ (U_n h + b_hn)) (or the original form, see <see cref="ResetAfter"/>),
/// h(t) = (1 − z) ⊙ n + z ⊙ h(t−1).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class GruCellAttribute : CellAttribute
{
    /// <summary>
    /// True (the default) is the PyTorch/cuDNN form, n = g(W_n x + b_in + r ⊙ (U_n h + b_hn)); false is the original form,
    /// n = g(W_n x + b_in + U_n (r ⊙ h) + b_hn), ONNX's default (linear_before_reset = 0).
    /// </summary>
    public bool ResetAfter { get; set; } = true;

    /// <summary>The gates' activation f: Sigmoid (the default) or HardSigmoid.</summary>
    public Activation GateActivation { get; set; } = Activation.Sigmoid;

    /// <summary>The candidate activation g: Tanh by default; Linear, Relu, Sigmoid, HardSigmoid or Softsign.</summary>
    public Activation CandidateActivation { get; set; } = Activation.Tanh;
}
