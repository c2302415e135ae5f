using System;
using System.Linq;
using CellGen.Tests.Numerics.Reference;
using CellGen.Tests.Numerics.Streams;
using CellGen.Tests.Numerics.Sweep;
using Xunit;

namespace CellGen.Tests.Runtime;

/// <summary>
/// Recurrent weights stored in panels of one cache line of units: which cells store them so, where each value sits,
/// and that the step's alternating tile order gives the same values either way.
/// </summary>
public class PanelLayoutTests
{
    [Fact]
    public void Recurrent_weights_are_in_panels_when_the_hidden_size_is_two_to_four_cache_lines()
    {
        // Beyond four panels, a row's pieces fall 8 KB or more apart, into one set of the cache: row-major there.
        Assert.All(RecurrentBlocks(new LstmI16H128F()), block => Assert.Equal(0, block.PanelWidth));
        Assert.All(RecurrentBlocks(new LstmI3H64F()), block => Assert.Equal(16, block.PanelWidth));
        Assert.All(RecurrentBlocks(new LstmD16()), block => Assert.Equal(8, block.PanelWidth));
        Assert.All(RecurrentBlocks(new LstmF16()), block => Assert.Equal(0, block.PanelWidth));
        Assert.All(RecurrentBlocks(new LstmI7H33F()), block => Assert.Equal(0, block.PanelWidth));

        // Only the recurrent weights: input weights, biases and the output layer stay row-major.
        Assert.All(new LstmI3H64F().ParameterLayout.Where(block => block.PyTorchName != "weight_hh"), block => Assert.Equal(0, block.PanelWidth));
    }

    [Fact]
    public void Index_finds_each_value_of_a_block_in_panels_once()
    {
        var cell = new LstmI3H64F();
        ParameterBlock block = cell.ParameterLayout.Single(b => b.Name == "ForgetGateRecurrentWeights");

        // Unit 17 of row 5 is in the second panel (units 16…31), at row 5 of it, position 1.
        Assert.Equal(block.Offset + 16 * 64 + 5 * 16 + 1, block.Index(5, 17));

        int[] indices = Enumerable.Range(0, block.Rows).SelectMany(row => Enumerable.Range(0, block.Columns).Select(column => block.Index(row, column))).ToArray();
        Assert.Equal(Enumerable.Range(block.Offset, block.Length), indices.OrderBy(i => i));

        // A row-major block is unchanged: row · Columns + column.
        ParameterBlock input = cell.ParameterLayout.Single(b => b.Name == "ForgetGateInputWeights");
        Assert.Equal(input.Offset + 2 * 64 + 17, input.Index(2, 17));
    }

    [Fact]
    public void A_weight_written_through_Index_reaches_the_unit_it_feeds()
    {
        // U_i[k = 3, j = 40] alone, with h(t−1) = e_3 and everything else zero: only unit 40's input gate moves, so only
        // c(t) and h(t) of unit 40 differ from those of the other units (whose pre-activations are all 0).
        var cell = new LstmI3H64F();
        ParameterBlock block = cell.ParameterLayout.Single(b => b.Name == "InputGateRecurrentWeights");
        cell.CandidateInputBias.Fill(1f);
        cell.Parameters[block.Index(3, 40)] = 5f;
        float[] state = new float[LstmI3H64F.StateSize];
        state[3] = 1f;
        float[] output = new float[LstmI3H64F.OutputSize];
        cell.Step(new float[3], state, output);

        float others = output[0];
        Assert.NotEqual(others, output[40]);
        Assert.All(Enumerable.Range(0, 64).Where(j => j != 40), j => Assert.Equal(others, output[j]));
    }

    [Fact]
    public void Steps_in_either_tile_order_give_the_same_state_bit_for_bit()
    {
        // The step alternates the order of its tiles from call to call: two calls from the same state and input go
        // opposite ways and must agree exactly, as must a third.
        var cell = new LstmI3H64F();
        Initializers.PyTorchUniform(cell, seed: 5);
        var random = new Random(6);
        float[] input = Enumerable.Range(0, 3).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] start = Enumerable.Range(0, LstmI3H64F.StateSize).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();

        float[][] states = new float[3][], outputs = new float[3][];
        for (int call = 0; call < 3; call++)
        {
            states[call] = (float[])start.Clone();
            outputs[call] = new float[LstmI3H64F.OutputSize];
            cell.Step(input, states[call], outputs[call]);
        }

        Assert.Equal(states[0], states[1]);
        Assert.Equal(outputs[0], outputs[1]);
        Assert.Equal(states[0], states[2]);
        Assert.NotEqual(start, states[0]);
    }

    private static ParameterBlock[] RecurrentBlocks<T>(IRecurrentCell<T> cell)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        cell.ParameterLayout.Where(block => block.PyTorchName == "weight_hh").ToArray();
}
