using System;

namespace CellGen;

/// <summary>
/// What every cell attribute shares: the sizes, the element type, biases, clipping and the optional dense output layer.
/// The generator reads these values at compile time; sizes must be between 1 and <see cref="MaxSize"/>.
/// </summary>
public abstract class CellAttribute : Attribute
{
    /// <summary>The largest Input, Hidden or Output the generator accepts.</summary>
    public const int MaxSize = 4096;

    /// <summary>Values per time step of input (1 to <see cref="MaxSize"/>). Required.</summary>
    public int Input { get; set; }

    /// <summary>Units of the hidden layer (1 to <see cref="MaxSize"/>). Required.</summary>
    public int Hidden { get; set; }

    /// <summary>
    /// Units of a dense output layer on top of the cell, y(t) = OutputActivation(V h(t) + b). 0 (the default) means no
    /// output layer: the cell's outputs are h(t). A Jordan cell always has one.
    /// </summary>
    public int Output { get; set; }

    /// <summary>The activation of the dense output layer: Linear by default; any <see cref="Activation"/>, Softmax included.</summary>
    public Activation OutputActivation { get; set; } = Activation.Linear;

    /// <summary>The element type: <c>typeof(float)</c> (the default) or <c>typeof(double)</c>.</summary>
    public Type ElementType { get; set; } = typeof(float);

    /// <summary>Whether the cell (and its output layer) has biases. True by default.</summary>
    public bool Bias { get; set; } = true;

    /// <summary>
    /// Cell clipping as in ONNX's <c>clip</c>: every gate and candidate pre-activation is clamped to [−Clip, Clip]
    /// before its activation. 0 (the default) means no clipping.
    /// </summary>
    public double Clip { get; set; }
}
