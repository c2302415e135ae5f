using System;
using System.Linq;
using System.Reflection;
using CellGen.Numerics;
using CellGen.Tests.Numerics.Reference;
using CellGen.Tests.Numerics.Sweep;
using CellGen.Tests.Numerics.Streams;
using CellGen.Tests.Training.Cells;
using Xunit;

namespace CellGen.Tests.Training;

/// <summary>
/// Cells whose memory is four whole 512-bit vectors or more form their backward products through a transposed copy of U
/// (BackwardKernels.UsesColumns), made at the start of every backward pass with CellMath.TransposeBlock. The
/// finite-difference checks cover such cells in double precision (GradLstmColumns and the others, and with sums in
/// quarters GradLstmChunks and the RowsAlternate cells), the stream tests that a block of streams gets bit for bit what
/// each stream's own backward gives it, and BackwardRowOrderTests that the halves give the same bits in either order;
/// here the copy itself.
/// </summary>
public class TransposedWeightsTests
{
    [Fact]
    public void Only_cells_whose_memory_and_hidden_size_are_whole_512_bit_vectors_four_or_more_keep_U_transposed()
    {
        Assert.True(KeepsTransposed(typeof(LstmI16H128F)));
        Assert.True(KeepsTransposed(typeof(GruI4H128F)));
        Assert.True(KeepsTransposed(typeof(RnnI3H144F)));
        Assert.True(KeepsTransposed(typeof(LstmI3H64D)));
        Assert.True(KeepsTransposed(typeof(GradJordanRowsAlternate)));
        Assert.True(KeepsTransposed(typeof(GradGruBeforeColumns)));
        Assert.True(KeepsTransposed(typeof(GradJordanPanelColumns)));
        Assert.True(KeepsTransposed(typeof(LstmI3H64F)));
        Assert.True(KeepsTransposed(typeof(GradLstmChunks)));
        Assert.False(KeepsTransposed(typeof(LstmF32)));
        Assert.False(KeepsTransposed(typeof(GruI6H72F)));
        Assert.False(KeepsTransposed(typeof(RnnI2H200F)));
        Assert.False(KeepsTransposed(typeof(LstmI5H100D)));
    }

    [Fact]
    public void Backward_reads_the_weights_as_they_are_at_each_call()
    {
        foreach (int streams in new[] { 1, 4 })
        {
            var trained = new LstmI16H128F();
            Initializers.PyTorchUniform(trained, seed: 1);
            float[] before = Backward(trained, streams);

            // New weights written straight into Parameters, as an optimizer does: the next backward pass must read them.
            Initializers.PyTorchUniform(trained, seed: 2);
            float[] after = Backward(trained, streams);

            var fresh = new LstmI16H128F();
            Initializers.PyTorchUniform(fresh, seed: 2);
            Assert.Equal(Backward(fresh, streams), after);
            Assert.NotEqual(before, after);
        }
    }

    [Theory]
    [InlineData(16, 16)]
    [InlineData(48, 80)]
    public void TransposeBlock_copies_16_by_16_floats_transposed(int sourceStride, int destinationStride) =>
        CheckTranspose(16, sourceStride, destinationStride, i => (float)i, (source, destination) =>
            CellMath.TransposeBlock(ref source[0], (nuint)sourceStride, ref destination[0], (nuint)destinationStride));

    [Theory]
    [InlineData(8, 8)]
    [InlineData(24, 40)]
    public void TransposeBlock_copies_8_by_8_doubles_transposed(int sourceStride, int destinationStride) =>
        CheckTranspose(8, sourceStride, destinationStride, i => (double)i, (source, destination) =>
            CellMath.TransposeBlock(ref source[0], (nuint)sourceStride, ref destination[0], (nuint)destinationStride));

    /// <summary>Transposes a block of distinct values and checks every value of the destination, those past the block left 0.</summary>
    private static void CheckTranspose<T>(int size, int sourceStride, int destinationStride, Func<int, T> value, Action<T[], T[]> transpose)
    {
        T[] source = Enumerable.Range(0, size * sourceStride).Select(value).ToArray();
        T[] destination = new T[size * destinationStride];
        transpose(source, destination);
        for (int j = 0; j < size; j++)
        {
            for (int k = 0; k < destinationStride; k++)
            {
                Assert.Equal(k < size ? source[k * sourceStride + j] : default, destination[j * destinationStride + k]);
            }
        }
    }

    private static bool KeepsTransposed(Type cell) =>
        cell.GetField("_recurrentColumns", BindingFlags.NonPublic | BindingFlags.Instance) is not null;

    /// <summary>The parameter and state gradients of one backward pass over fixed data, those of every stream one after another.</summary>
    private static float[] Backward(IRecurrentCell<float> cell, int streams)
    {
        const int steps = 5;
        var random = new Random(5);
        float[] inputs = Enumerable.Range(0, steps * streams * cell.InputSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] state = Enumerable.Range(0, streams * cell.StateSize).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] outputGradients = Enumerable.Range(0, steps * streams * cell.OutputSize).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] outputs = new float[outputGradients.Length];
        float[] stateGradients = new float[state.Length];
        float[] parameterGradients = new float[cell.ParameterCount];
        var tape = new SequenceTape<float>();
        if (streams == 1)
        {
            cell.Forward(inputs, state, outputs, tape);
            cell.Backward(inputs, outputGradients, stateGradients, Span<float>.Empty, parameterGradients, tape);
        }
        else
        {
            cell.ForwardStreams(inputs, state, outputs, tape);
            cell.BackwardStreams(inputs, outputGradients, stateGradients, Span<float>.Empty, parameterGradients, tape);
        }

        return parameterGradients.Concat(stateGradients).ToArray();
    }
}
