using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace CellGen.Benchmarks.Peers;

/// <summary>
/// The training task every peer runs: <see cref="MaxBatch"/> fixed random sequences of <see cref="Steps"/> steps and a
/// fixed random target for every h(t); the loss is the mean squared error over all of them (PyTorch's MSELoss).
/// Sequence b is <see cref="Inputs"/>[b] (T × I, one row per step) with target <see cref="Targets"/>[b] (T × H).
/// </summary>
public sealed class TrainingData
{
    public const int Steps = 100;

    public const int MaxBatch = 32;

    public TrainingData(int input, int hidden, int seed)
    {
        Input = input;
        Hidden = hidden;
        var random = new Random(seed);
        Inputs = new float[MaxBatch][];
        Targets = new float[MaxBatch][];
        for (int b = 0; b < MaxBatch; b++)
        {
            Inputs[b] = new float[Steps * input];
            Targets[b] = new float[Steps * hidden];
            TorchWeights.Fill(Inputs[b], random, 1);
            TorchWeights.Fill(Targets[b], random, 0.5);
        }
    }

    public int Input { get; }

    public int Hidden { get; }

    public float[][] Inputs { get; }

    public float[][] Targets { get; }

    /// <summary>The first <paramref name="batch"/> sequences as one [T, B, width] array (time-major, PyTorch's default RNN layout).</summary>
    public static float[] TimeMajor(float[][] sequences, int batch, int width)
    {
        var result = new float[Steps * batch * width];
        for (int t = 0; t < Steps; t++)
        {
            for (int b = 0; b < batch; b++)
            {
                sequences[b].AsSpan(t * width, width).CopyTo(result.AsSpan((t * batch + b) * width, width));
            }
        }

        return result;
    }
}

/// <summary>
/// Trains a generated cell on <see cref="TrainingData"/> with the runtime's own pieces: the training
/// <c>Forward</c> recording on a <see cref="SequenceTape{T}"/>, <see cref="Losses.MeanSquaredError{T}"/>,
/// <c>Backward</c> accumulating dL/dθ, and <see cref="Adam{T}"/>. A batch is its sequences one after another on one
/// thread, gradients accumulated, then one Adam step on their mean, which is what PyTorch computes for the batch.
/// Allocates nothing per step once the tape has grown.
/// </summary>
public sealed class CellGenTrainer
{
    private readonly IRecurrentCell<float> _cell;
    private readonly TrainingData _data;
    private readonly SequenceTape<float> _tape = new();
    private readonly Adam<float> _adam;
    private readonly float[] _state, _stateGradient, _outputs, _outputGradients;

    public CellGenTrainer(IRecurrentCell<float> cell, TrainingData data, double learningRate)
    {
        _cell = cell;
        _data = data;
        _adam = new Adam<float>(cell.ParameterCount, learningRate);
        Gradients = new float[cell.ParameterCount];
        _state = new float[cell.StateSize];
        _stateGradient = new float[cell.StateSize];
        _outputs = new float[TrainingData.Steps * cell.OutputSize];
        _outputGradients = new float[_outputs.Length];
    }

    /// <summary>dL/dθ of the last <see cref="ComputeGradients"/>, laid out like the cell's parameters.</summary>
    public float[] Gradients { get; }

    /// <summary>One training step on the first <paramref name="batch"/> sequences; returns the loss.</summary>
    public float Train(int batch)
    {
        float loss = ComputeGradients(batch);
        _adam.Step(_cell.Parameters, Gradients);
        return loss;
    }

    /// <summary>The batch's mean loss, and its gradient into <see cref="Gradients"/>.</summary>
    public float ComputeGradients(int batch)
    {
        Array.Clear(Gradients);
        float loss = 0;
        for (int b = 0; b < batch; b++)
        {
            float[] inputs = _data.Inputs[b];
            Array.Clear(_state);
            _cell.Forward(inputs, _state, _outputs, _tape);
            loss += Losses.MeanSquaredError<float>(_outputs, _data.Targets[b], _outputGradients);
            Array.Clear(_stateGradient);
            _cell.Backward(inputs, _outputGradients, _stateGradient, Span<float>.Empty, Gradients, _tape);
        }

        if (batch > 1)
        {
            // The mean over the batch of the per-sequence means is the mean over every value, as MSELoss takes it.
            float scale = 1f / batch;
            // A vector at a time: a scalar loop here would cost more than Adam's step.
            Span<Vector<float>> vectors = MemoryMarshal.Cast<float, Vector<float>>(Gradients.AsSpan());
            for (int i = 0; i < vectors.Length; i++)
            {
                vectors[i] *= scale;
            }

            for (int i = vectors.Length * Vector<float>.Count; i < Gradients.Length; i++)
            {
                Gradients[i] *= scale;
            }
        }

        return loss / batch;
    }
}
