using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using CellGen;

namespace Streaming;

/// <summary>The model of the effect: a GRU reading one sample and writing one, its state the effect's memory.</summary>
[GruCell(Input = 1, Hidden = 16, Output = 1)]
public partial class OverdriveModel { }

/// <summary>How long to train and how much audio to stream.</summary>
public sealed record Options(int Iterations, int Seconds, string PlotPath)
{
    public static Options Full(string plotPath) => new(2000, 10, plotPath);

    public static Options Quick(string plotPath) => new(700, 1, plotPath);
}

/// <summary>What the run measured.</summary>
/// <param name="TrainingError">The final training loss (mean squared error per sample).</param>
/// <param name="SignalToError">Effect output power over model error power on the test signal, in dB.</param>
/// <param name="Samples">Samples streamed one by one.</param>
/// <param name="BlockMicroseconds">Wall time of each 64-sample block, in µs.</param>
/// <param name="AllocatedBytes">Bytes the streaming loop allocated.</param>
/// <param name="Input">The first milliseconds of the test signal, its effect output and the model's.</param>
public sealed record Result(
    double TrainingError, double SignalToError, int Samples, double[] BlockMicroseconds, long AllocatedBytes,
    (float[] Input, float[] Effect, float[] Model) Input, string PlotPath)
{
    /// <summary>Real time allows a 64-sample block 64 / 48,000 s = 1,333 µs.</summary>
    public const double BlockBudgetMicroseconds = 64 * 1e6 / Overdrive.SampleRate;

    public double Percentile(double p)
    {
        double[] sorted = BlockMicroseconds.OrderBy(v => v).ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }
}

/// <summary>
/// A guitar overdrive as a recurrent cell, the kind of job CellGen is for: the effect is a soft clipper (tanh of the
/// input driven 4×) followed by a one-pole low-pass at about 1.2 kHz, so its output depends on the past. A GRU learns it
/// from synthetic signals, then runs sample by sample in a real-time loop at 48 kHz.
/// </summary>
public static class Overdrive
{
    public const int SampleRate = 48_000;
    private const int Block = 64;
    private const int Steps = 256;
    private const int Streams = 32;
    private const float Drive = 4f;
    private static readonly float s_pole = MathF.Exp(-2 * MathF.PI * 1200 / SampleRate);

    /// <summary>The effect itself, applied to a whole signal.</summary>
    public static float[] Apply(float[] input)
    {
        var output = new float[input.Length];
        float y = 0;
        for (int n = 0; n < input.Length; n++)
        {
            y = (s_pole * y) + ((1 - s_pole) * MathF.Tanh(Drive * input[n]));
            output[n] = y;
        }

        return output;
    }

    /// <summary>A synthetic training signal: a few sines of random pitch and level, with noise.</summary>
    public static float[] Signal(Random random, int length)
    {
        var signal = new float[length];
        int voices = random.Next(1, 4);
        for (int v = 0; v < voices; v++)
        {
            double frequency = 80 * Math.Pow(2, random.NextDouble() * 5), level = random.NextDouble() * 0.5, phase = random.NextDouble() * 2 * Math.PI;
            for (int n = 0; n < length; n++)
            {
                signal[n] += (float)(level * Math.Sin(phase + (2 * Math.PI * frequency * n / SampleRate)));
            }
        }

        for (int n = 0; n < length; n++)
        {
            signal[n] += (float)((random.NextDouble() - 0.5) * 0.05);
        }

        return signal;
    }

    /// <summary>A plucked string: a 110 Hz note with decaying harmonics, restruck every half second. The test signal.</summary>
    public static float[] Pluck(int length)
    {
        var signal = new float[length];
        for (int n = 0; n < length; n++)
        {
            double t = (n % (SampleRate / 2)) / (double)SampleRate;
            for (int h = 1; h <= 6; h++)
            {
                signal[n] += (float)(0.4 / h * Math.Exp(-3 * h * t) * Math.Sin(2 * Math.PI * 110 * h * t));
            }
        }

        return signal;
    }

    /// <summary>Trains the model and streams the test note through it (see <see cref="Stream"/>).</summary>
    public static Result Run(Options options, Action<double, double>? progress = null)
    {
        var cell = new OverdriveModel();
        double trainingError = Train(cell, options.Iterations, progress);
        return Stream(cell, trainingError, options);
    }

