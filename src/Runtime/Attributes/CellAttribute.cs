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

    /// <summary>
    /// A weights file to bake into the class at compile time: the file name of a safetensors or ONNX (<c>.onnx</c>)
    /// file given to the build as <c>&lt;CellGenWeights Include="path/to/file" /&gt;</c>. New instances then start with
    /// those weights, and the program needs no file at run time. A file that does not fit the attribute is a
    /// compile-time error naming the first mismatch. Null (the default): parameters start at zero.
    /// </summary>
    public string? Weights { get; set; }

    /// <summary>The layout of a safetensors <see cref="Weights"/> file: PyTorch's (the default), Keras's or ONNX's.</summary>
    public WeightFormat WeightsFormat { get; set; } = WeightFormat.PyTorch;

    /// <summary>Which layer of a multi-layer <see cref="Weights"/> file to take: k of <c>weight_ih_l{k}</c>, or the k-th recurrent node of an ONNX model.</summary>
    public int WeightsLayer { get; set; }

    /// <summary>Take the reverse direction of a bidirectional layer in <see cref="Weights"/> (<c>_reverse</c>, or ONNX's second direction).</summary>
    public bool WeightsReverse { get; set; }

    /// <summary>Where the cell's tensors sit in a larger state_dict (<c>"rnn."</c> for <c>rnn.weight_ih_l0</c>).</summary>
    public string WeightsPrefix { get; set; } = "";
}
