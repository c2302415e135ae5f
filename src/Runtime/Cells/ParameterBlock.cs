namespace CellGen;

/// <summary>
/// One named block of a cell's parameters: <see cref="Rows"/> × <see cref="Columns"/> values, row-major, at
/// <see cref="Offset"/> in the cell's parameter array, and where the same values sit in PyTorch's state_dict.
/// </summary>
/// <param name="Name">The block's name, as the generated property that views it (for example <c>ForgetGateInputWeights</c>).</param>
/// <param name="Offset">The index of the block's first value in the parameter array.</param>
/// <param name="Rows">Rows of the block: for a weight matrix, the inputs it reads (it is stored input-major); 1 for a vector.</param>
/// <param name="Columns">Columns of the block: for a weight matrix, the units it feeds; the length of a vector.</param>
/// <param name="PyTorchName">The PyTorch tensor holding these values (<c>weight_ih</c>, <c>bias_hh</c>, …; <c>weight_out</c>/<c>bias_out</c> for the dense output layer, <c>weight_peephole</c> [3, H] in gate order i, f, o).</param>
/// <param name="PyTorchOffset">The flat index in that tensor where this block starts; the block is contiguous there.</param>
/// <param name="Transposed">
/// True for weight matrices: PyTorch stores the block as [<see cref="Columns"/>, <see cref="Rows"/>] (output-major),
/// the transpose of this layout. False for vectors, which are stored alike.
/// </param>
public readonly record struct ParameterBlock(
    string Name, int Offset, int Rows, int Columns, string PyTorchName, int PyTorchOffset, bool Transposed)
{
    /// <summary>The number of values in the block.</summary>
    public int Length => Rows * Columns;

    /// <summary>The flat index in the PyTorch tensor <see cref="PyTorchName"/> of this block's value at (row, column).</summary>
    public int PyTorchIndex(int row, int column) =>
        PyTorchOffset + (Transposed ? column * Rows + row : row * Columns + column);
}
