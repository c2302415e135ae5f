using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using CellGen;

namespace AddingProblem;

/// <summary>A simple RNN with twice the units, so that it has about as many parameters as the LSTM (4,417 against 4,641).</summary>
[RnnCell(Input = 2, Hidden = 64, Output = 1)]
public partial class SimpleAdder { }

[LstmCell(Input = 2, Hidden = 32, Output = 1)]
public partial class LstmAdder { }

[GruCell(Input = 2, Hidden = 32, Output = 1)]
public partial class GruAdder { }

/// <summary>How long the sequences are and how long to train.</summary>
public sealed record Options(int Length, int Iterations, string PlotPath)
{
    /// <summary>What <c>dotnet run</c> does.</summary>
    public static Options Full(string plotPath) => new(50, 3000, plotPath);

    /// <summary>What the sample's test runs.</summary>
    public static Options Quick(string plotPath) => new(50, 1200, plotPath);
}

/// <summary>A point of a learning curve: the test MSE after this many training iterations.</summary>
public sealed record CurvePoint(int Iteration, double TestError);

/// <summary>One cell's training: its curve, its final test error, its parameter count and time.</summary>
public sealed record CellRun(string Name, IReadOnlyList<CurvePoint> Curve, double TestError, int Parameters, TimeSpan Elapsed);

/// <summary>
/// The adding problem (Hochreiter &amp; Schmidhuber 1997), the classic test of the lecture notes' claim that a simple RNN
/// cannot carry information across many steps (its gradients vanish) while LSTM and GRU can. Every step carries a value
/// in [0, 1) and a marker; two steps are marked, one in each half; the target at the last step is the sum of the two
/// marked values. Always answering 1 (the mean) gives MSE 1/6 ≈ 0.167.
/// </summary>
public static class Adding
{
    /// <summary>Sequences per training iteration, trained side by side as streams.</summary>
    public const int Batch = 16;

    private const int EvaluateEvery = 50;
    private const int TestSequences = 512;

    /// <summary>Writes <paramref name="streams"/> sequences time-major (T × S × 2) and their targets.</summary>
    public static void Sequences(Random random, int length, int streams, float[] inputs, float[] targets)
    {
        for (int s = 0; s < streams; s++)
        {
            int first = random.Next(length / 2), second = (length / 2) + random.Next(length - (length / 2));
            targets[s] = 0;
            for (int t = 0; t < length; t++)
            {
                float value = (float)random.NextDouble();
                float marker = t == first || t == second ? 1 : 0;
                inputs[((t * streams) + s) * 2] = value;
                inputs[(((t * streams) + s) * 2) + 1] = marker;
                targets[s] += value * marker;
            }
        }
    }

    /// <summary>Trains one cell with Adam (learning rate 0.01, gradients clipped to norm 1) and measures it as it goes.</summary>
    public static CellRun Train(string name, IRecurrentCell<float> cell, Options options, Action<double, double>? progress = null)
    {
        var stopwatch = Stopwatch.StartNew();
        Initializers.Glorot(cell, seed: 7);
        int length = options.Length;
        var optimizer = new Adam<float>(cell.ParameterCount, 0.01);
        var tape = new SequenceTape<float>();
        var data = new Random(1);
        float[] inputs = new float[length * Batch * 2], targets = new float[Batch];
        float[] outputs = new float[length * Batch], outputGradients = new float[length * Batch];
        float[] states = new float[Batch * cell.StateSize], stateGradients = new float[Batch * cell.StateSize];
        float[] gradients = new float[cell.ParameterCount];

        var test = new Random(2);
        float[] testInputs = new float[length * TestSequences * 2], testTargets = new float[TestSequences];
        Sequences(test, length, TestSequences, testInputs, testTargets);
        var curve = new List<CurvePoint> { new(0, Evaluate(cell, length, testInputs, testTargets)) };

        for (int iteration = 1; iteration <= options.Iterations; iteration++)
        {
            Sequences(data, length, Batch, inputs, targets);
            Array.Clear(states);
            cell.ForwardStreams(inputs, states, outputs, tape);

            // The loss is the mean squared error of the last step's outputs: only they get gradients.
            Array.Clear(outputGradients);
            for (int s = 0; s < Batch; s++)
            {
                outputGradients[((length - 1) * Batch) + s] = 2 * (outputs[((length - 1) * Batch) + s] - targets[s]) / Batch;
            }

            Array.Clear(stateGradients);
            Array.Clear(gradients);
            cell.BackwardStreams(inputs, outputGradients, stateGradients, Span<float>.Empty, gradients, tape);
            GradientClipping.ByGlobalNorm<float>(gradients, 1f);
            optimizer.Step(cell.Parameters, gradients);
            if (iteration % EvaluateEvery == 0)
            {
                curve.Add(new CurvePoint(iteration, Evaluate(cell, length, testInputs, testTargets)));
                progress?.Invoke((double)iteration / options.Iterations, curve[^1].TestError);
            }
        }

        return new CellRun(name, curve, curve[^1].TestError, cell.ParameterCount, stopwatch.Elapsed);
    }

    /// <summary>Test MSE over the held-out sequences, all run at once as streams.</summary>
    private static double Evaluate(IRecurrentCell<float> cell, int length, float[] inputs, float[] targets)
    {
        float[] outputs = new float[length * TestSequences];
        cell.ForwardStreams(inputs, new float[TestSequences * cell.StateSize], outputs);
        double sum = 0;
        for (int s = 0; s < TestSequences; s++)
        {
            double difference = outputs[((length - 1) * TestSequences) + s] - targets[s];
            sum += difference * difference;
        }

        return sum / TestSequences;
    }
}
