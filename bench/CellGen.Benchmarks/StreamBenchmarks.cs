using System;
using BenchmarkDotNet.Attributes;

namespace CellGen.Benchmarks;

/// <summary>
/// Multi-stream: S independent streams advanced together by <c>StepStreams</c>, float32, one thread. Every invocation
/// advances 16 streams by one step (16 calls of one stream at S = 1, one call of 16 at S = 16) and the time is reported
/// per stream-step, so the rows of one cell compare per-stream throughput directly.
/// </summary>
[MemoryDiagnoser, MedianColumn]
public class StreamBenchmarks
{
    private const int StreamSteps = 16;

    private readonly StreamRunner _lstm1x8 = new(new Lstm1x8());
    private readonly StreamRunner _lstm3x64 = new(new Lstm3x64());
    private readonly StreamRunner _lstm16x128 = new(new Lstm16x128());
    private readonly StreamRunner _lstm64x256 = new(new Lstm64x256());
    private readonly StreamRunner _gru3x64 = new(new Gru3x64());
    private readonly StreamRunner _rnn3x64 = new(new Rnn3x64());

    /// <summary>Streams per call.</summary>
    [Params(1, 4, 8, 16)]
    public int Streams { get; set; }

    // Concrete types in every call, so the benchmark measures the generated code and not an interface dispatch.
    [Benchmark(OperationsPerInvoke = StreamSteps)]
    public void Lstm_1x8_Streams()
    {
        var cell = (Lstm1x8)_lstm1x8.Cell;
        for (int first = 0; first < StreamSteps; first += Streams)
        {
            cell.StepStreams(_lstm1x8.Inputs(first, Streams), _lstm1x8.States(first, Streams), _lstm1x8.Outputs(first, Streams));
        }
    }

    [Benchmark(OperationsPerInvoke = StreamSteps)]
    public void Lstm_3x64_Streams()
    {
        var cell = (Lstm3x64)_lstm3x64.Cell;
        for (int first = 0; first < StreamSteps; first += Streams)
        {
            cell.StepStreams(_lstm3x64.Inputs(first, Streams), _lstm3x64.States(first, Streams), _lstm3x64.Outputs(first, Streams));
        }
    }

    [Benchmark(OperationsPerInvoke = StreamSteps)]
    public void Lstm_16x128_Streams()
    {
        var cell = (Lstm16x128)_lstm16x128.Cell;
        for (int first = 0; first < StreamSteps; first += Streams)
        {
            cell.StepStreams(_lstm16x128.Inputs(first, Streams), _lstm16x128.States(first, Streams), _lstm16x128.Outputs(first, Streams));
        }
    }

    [Benchmark(OperationsPerInvoke = StreamSteps)]
    public void Lstm_64x256_Streams()
    {
        var cell = (Lstm64x256)_lstm64x256.Cell;
        for (int first = 0; first < StreamSteps; first += Streams)
        {
            cell.StepStreams(_lstm64x256.Inputs(first, Streams), _lstm64x256.States(first, Streams), _lstm64x256.Outputs(first, Streams));
        }
    }

    [Benchmark(OperationsPerInvoke = StreamSteps)]
    public void Gru_3x64_Streams()
    {
        var cell = (Gru3x64)_gru3x64.Cell;
        for (int first = 0; first < StreamSteps; first += Streams)
        {
            cell.StepStreams(_gru3x64.Inputs(first, Streams), _gru3x64.States(first, Streams), _gru3x64.Outputs(first, Streams));
        }
    }

    [Benchmark(OperationsPerInvoke = StreamSteps)]
    public void Rnn_3x64_Streams()
    {
        var cell = (Rnn3x64)_rnn3x64.Cell;
        for (int first = 0; first < StreamSteps; first += Streams)
        {
            cell.StepStreams(_rnn3x64.Inputs(first, Streams), _rnn3x64.States(first, Streams), _rnn3x64.Outputs(first, Streams));
        }
    }

    /// <summary>A <see cref="Runner{T}"/> whose 16 input and output rows are those of 16 streams, and the streams' states.</summary>
    private sealed class StreamRunner
    {
        private readonly Runner<float> _runner;
        private readonly float[] _states;
        private readonly int _inputSize, _stateSize, _outputSize;

        public StreamRunner(IRecurrentCell<float> cell)
        {
            _runner = new Runner<float>(cell, StreamSteps);
            (_inputSize, _stateSize, _outputSize) = (cell.InputSize, cell.StateSize, cell.OutputSize);
            _states = new float[StreamSteps * _stateSize];

            // Make the scratch of the multi-stream kernel before measuring, as any first call would.
            cell.StepStreams(_runner.Inputs, _states, _runner.Outputs);
            Array.Clear(_states);
        }

        public IRecurrentCell<float> Cell => _runner.Cell;

        public ReadOnlySpan<float> Inputs(int first, int count) => _runner.Inputs.AsSpan(first * _inputSize, count * _inputSize);

        public Span<float> States(int first, int count) => _states.AsSpan(first * _stateSize, count * _stateSize);

        public Span<float> Outputs(int first, int count) => _runner.Outputs.AsSpan(first * _outputSize, count * _outputSize);
    }
}