    /// <summary>Trains a model of the effect; returns it and its final training loss.</summary>
    public static (OverdriveModel Cell, double TrainingError) Train(Options options, Action<double, double>? progress = null)
    {
        var cell = new OverdriveModel();
        return (cell, Train(cell, options.Iterations, progress));
    }

    /// <summary>
    /// The real-time loop: the test note through the model one Step per sample, timed per 64-sample block as an audio
    /// callback would be, then compared with the effect.
    /// </summary>
    public static Result Stream(OverdriveModel cell, double trainingError, Options options)
    {

        float[] input = Pluck(options.Seconds * SampleRate);
        float[] effect = Apply(input);
        float[] output = new float[input.Length];
        OverdriveModel.State state = cell.CreateState();
        var blocks = new double[input.Length / Block];
        Warm(cell);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int b = 0; b < blocks.Length; b++)
        {
            long start = Stopwatch.GetTimestamp();
            Process(cell, state, input.AsSpan(b * Block, Block), output.AsSpan(b * Block, Block));
            blocks[b] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        double signal = effect.Sum(v => (double)v * v), error = effect.Zip(output, (e, m) => (double)(e - m) * (e - m)).Sum();
        int shown = SampleRate / 100;
        var result = new Result(
            trainingError, 10 * Math.Log10(signal / error), blocks.Length * Block, blocks, allocated,
            (input[..shown], effect[..shown], output[..shown]), options.PlotPath);
        Waveforms.Save(result);
        return result;
    }

    /// <summary>Adam on batches of 32 random 256-sample signals trained as streams, MSE on every sample.</summary>
    private static double Train(OverdriveModel cell, int iterations, Action<double, double>? progress)
    {
        Initializers.Glorot(cell, seed: 3);
        var adam = new Adam<float>(OverdriveModel.ParameterCount, 0.005);
        var tape = new SequenceTape<float>();
        var random = new Random(4);
        float[] inputs = new float[Steps * Streams], targets = new float[Steps * Streams];
        float[] outputs = new float[Steps * Streams], outputGradients = new float[Steps * Streams];
        float[] states = new float[Streams * OverdriveModel.StateSize], stateGradients = new float[states.Length];
        float[] gradients = new float[OverdriveModel.ParameterCount];
        double recent = double.NaN;
        for (int iteration = 1; iteration <= iterations; iteration++)
        {
            for (int s = 0; s < Streams; s++)
            {
                float[] signal = Signal(random, Steps), target = Apply(signal);
                for (int t = 0; t < Steps; t++)
                {
                    inputs[(t * Streams) + s] = signal[t];
                    targets[(t * Streams) + s] = target[t];
                }
            }

            Array.Clear(states);
            cell.ForwardStreams(inputs, states, outputs, tape);
            double loss = Losses.MeanSquaredError<float>(outputs, targets, outputGradients);
            Array.Clear(stateGradients);
            Array.Clear(gradients);
            cell.BackwardStreams(inputs, outputGradients, stateGradients, Span<float>.Empty, gradients, tape);
            GradientClipping.ByGlobalNorm<float>(gradients, 1f);
            adam.Step(cell.Parameters, gradients);
            recent = double.IsNaN(recent) ? loss : (0.95 * recent) + (0.05 * loss);
            if (iteration % 10 == 0)
            {
                progress?.Invoke((double)iteration / iterations, recent);
            }
        }

        return recent;
    }

    /// <summary>What an audio callback does with a block: one Step per sample, the state carried from block to block.</summary>
    public static void Process(OverdriveModel cell, OverdriveModel.State state, ReadOnlySpan<float> input, Span<float> output)
    {
        for (int n = 0; n < input.Length; n++)
        {
            cell.Step(input.Slice(n, 1), state, output.Slice(n, 1));
        }
    }

    /// <summary>
    /// Runs the callback for a second first, as an audio host does before it starts: .NET compiles a method quickly at
    /// first and optimizes it only after it has been called a while (tiered compilation, which waits 100 ms for calls
    /// to settle), so a shorter warm-up measured the unoptimized code (290 ns per sample against 62).
    /// </summary>
    private static void Warm(OverdriveModel cell)
    {
        OverdriveModel.State state = cell.CreateState();
        float[] x = new float[Block], y = new float[Block];
        var warming = Stopwatch.StartNew();
        while (warming.ElapsedMilliseconds < 1000)
        {
            Process(cell, state, x, y);
        }
    }
}
