using System;

namespace CellGen;

/// <summary>
/// Generates a simple (Elman) recurrent cell on a partial class: the memory holds the hidden layer,
/// h(t) = Activation(W x(t) + b_ih + U h(t−1) + b_hh).
/// </summary>
/// <example><code>
/// [RnnCell(Input = 2, Hidden = 2, Output = 2)]
/// public partial class Elman { }
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RnnCellAttribute : CellAttribute
{
    /// <summary>The hidden layer's activation: Tanh by default; Linear, Relu, Sigmoid, HardSigmoid or Softsign.</summary>
    public Activation Activation { get; set; } = Activation.Tanh;
}
