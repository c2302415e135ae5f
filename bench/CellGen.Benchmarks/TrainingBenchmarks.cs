using System;
using BenchmarkDotNet.Attributes;

namespace CellGen.Benchmarks;

/// <summary>
/// One training step of a generated LSTM, float32, one thread, reported per sequence: the recording forward over
/// T = 100 steps, the MSE of every h(t) against a fixed random target, the backward pass accumulating dL/dθ, then one
/// Adam step (lr 1e−3). Batch 1 is <c>Forward</c> and <c>Backward</c>; batch 32 trains its sequences as 32 streams
/// side by side (<c>ForwardStreams</c> and <c>BackwardStreams</c> on the time-major batch), the loss the mean over
/// every value of the batch.
/// </summary>
[MemoryDiagnoser, MedianColumn]
public class TrainingBenchmarks
{
    private const int Steps = 100;

    private readonly Training _lstm3x64 = new(new Lstm3x64());
    private readonly Training _lstm16x128 = new(new Lstm16x128());
    private readonly Training _lstm64x256 = new(new Lstm64x256());

    [Benchmark] public void Lstm_3x64_Train_Batch1() => _lstm3x64.Step(_lstm3x64.Single);

    [Benchmark(OperationsPerInvoke = 32)] public void Lstm_3x64_Train_Batch32() => _lstm3x64.Step(_lstm3x64.Batch);

    [Benchmark] public void Lstm_16x128_Train_Batch1() => _lstm16x128.Step(_lstm16x128.Single);

    [Benchmark(OperationsPerInvoke = 32)] public void Lstm_16x128_Train_Batch32() => _lstm16x128.Step(_lstm16x128.Batch);

    [Benchmark] public void Lstm_64x256_Train_Batch1() => _lstm64x256.Step(_lstm64x256.Single);

    [Benchmark(OperationsPerInvoke = 32)] public void Lstm_64x256_Train_Batch32() => _lstm64x256.Step(_lstm64x256.Batch);

    /// <summary>A batch of random sequences with targets, time-major ([T, B, width]), and its buffers.</summary>
    private sealed class Data
    {
        public Data(IRecurrentCell<float> cell, int batch, Random random)
        {
            Size = batch;
            Inputs = Uniform(random, Steps * batch * cell.InputSize, 1);
            Targets = Uniform(random, Steps * batch * cell.OutputSize, 0.5);
            States = new float[batch * cell.StateSize];
            StateGradients = new float[States.Length];
            Outputs = new float[Targets.Length];
            OutputGradients = new float[Targets.Length];
        }

        public int Size { get; }

        public float[] Inputs { get; }

        public float[] Targets { get; }

        public float[] States { get; }

        public float[] StateGradients { get; }

        public float[] Outputs { get; }

        public float[] OutputGradients { get; }

        private static float[] Uniform(Random random, int count, double range)
        {
            var values = new float[count];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)((random.NextDouble() * 2 - 1) * range);
            }

            return values;
        }
    }

    /// <summary>A cell, a batch of 1 and one of 32, a tape, gradients and Adam: nothing allocates per step once warm.</summary>
    private sealed class Training
    {
        private readonly IRecurrentCell<float> _cell;
        private readonly float[] _gradients;
        private readonly SequenceTape<float> _tape = new();
        private readonly Adam<float> _adam;

        public Training(IRecurrentCell<float> cell)
        {
            _cell = cell;
            Initializers.PyTorchUniform(cell, seed: 7);
            var random = new Random(7);
            Single = new Data(cell, 1, random);
            Batch = new Data(cell, 32, random);
            _gradients = new float[cell.ParameterCount];
            _adam = new Adam<float>(cell.ParameterCount, 1e-3);
        }

        public Data Single { get; }

        public Data Batch { get; }

        public void Step(Data batch)
        {
            Array.Clear(_gradients);
            Array.Clear(batch.States);
            Array.Clear(batch.StateGradients);
            if (batch.Size == 1)
            {
                _cell.Forward(batch.Inputs, batch.States, batch.Outputs, _tape);
                Losses.MeanSquaredError<float>(batch.Outputs, batch.Targets, batch.OutputGradients);
                _cell.Backward(batch.Inputs, batch.OutputGradients, batch.StateGradients, Span<float>.Empty, _gradients, _tape);
            }
            else
            {
                _cell.ForwardStreams(batch.Inputs, batch.States, batch.Outputs, _tape);
                Losses.MeanSquaredError<float>(batch.Outputs, batch.Targets, batch.OutputGradients);
                _cell.BackwardStreams(batch.Inputs, batch.OutputGradients, batch.StateGradients, Span<float>.Empty, _gradients, _tape);
            }

            _adam.Step(_cell.Parameters, _gradients);
        }
    }
}
