using System;
using CellGen.Tests.Numerics.Reference;
using Xunit;

namespace CellGen.Tests.Runtime;

/// <summary>Wrong span lengths fail with an exception that names the argument and the expected shape, before anything changes.</summary>
public class ShapeTests
{
    [Theory]
    [InlineData(2, 128, 64, "input", "expected 3 (one time step of InputSize = 3 values)")]
    [InlineData(3, 127, 64, "state", "expected 128 (StateSize = 128: h (HiddenSize values) then c (HiddenSize values))")]
    [InlineData(3, 128, 65, "output", "expected 64 (one time step of OutputSize = 64 values)")]
    public void Step_rejects_wrong_lengths_and_changes_nothing(int inputLength, int stateLength, int outputLength, string argument, string expected)
    {
        var cell = new LstmI3H64F();
        cell.Parameters.Fill(0.1f);
        float[] state = new float[stateLength];
        state.AsSpan().Fill(0.5f);
        float[] output = new float[outputLength];

        var error = Assert.Throws<ArgumentException>(() => cell.Step(new float[inputLength], state, output));

        Assert.Equal(argument, error.ParamName);
        Assert.Contains("LstmI3H64F", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.All(state, v => Assert.Equal(0.5f, v));
        Assert.All(output, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Forward_rejects_a_partial_time_step()
    {
        var cell = new GruI7H33D();
        var error = Assert.Throws<ArgumentException>(() => cell.Forward(new double[7 * 4 + 1], cell.CreateState(), new double[33 * 4]));

        Assert.Equal("inputs", error.ParamName);
        Assert.Contains("not a whole number of time steps; expected T × 7", error.Message);
    }

    [Fact]
    public void Forward_rejects_outputs_of_the_wrong_length_before_touching_the_state()
    {
        var cell = new JordanSoftmaxF();
        cell.Parameters.Fill(0.3f);
        var state = cell.CreateState();
        state.PreviousOutput.Fill(0.25f);

        var error = Assert.Throws<ArgumentException>(() => cell.Forward(new float[2 * 5], state, new float[3 * 4]));

        Assert.Equal("outputs", error.ParamName);
        Assert.Contains("for T = 5 steps expected 5 × 3 = 15", error.Message);
        Assert.All(state.Values, v => Assert.Equal(0.25f, v));
    }

    [Fact]
    public void A_null_state_object_is_an_argument_null_exception()
    {
        var cell = new RnnTanhI7H33F();
        Assert.Throws<ArgumentNullException>(() => cell.Step(new float[7], (RnnTanhI7H33F.State)null!, new float[33]));
    }

    [Fact]
    public void An_empty_sequence_does_nothing()
    {
        var cell = new LstmI1H8F();
        cell.Parameters.Fill(1f);
        var state = cell.CreateState();
        cell.Forward(ReadOnlySpan<float>.Empty, state, Span<float>.Empty);
        Assert.All(state.Values, v => Assert.Equal(0f, v));
    }
}
