using System;
using System.Linq;
using CellGen.Tests.Numerics.Reference;
using CellGen.Tests.Numerics.Sweep;
using Xunit;

namespace CellGen.Tests.Runtime;

/// <summary>Runtime-sized cells compute what the generated cells of the same kind and sizes compute, from the same parameters.</summary>
public class DynamicCellTests
{
    public static TheoryData<string> Cases => new() { "lstm 7x33", "lstm 1x8", "lstm 3x64", "gru 7x33", "gru 1x3", "rnn 7x33", "rnn-sweep 2x5" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Dynamic_cell_matches_the_generated_cell(string name)
    {
        (IRecurrentCell<float> generated, DynamicCellKind kind) = name switch
        {
            "lstm 7x33" => ((IRecurrentCell<float>)new LstmI7H33F(), DynamicCellKind.Lstm),
            "lstm 1x8" => (new LstmI1H8F(), DynamicCellKind.Lstm),
            "lstm 3x64" => (new LstmI3H64F(), DynamicCellKind.Lstm),
            "gru 7x33" => (new GruI7H33F(), DynamicCellKind.Gru),
            "gru 1x3" => (new GruI1H3F(), DynamicCellKind.Gru),
            "rnn 7x33" => (new RnnTanhI7H33F(), DynamicCellKind.Rnn),
            _ => (new DynamicSweepRnn(), DynamicCellKind.Rnn),
        };
        var dynamic = new DynamicCell(kind, generated.InputSize, generated.HiddenSize);
        Assert.Equal(generated.Parameters.Length, dynamic.Parameters.Length);
        Initializers.PyTorchUniform(generated, seed: 3);
        generated.Parameters.CopyTo(dynamic.Parameters);

        var random = new Random(4);
        float[] inputs = Enumerable.Range(0, 9 * generated.InputSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] state = Enumerable.Range(0, generated.StateSize).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] dynamicState = (float[])state.Clone();
        float[] expected = new float[9 * generated.OutputSize], actual = new float[expected.Length];

        generated.Forward(inputs, state, expected);
        dynamic.Forward(inputs, dynamicState, actual);

        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6f, $"{name} output {i}: {actual[i]} vs {expected[i]}");
        }

        for (int i = 0; i < state.Length; i++)
        {
            Assert.True(Math.Abs(state[i] - dynamicState[i]) <= 1e-6f, $"{name} state {i}");
        }
    }

    [Fact]
    public void Dynamic_cell_checks_lengths()
    {
        var cell = new DynamicCell(DynamicCellKind.Lstm, 3, 10);
        Assert.Equal("state", Assert.Throws<ArgumentException>(() => cell.Step(new float[3], new float[10], new float[10])).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DynamicCell(DynamicCellKind.Gru, 0, 4));
    }
}

[RnnCell(Input = 2, Hidden = 5)] public partial class DynamicSweepRnn { }
