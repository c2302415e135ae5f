using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using CellGen.Tests.Numerics.Reference;
using Xunit;

namespace CellGen.Tests.Numerics;

/// <summary>
/// Training S streams together: ForwardStreams with a tape gives every stream exactly (bit for bit) the outputs,
/// states and tape records of Forward alone; BackwardStreams gives exactly the state and input gradients of Backward
/// alone, and the parameter gradients of S Backward calls up to the order of their sums.
/// </summary>
public class StreamTrainingTests
{
    private static readonly int[] StreamCounts = { 1, 3, 4, 5, 8, 17 };

    public static IEnumerable<object[]> FloatCells() => StreamTests.FloatCells();

    public static IEnumerable<object[]> DoubleCells() => StreamTests.DoubleCells();

    [Theory]
    [MemberData(nameof(FloatCells))]
    public void Float_stream_training_matches_sequences_alone(IRecurrentCell<float> cell) => Check(cell, 2e-5);

    [Theory]
    [MemberData(nameof(DoubleCells))]
    public void Double_stream_training_matches_sequences_alone(IRecurrentCell<double> cell) => Check(cell, 1e-12);

    private static void Check<T>(IRecurrentCell<T> cell, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(cell.HiddenSize * 13 + cell.InputSize);
        Span<T> parameters = cell.Parameters;
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = T.CreateChecked((random.NextDouble() * 2 - 1) * 1.5 / Math.Sqrt(cell.HiddenSize));
        }

        const int steps = 5;
        int valuesPerStep = (int)cell.GetType().GetField("TapeValuesPerStep")!.GetRawConstantValue()!;
        foreach (int streams in StreamCounts)
        {
            int inputSize = cell.InputSize, outputSize = cell.OutputSize, stateSize = cell.StateSize;
            T[] inputs = Values<T>(random, steps * streams * inputSize, 3);
            T[] initial = Values<T>(random, streams * stateSize, 1);
            T[] outputGradients = Values<T>(random, steps * streams * outputSize, 1);
            T[] finalStateGradients = Values<T>(random, streams * stateSize, 1);

            // Each stream alone: Forward and Backward on its own sequence.
            var expectedOutputs = new T[inputs.Length / inputSize * outputSize];
            T[] expectedStates = (T[])initial.Clone();
            T[] expectedStateGradients = (T[])finalStateGradients.Clone();
            var expectedInputGradients = new T[inputs.Length];
            var expectedParameterGradients = new T[cell.ParameterCount];
            var expectedRecords = new T[steps * streams * valuesPerStep];
            var tape = new SequenceTape<T>();
            for (int s = 0; s < streams; s++)
            {
                T[] x = Gather(inputs, s, streams, inputSize), dy = Gather(outputGradients, s, streams, outputSize);
                var y = new T[steps * outputSize];
                cell.Forward(x, expectedStates.AsSpan(s * stateSize, stateSize), y, tape);
                Scatter(y, expectedOutputs, s, streams, outputSize);
                Scatter(tape.Read(cell, valuesPerStep, steps).ToArray(), expectedRecords, s, streams, valuesPerStep);
                var dx = new T[x.Length];
                cell.Backward(x, dy, expectedStateGradients.AsSpan(s * stateSize, stateSize), dx, expectedParameterGradients, tape);
                Scatter(dx, expectedInputGradients, s, streams, inputSize);
            }

            T[] states = (T[])initial.Clone();
            var outputs = new T[expectedOutputs.Length];
            cell.ForwardStreams(inputs, states, outputs, tape);
            string what = $"{cell.GetType().Name}, S = {streams}";
            AssertIdentical(what + ", outputs", expectedOutputs, outputs);
            AssertIdentical(what + ", states", expectedStates, states);
            AssertIdentical(what + ", tape", expectedRecords, tape.Read(cell, valuesPerStep, steps, streams).ToArray());

            T[] stateGradients = (T[])finalStateGradients.Clone();
            var inputGradients = new T[inputs.Length];
            var parameterGradients = new T[cell.ParameterCount];
            cell.BackwardStreams(inputs, outputGradients, stateGradients, inputGradients, parameterGradients, tape);
            AssertIdentical(what + ", state gradients", expectedStateGradients, stateGradients);
            AssertIdentical(what + ", input gradients", expectedInputGradients, inputGradients);
            for (int i = 0; i < parameterGradients.Length; i++)
            {
                double expected = double.CreateChecked(expectedParameterGradients[i]), actual = double.CreateChecked(parameterGradients[i]);
                Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"{what}, parameter gradient {i}: {actual} vs {expected}");
            }

