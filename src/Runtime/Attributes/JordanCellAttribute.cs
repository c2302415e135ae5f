using System;

namespace CellGen;

/// <summary>
/// Generates a Jordan network on a partial class: the memory holds the network's output,
/// h(t) = Activation(W x(t) + b_ih + U y(t−1) + b_hh) and y(t) = OutputActivation(V h(t) + b_out).
/// <see cref="CellAttribute.Output"/> is required.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class JordanCellAttribute : CellAttribute
{
    /// <summary>The hidden layer's activation: Tanh by default; Linear, Relu, Sigmoid, HardSigmoid or Softsign.</summary>
    public Activation Activation { get; set; } = Activation.Tanh;
}
