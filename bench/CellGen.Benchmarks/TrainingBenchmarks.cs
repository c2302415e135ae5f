using System;
using System.Numerics;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace CellGen.Benchmarks;

/// <summary>
/// One training step of a generated LSTM, float32, one thread, reported per sequence: for each sequence of the batch the
/// recording Forward over T = 100 steps, the MSE of every h(t) against a fixed random target, Backward accumulating
/// dL/dθ; then one Adam step (lr 1e−3) on the batch mean. Batch 1 and batch 32, the sequences one after another.
/// </summary>
[MemoryDiagnoser, MedianColumn]
public class TrainingBenchmarks
{
    private const int Steps = 100;

    private readonly Training _lstm3x64 = new(new Lstm3x64());
    private readonly Training _lstm16x128 = new(new Lstm16x128());
    private readonly Training _lstm64x256 = new(new Lstm64x256());

    [Benchmark] public void Lstm_3x64_Train_Batch1() => _lstm3x64.Step(1);

    [Benchmark(OperationsPerInvoke = 32)] public void Lstm_3x64_Train_Batch32() => _lstm3x64.Step(32);

    [Benchmark] public void Lstm_16x128_Train_Batch1() => _lstm16x128.Step(1);

    [Benchmark(OperationsPerInvoke = 32)] public void Lstm_16x128_Train_Batch32() => _lstm16x128.Step(32);

    [Benchmark] public void Lstm_64x256_Train_Batch1() => _lstm64x256.Step(1);

    [Benchmark(OperationsPerInvoke = 32)] public void Lstm_64x256_Train_Batch32() => _lstm64x256.Step(32);

    /// <summary>A cell, 32 random sequences with targets, a tape, gradients and Adam: nothing allocates per step once warm.</summary>
    private sealed class Training
    {
        private readonly IRecurrentCell<float> _cell;
        private readonly float[][] _inputs = new float[32][], _targets = new float[32][];
        private readonly float[] _state, _stateGradient, _outputs, _outputGradients, _gradients;
        private readonly SequenceTape<float> _tape = new();
        private readonly Adam<float> _adam;

        public Training(IRecurrentCell<float> cell)
        {
            _cell = cell;
            Initializers.PyTorchUniform(cell, seed: 7);
            var random = new Random(7);
            for (int b = 0; b < 32; b++)
            {
                _inputs[b] = new float[Steps * cell.InputSize];
                _targets[b] = new float[Steps * cell.OutputSize];
                for (int i = 0; i < _inputs[b].Length; i++)
                {
                    _inputs[b][i] = (float)(random.NextDouble() * 2 - 1);
                }

                for (int i = 0; i < _targets[b].Length; i++)
                {
                    _targets[b][i] = (float)(random.NextDouble() - 0.5);
                }
            }

            _state = new float[cell.StateSize];
            _stateGradient = new float[cell.StateSize];
            _outputs = new float[Steps * cell.OutputSize];
            _outputGradients = new float[_outputs.Length];
            _gradients = new float[cell.ParameterCount];
            _adam = new Adam<float>(cell.ParameterCount, 1e-3);
        }

        public void Step(int batch)
        {
            Array.Clear(_gradients);
            for (int b = 0; b < batch; b++)
            {
                Array.Clear(_state);
                _cell.Forward(_inputs[b], _state, _outputs, _tape);
                Losses.MeanSquaredError<float>(_outputs, _targets[b], _outputGradients);
                Array.Clear(_stateGradient);
                _cell.Backward(_inputs[b], _outputGradients, _stateGradient, Span<float>.Empty, _gradients, _tape);
            }

            float scale = 1f / batch;
            // A vector at a time: a scalar loop here would cost more than Adam's step.
            Span<Vector<float>> vectors = MemoryMarshal.Cast<float, Vector<float>>(_gradients.AsSpan());
            for (int i = 0; i < vectors.Length; i++)
            {
                vectors[i] *= scale;
            }

            for (int i = vectors.Length * Vector<float>.Count; i < _gradients.Length; i++)
            {
                _gradients[i] *= scale;
            }

            _adam.Step(_cell.Parameters, _gradients);
        }
    }
}
