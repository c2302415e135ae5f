using System;
using System.Linq;
using System.Reflection;
using CellGen.Tests.Numerics.Reference;
using CellGen.Tests.Numerics.Streams;
using CellGen.Tests.Training.Cells;
using Xunit;

namespace CellGen.Tests.Training;

/// <summary>
/// The backward products through recurrent weights past 32 KB go through the rows in alternating order from step to
/// step (BackwardKernels.AlternatesRows). Each row's sum is formed the same way in either order, so a backward pass
/// that starts in the other order gives the same gradients bit for bit. The finite-difference checks cover such cells
/// in double precision (GradLstmRowsAlternate and the others); here the float ones.
/// </summary>
public class BackwardRowOrderTests
{
    // Odd, so that the second backward pass starts in the other order from the first.
    private const int Steps = 7;

    [Fact]
    public void Only_cells_whose_recurrent_weights_outgrow_32_KB_alternate()
    {
        Assert.True(Alternates(typeof(LstmI3H64F)));
        Assert.True(Alternates(typeof(LstmI16H128F)));
        Assert.True(Alternates(typeof(GradGruBeforeRowsAlternate)));
        Assert.True(Alternates(typeof(GradJordanRowsAlternate)));
        Assert.False(Alternates(typeof(LstmI7H33F)));
        Assert.False(Alternates(typeof(GradLstm)));
    }

    [Fact]
    public void Backward_in_either_row_order_gives_the_same_gradients_bit_for_bit()
    {
        foreach (IRecurrentCell<float> cell in new IRecurrentCell<float>[] { new LstmI3H64F(), new GruI6H72F(), new RnnI2H200F() })
        {
            Assert.True(Alternates(cell.GetType()), cell.GetType().Name);
            Initializers.PyTorchUniform(cell, seed: 11);
            var first = Train(cell, streams: 1);
            var second = Train(cell, streams: 1);
            Assert.Equal(first.Parameters, second.Parameters);
            Assert.Equal(first.Inputs, second.Inputs);
            Assert.Equal(first.State, second.State);
            Assert.Contains(first.Parameters, value => value != 0);

            // Blocks of four streams take their recurrent products together: the same, in either order.
            var block = Train(cell, streams: 4);
            var blockAgain = Train(cell, streams: 4);
            Assert.Equal(block.Parameters, blockAgain.Parameters);
            Assert.Equal(block.State, blockAgain.State);
        }
    }

    private static bool Alternates(Type cell) =>
        cell.GetField("_rowsReversed", BindingFlags.NonPublic | BindingFlags.Instance) is not null;

    private static (float[] Parameters, float[] Inputs, float[] State) Train(IRecurrentCell<float> cell, int streams)
    {
        var random = new Random(12);
        float[] inputs = Enumerable.Range(0, Steps * streams * cell.InputSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] state = Enumerable.Range(0, streams * cell.StateSize).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] outputGradients = Enumerable.Range(0, Steps * streams * cell.OutputSize).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] outputs = new float[Steps * streams * cell.OutputSize];
        float[] stateGradient = new float[state.Length];
        float[] inputGradients = new float[inputs.Length];
        float[] parameterGradients = new float[cell.ParameterCount];
        var tape = new SequenceTape<float>();
        if (streams == 1)
        {
            cell.Forward(inputs, state, outputs, tape);
            cell.Backward(inputs, outputGradients, stateGradient, inputGradients, parameterGradients, tape);
        }
        else
        {
            cell.ForwardStreams(inputs, state, outputs, tape);
            cell.BackwardStreams(inputs, outputGradients, stateGradient, inputGradients, parameterGradients, tape);
        }

        return (parameterGradients, inputGradients, stateGradient);
    }
}
