namespace CellGen;

/// <summary>
/// One named block of a cell's parameters: <see cref="Rows"/> × <see cref="Columns"/> values at <see cref="Offset"/> in
/// the cell's parameter array, and where the same values sit in PyTorch's state_dict. Use <see cref="Index"/> to find a
/// value: a block is row-major, or (a recurrent weight matrix wide enough, <see cref="PanelWidth"/> not 0) stored in
/// column panels.
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
/// <param name="PanelWidth">
/// 0 for a row-major block (the value at (row, column) is at <c>Offset + row · Columns + column</c>). Otherwise the
/// block is stored as <see cref="Columns"/> / PanelWidth panels of PanelWidth columns, one after the other, each
/// row-major: [panel][row][column in the panel]. Recurrent weight matrices are stored so when the hidden size is two,
/// three or four cache lines of values (32, 48 or 64 floats; 16, 24 or 32 doubles), because the step reads them one
/// panel at a time: each panel is then one contiguous run of memory.
/// </param>
public readonly record struct ParameterBlock(
    string Name, int Offset, int Rows, int Columns, string PyTorchName, int PyTorchOffset, bool Transposed, int PanelWidth = 0)
{
    /// <summary>The number of values in the block.</summary>
    public int Length => Rows * Columns;

    /// <summary>The index in the cell's parameter array of this block's value at (row, column).</summary>
    public int Index(int row, int column) =>
        PanelWidth == 0
            ? Offset + row * Columns + column
            : Offset + column / PanelWidth * (Rows * PanelWidth) + row * PanelWidth + column % PanelWidth;

    /// <summary>The flat index in the PyTorch tensor <see cref="PyTorchName"/> of this block's value at (row, column).</summary>
    public int PyTorchIndex(int row, int column) =>
        PyTorchOffset + (Transposed ? column * Rows + row : row * Columns + column);
}
