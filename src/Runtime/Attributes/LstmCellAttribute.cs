using System;

namespace CellGen;

/// <summary>
/// Generates a long short-term memory cell on a partial class:
/// i = f(W_i x + U_i h + b_i [+ P_i ⊙ c(t−1)]), f_t = f(W_f x + U_f h + b_f [+ P_f ⊙ c(t−1)]), g = g(W_g x + U_g h + b_g),
/// c(t) = f_t ⊙ c(t−1) + i ⊙ g, o = f(W_o x + U_o h + b_o [+ P_o ⊙ c(t)]), h(t) = o ⊙ h(c(t)).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LstmCellAttribute : CellAttribute
{
    /// <summary>Peephole connections with ONNX semantics: the input and forget gates see c(t−1), the output gate sees c(t).</summary>
    public bool Peephole { get; set; }

    /// <summary>The gates' activation f: Sigmoid (the default) or HardSigmoid.</summary>
    public Activation GateActivation { get; set; } = Activation.Sigmoid;

    /// <summary>The candidate (cell input) activation g: Tanh by default; Linear, Relu, Sigmoid, HardSigmoid or Softsign.</summary>
    public Activation CandidateActivation { get; set; } = Activation.Tanh;

    /// <summary>The cell output activation h: Tanh by default; Linear, Relu, Sigmoid, HardSigmoid or Softsign.</summary>
    public Activation CellActivation { get; set; } = Activation.Tanh;
}
