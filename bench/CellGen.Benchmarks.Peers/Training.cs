using System;

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
/// Trains a generated cell on <see cref="TrainingData"/> with the runtime's own pieces: the training forward recording
/// on a <see cref="SequenceTape{T}"/>, <see cref="Losses.MeanSquaredError{T}"/>, the backward pass accumulating dL/dθ,
/// and <see cref="Adam{T}"/>. Batch 1 is <c>Forward</c> and <c>Backward</c>; a larger batch trains its sequences as
/// streams side by side (<c>ForwardStreams</c> and <c>BackwardStreams</c> on the time-major batch, as PyTorch takes
/// it), with the loss's mean over every value of the batch, which is what PyTorch computes. One thread. Allocates
/// nothing per step once the tape has grown.
/// </summary>
public sealed class CellGenTrainer
{
    private readonly IRecurrentCell<float> _cell;
    private readonly TrainingData _data;
    private readonly SequenceTape<float> _tape = new();
    private readonly Adam<float> _adam;
    private float[] _states = Array.Empty<float>(), _stateGradients = Array.Empty<float>(), _outputs = Array.Empty<float>(), _outputGradients = Array.Empty<float>();
    private float[] _inputs = Array.Empty<float>(), _targets = Array.Empty<float>();
    private int _batch;

    public CellGenTrainer(IRecurrentCell<float> cell, TrainingData data, double learningRate)
    {
        _cell = cell;
        _data = data;
        _adam = new Adam<float>(cell.ParameterCount, learningRate);
        Gradients = new float[cell.ParameterCount];
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
        if (batch != _batch)
        {
            // The batch as [T, B, width] arrays, made once per batch size (the benchmarks keep theirs).
            _batch = batch;
            _inputs = TrainingData.TimeMajor(_data.Inputs, batch, _cell.InputSize);
            _targets = TrainingData.TimeMajor(_data.Targets, batch, _cell.OutputSize);
            _states = new float[batch * _cell.StateSize];
            _stateGradients = new float[_states.Length];
            _outputs = new float[_targets.Length];
            _outputGradients = new float[_targets.Length];
        }

        Array.Clear(Gradients);
        Array.Clear(_states);
        Array.Clear(_stateGradients);
        if (batch == 1)
        {
            _cell.Forward(_inputs, _states, _outputs, _tape);
        }
        else
        {
            _cell.ForwardStreams(_inputs, _states, _outputs, _tape);
        }

        float loss = Losses.MeanSquaredError<float>(_outputs, _targets, _outputGradients);
        if (batch == 1)
        {
            _cell.Backward(_inputs, _outputGradients, _stateGradients, Span<float>.Empty, Gradients, _tape);
        }
        else
        {
            _cell.BackwardStreams(_inputs, _outputGradients, _stateGradients, Span<float>.Empty, Gradients, _tape);
        }

        return loss;
    }
}
