using System;
using System.Linq;
using Xunit;

namespace CellGen.Tests.Training;

/// <summary>Truncated BPTT(k1, k2) against full BPTT and stateful chunks, and finite-input checking.</summary>
public class TruncatedBpttTests
{
    private const int Steps = 13;

    private static (NetLstm Cell, double[] Inputs, double[] State) Setup()
    {
        var cell = new NetLstm();
        var random = new Random(21);
        Span<double> p = cell.Parameters;
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = random.NextDouble() - 0.5;
        }

        double[] inputs = Enumerable.Range(0, Steps * NetLstm.InputSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] state = Enumerable.Range(0, NetLstm.StateSize).Select(_ => random.NextDouble() - 0.5).ToArray();
        return (cell, inputs, state);
    }

    /// <summary>dL/dy(t) = a fixed pattern for every step t, so that each step's loss is linear in its output.</summary>
    private static double Weight(int step, int j) => Math.Cos(step * 7 + j);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(13)]
    public void Unlimited_k2_equals_full_backpropagation_through_time(int k1)
    {
        (NetLstm cell, double[] inputs, double[] state) = Setup();
        IRecurrentCell<double> c = cell;

        // Full BPTT of Σ_t w(t) · y(t).
        double[] fullGradients = new double[c.ParameterCount];
        var tape = new SequenceTape<double>();
        double[] outputs = new double[Steps * c.OutputSize];
        c.Forward(inputs, (double[])state.Clone(), outputs, tape);
        double[] dy = Enumerable.Range(0, outputs.Length).Select(i => Weight(i / c.OutputSize, i % c.OutputSize)).ToArray();
        c.Backward(inputs, dy, new double[c.StateSize], Span<double>.Empty, fullGradients, tape);

        double[] truncated = new double[c.ParameterCount];
        double[] carried = (double[])state.Clone();
        new TruncatedBptt<double>(k1, k2: Steps).Accumulate(c, inputs, carried, (window, y, g) =>
        {
            int first = window * k1;
            double loss = 0;
            for (int i = 0; i < y.Length; i++)
            {
                g[i] = Weight(first + i / c.OutputSize, i % c.OutputSize);
                loss += g[i] * y[i];
            }

            return loss;
        }, truncated);

        for (int i = 0; i < truncated.Length; i++)
        {
            Assert.Equal(fullGradients[i], truncated[i], 12);
        }

        double[] finalState = (double[])state.Clone();
        c.Forward(inputs, finalState, new double[outputs.Length]);
        Assert.Equal(finalState, carried);
    }

    /// <summary>
    /// On whole chunks, BPTT(k, k) is training a stateful layer chunk by chunk. (A last, shorter window differs by
    /// design: it still reaches k2 steps back, across the chunk edge.)
    /// </summary>
    [Fact]
    public void Equal_k1_and_k2_equals_stateful_training_in_chunks()
    {
        (NetLstm cell, double[] allInputs, double[] state) = Setup();
        IRecurrentCell<double> c = cell;
        const int chunk = 4, steps = 12;
        double[] inputs = allInputs[..(steps * c.InputSize)];
        double[] truncated = new double[c.ParameterCount];
        new TruncatedBptt<double>(chunk, chunk).Accumulate(c, inputs, (double[])state.Clone(), (window, y, g) =>
        {
            for (int i = 0; i < y.Length; i++)
            {
                g[i] = Weight(window * chunk + i / c.OutputSize, i % c.OutputSize);
            }

            return 0;
        }, truncated);

        var layer = new RecurrentLayer<double>(new NetLstm()) { Stateful = true };
        cell.Parameters.CopyTo(layer.Parameters(0));
        state.CopyTo(layer.State);
        for (int start = 0; start < steps; start += chunk)
        {
            int length = chunk;
            ReadOnlySpan<double> piece = inputs.AsSpan(start * c.InputSize, length * c.InputSize);
            double[] y = new double[length * c.OutputSize];
            layer.Forward(piece, y);
            double[] dy = Enumerable.Range(0, y.Length).Select(i => Weight(start + i / c.OutputSize, i % c.OutputSize)).ToArray();
            layer.Backward(piece, dy, Span<double>.Empty);
        }

        double[] chunked = layer.Gradients(0).ToArray();
        for (int i = 0; i < truncated.Length; i++)
        {
            Assert.Equal(chunked[i], truncated[i], 12);
        }
    }

    [Fact]
    public void K2_below_k1_is_refused()
    {
        Assert.Equal("k2", Assert.Throws<ArgumentOutOfRangeException>(() => new TruncatedBptt<float>(5, 3)).ParamName);
    }

    [Fact]
    public void A_network_asked_to_check_inputs_names_the_first_non_finite_value()
    {
        var network = new SequenceNetwork<double>(new RecurrentLayer<double>(new NetGru())) { CheckInputs = true };
        double[] inputs = new double[3 * 4];
        inputs[7] = double.NaN;

        var error = Assert.Throws<ArgumentException>(() => network.Forward(inputs, new double[4 * 4]));

        Assert.Equal("inputs", error.ParamName);
        Assert.Contains("inputs[7] (time step 2, value 1) is NaN", error.Message);
    }
}
