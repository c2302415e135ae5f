using System;

namespace CellGen.Tests.Training;

/// <summary>
/// The adding problem (Hochreiter &amp; Schmidhuber 1997): each step carries a value in [0, 1) and a marker; exactly
/// two steps are marked, one in each half, and the target at the last step is the sum of the two marked values.
/// Predicting the mean, 1, gives MSE ≈ 1/6; a net must carry two values across up to T steps to do better.
/// </summary>
public sealed class AddingProblem
{
    private readonly Random _random;

    public AddingProblem(int length, int seed)
    {
        Length = length;
        _random = new Random(seed);
    }

    public int Length { get; }

    /// <summary>Writes one sequence (Length × 2 inputs) and returns its target.</summary>
    public float Next(Span<float> inputs)
    {
        int first = _random.Next(Length / 2), second = Length / 2 + _random.Next(Length - Length / 2);
        float target = 0;
        for (int t = 0; t < Length; t++)
        {
            float value = (float)_random.NextDouble();
            float marker = t == first || t == second ? 1 : 0;
            inputs[2 * t] = value;
            inputs[2 * t + 1] = marker;
            target += value * marker;
        }

        return target;
    }

    /// <summary>
    /// Trains <paramref name="cell"/> (Input 2, one linear output) with Adam on minibatches, the loss being the squared
    /// error at the last step; returns the MSE on fresh test sequences after each evaluation, stopping early once it
    /// falls below <paramref name="stopBelow"/>.
    /// </summary>
    public static (double TestError, int Iterations) Train(
        IRecurrentCell<float> cell, int length, int iterations, int batch, double learningRate, int seed, double stopBelow)
    {
        var data = new AddingProblem(length, seed);
        var test = new AddingProblem(length, seed + 1);
        var optimizer = new Adam<float>(cell.ParameterCount, learningRate);
        var tape = new SequenceTape<float>();
        float[] inputs = new float[length * 2];
        float[] outputs = new float[length];
        float[] outputGradients = new float[length];
        float[] state = new float[cell.StateSize];
        float[] stateGradient = new float[cell.StateSize];
        float[] gradients = new float[cell.ParameterCount];

        double error = Evaluate(cell, test, 1000);
        for (int iteration = 1; iteration <= iterations; iteration++)
        {
            Array.Clear(gradients);
            for (int b = 0; b < batch; b++)
            {
                float target = data.Next(inputs);
                Array.Clear(state);
                cell.Forward(inputs, state, outputs, tape);
                Array.Clear(outputGradients);
                outputGradients[length - 1] = 2 * (outputs[length - 1] - target) / batch;
                Array.Clear(stateGradient);
                cell.Backward(inputs, outputGradients, stateGradient, Span<float>.Empty, gradients, tape);
            }

            GradientClipping.ByGlobalNorm<float>(gradients, 1f);
            optimizer.Step(cell.Parameters, gradients);
            if (iteration % 100 == 0)
            {
                error = Evaluate(cell, test, 1000);
                if (error < stopBelow)
                {
                    return (error, iteration);
                }
            }
        }

        return (error, iterations);
    }

    private static double Evaluate(IRecurrentCell<float> cell, AddingProblem test, int count)
    {
        float[] inputs = new float[test.Length * 2];
        float[] outputs = new float[test.Length];
        float[] state = new float[cell.StateSize];
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            float target = test.Next(inputs);
            Array.Clear(state);
            cell.Forward(inputs, state, outputs);
            double difference = outputs[test.Length - 1] - target;
            sum += difference * difference;
        }

        return sum / count;
    }
}
