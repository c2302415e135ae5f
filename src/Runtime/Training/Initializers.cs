using System;
using System.Numerics;

namespace CellGen;

/// <summary>
/// Seeded, deterministic parameter initializers for any generated cell, driven by its <see cref="ParameterBlock"/>
/// layout: weight matrices are the blocks PyTorch stores transposed, recurrent weights those it calls weight_hh.
/// </summary>
public static class Initializers
{
    /// <summary>PyTorch's default for nn.RNN/LSTM/GRU: every parameter drawn from U(−1/√H, 1/√H).</summary>
    public static void PyTorchUniform<T>(IRecurrentCell<T> cell, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(cell);
        var random = new Random(seed);
        double bound = 1 / Math.Sqrt(cell.HiddenSize);
        Span<T> parameters = cell.Parameters;
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = T.CreateChecked((random.NextDouble() * 2 - 1) * bound);
        }
    }

    /// <summary>
    /// Keras's defaults: input and output weights Glorot uniform, U(±√(6 / (fan_in + fan_out))) per gate block;
    /// recurrent weights orthogonal per gate block (or Glorot when <paramref name="orthogonalRecurrent"/> is false);
    /// biases and peepholes zero, except the LSTM forget gate's input bias, set to <paramref name="forgetGateBias"/>.
    /// </summary>
    public static void Glorot<T>(IRecurrentCell<T> cell, int seed, bool orthogonalRecurrent = true, double forgetGateBias = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(cell);
        var random = new Random(seed);
        Span<T> parameters = cell.Parameters;
        foreach (ParameterBlock block in cell.ParameterLayout)
        {
            Span<T> values = parameters.Slice(block.Offset, block.Length);
            if (!block.Transposed)
            {
                values.Fill(block.Name == "ForgetGateInputBias" ? T.CreateChecked(forgetGateBias) : T.Zero);
            }
            else if (orthogonalRecurrent && block.PyTorchName == "weight_hh")
            {
                // Made row-major, then each value put where the block keeps it (recurrent weights may be in panels).
                var matrix = new T[block.Length];
                Orthogonal<T>(matrix, block.Rows, block.Columns, random);
                for (int row = 0; row < block.Rows; row++)
                {
                    for (int column = 0; column < block.Columns; column++)
                    {
                        parameters[block.Index(row, column)] = matrix[row * block.Columns + column];
                    }
                }
            }
            else
            {
                double bound = Math.Sqrt(6.0 / (block.Rows + block.Columns));
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = T.CreateChecked((random.NextDouble() * 2 - 1) * bound);
                }
            }
        }
    }

    /// <summary>
    /// Fills a rows × columns matrix with orthonormal rows (rows ≤ columns) or columns (rows &gt; columns): Gaussian values
    /// orthonormalized by modified Gram–Schmidt, as Keras's Orthogonal initializer does with QR.
    /// </summary>
    public static void Orthogonal<T>(Span<T> matrix, int rows, int columns, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (matrix.Length != rows * columns)
        {
            throw new ArgumentException($"matrix has {matrix.Length} values; expected {rows} × {columns}.", nameof(matrix));
        }

        // Orthonormalize the shorter side: vectors of length n, count m ≤ n.
        bool byRows = rows <= columns;
        int count = byRows ? rows : columns, length = byRows ? columns : rows;
        var vectors = new double[count, length];
        for (int v = 0; v < count; v++)
        {
            for (int i = 0; i < length; i++)
            {
                // Box–Muller: a standard normal value from two uniform ones.
                double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
                vectors[v, i] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            }

            for (int previous = 0; previous < v; previous++)
            {
                double dot = 0;
                for (int i = 0; i < length; i++)
                {
                    dot += vectors[v, i] * vectors[previous, i];
                }

                for (int i = 0; i < length; i++)
                {
                    vectors[v, i] -= dot * vectors[previous, i];
                }
            }

            double norm = 0;
            for (int i = 0; i < length; i++)
            {
                norm += vectors[v, i] * vectors[v, i];
            }

            norm = Math.Sqrt(norm);
            for (int i = 0; i < length; i++)
            {
                vectors[v, i] /= norm;
            }
        }

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                matrix[r * columns + c] = T.CreateChecked(byRows ? vectors[r, c] : vectors[c, r]);
            }
        }
    }
}
