namespace CellGen;

/// <summary>
/// An element-wise activation function (or, for <see cref="Softmax"/>, one over a whole output vector).
/// Which positions accept which activations is listed on each cell attribute.
/// </summary>
public enum Activation
{
    /// <summary>tanh(x). The default for the candidate, the cell output and the simple RNN's hidden layer.</summary>
    Tanh = 0,

    /// <summary>x: the identity, as in the lecture notes' worked examples.</summary>
    Linear = 1,

    /// <summary>max(0, x).</summary>
    Relu = 2,

    /// <summary>1 / (1 + e^(−x)). The default for gates.</summary>
    Sigmoid = 3,

    /// <summary>max(0, min(1, 0.2·x + 0.5)), with ONNX's default alpha 0.2 and beta 0.5 (not PyTorch's x/6 + 0.5).</summary>
    HardSigmoid = 4,

    /// <summary>x / (1 + |x|).</summary>
    Softsign = 5,

    /// <summary>e^(y_k − max y) / Σ e^(y_j − max y) over the outputs. Only for a dense output layer.</summary>
    Softmax = 6,
}