            Assert.Contains(parameterGradients, g => g != T.Zero);
        }
    }

    [Fact]
    public void Stream_backward_refuses_other_recordings_and_wrong_lengths()
    {
        var cell = new LstmI3H64F();
        cell.Parameters.Fill(0.05f);
        var tape = new SequenceTape<float>();
        var inputs = new float[2 * 4 * 3];
        cell.ForwardStreams(inputs, new float[4 * 128], new float[2 * 4 * 64], tape);
        var gradients = new float[LstmI3H64F.ParameterCount];

        // The same number of values as 4 streams of 2 steps, but 8 steps of one stream: refused, not misread.
        var single = Assert.Throws<InvalidOperationException>(() => cell.Backward(inputs.AsSpan(0, 8 * 3), new float[8 * 64], new float[128], Span<float>.Empty, gradients, tape));
        Assert.Contains("2 steps of 4 streams", single.Message);
        var fewer = Assert.Throws<InvalidOperationException>(() => cell.BackwardStreams(inputs, new float[2 * 4 * 64], new float[2 * 128], Span<float>.Empty, gradients, tape));
        Assert.Contains("4 steps of 2 streams", fewer.Message);

        var wrongStates = Assert.Throws<ArgumentException>(() => cell.BackwardStreams(inputs, new float[2 * 4 * 64], new float[4 * 128 - 1], Span<float>.Empty, gradients, tape));
        Assert.Equal("stateGradients", wrongStates.ParamName);
        Assert.Contains("S × 128", wrongStates.Message);
        var wrongOutputs = Assert.Throws<ArgumentException>(() => cell.BackwardStreams(inputs, new float[2 * 4 * 64 - 64], new float[4 * 128], Span<float>.Empty, gradients, tape));
        Assert.Equal("outputGradients", wrongOutputs.ParamName);
        var wrongInputGradients = Assert.Throws<ArgumentException>(() => cell.BackwardStreams(inputs, new float[2 * 4 * 64], new float[4 * 128], new float[5], gradients, tape));
        Assert.Equal("inputGradients", wrongInputGradients.ParamName);
        Assert.Contains("T × S × InputSize", wrongInputGradients.Message);
        Assert.All(gradients, g => Assert.Equal(0f, g));
    }

    private static T[] Gather<T>(T[] values, int stream, int streams, int size)
    {
        int steps = values.Length / (streams * size);
        var result = new T[steps * size];
        for (int t = 0; t < steps; t++)
        {
            values.AsSpan((t * streams + stream) * size, size).CopyTo(result.AsSpan(t * size));
        }

        return result;
    }

    private static void Scatter<T>(T[] values, T[] into, int stream, int streams, int size)
    {
        for (int t = 0; t < values.Length / size; t++)
        {
            values.AsSpan(t * size, size).CopyTo(into.AsSpan((t * streams + stream) * size));
        }
    }

    private static T[] Values<T>(Random random, int count, double range)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Enumerable.Range(0, count).Select(_ => T.CreateChecked((random.NextDouble() * 2 - 1) * range)).ToArray();

    private static void AssertIdentical<T>(string what, T[] expected, T[] actual)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].Equals(actual[i]), $"{what}[{i}]: {actual[i]} vs {expected[i]} from the sequence alone");
        }
    }
}
