using System;
using BenchmarkDotNet.Attributes;

namespace CellGen.Benchmarks;

/// <summary>
/// Generated cells, float32 unless named, one thread: <c>Step</c> is one time step per call (streaming), <c>Sequence</c>
/// is <c>Forward</c> over T = 100 steps reported per step. Weights are random U(±1/√H) so activations are not saturated.
/// </summary>
[MemoryDiagnoser]
public class CellBenchmarks
{
    private const int Steps = 100;

    private readonly Runner<float> _lstm1x8 = new(new Lstm1x8(), Steps);
    private readonly Runner<float> _lstm3x32 = new(new Lstm3x32(), Steps);
    private readonly Runner<float> _lstm3x64 = new(new Lstm3x64(), Steps);
    private readonly Runner<float> _lstm16x128 = new(new Lstm16x128(), Steps);
    private readonly Runner<float> _lstm64x256 = new(new Lstm64x256(), Steps);
    private readonly Runner<double> _lstm3x64Double = new(new Lstm3x64Double(), Steps);
    private readonly Runner<float> _gru3x64 = new(new Gru3x64(), Steps);
    private readonly Runner<float> _rnn3x64 = new(new Rnn3x64(), Steps);

    // Concrete types in every call, so the benchmark measures the generated code and not an interface dispatch.
    [Benchmark] public void Lstm_1x8_Step() => ((Lstm1x8)_lstm1x8.Cell).Step(_lstm1x8.Input, _lstm1x8.State, _lstm1x8.Output);
    [Benchmark] public void Lstm_3x32_Step() => ((Lstm3x32)_lstm3x32.Cell).Step(_lstm3x32.Input, _lstm3x32.State, _lstm3x32.Output);
    [Benchmark] public void Lstm_3x64_Step() => ((Lstm3x64)_lstm3x64.Cell).Step(_lstm3x64.Input, _lstm3x64.State, _lstm3x64.Output);
    [Benchmark] public void Lstm_16x128_Step() => ((Lstm16x128)_lstm16x128.Cell).Step(_lstm16x128.Input, _lstm16x128.State, _lstm16x128.Output);
    [Benchmark] public void Lstm_64x256_Step() => ((Lstm64x256)_lstm64x256.Cell).Step(_lstm64x256.Input, _lstm64x256.State, _lstm64x256.Output);
    [Benchmark] public void Lstm_3x64_Double_Step() => ((Lstm3x64Double)_lstm3x64Double.Cell).Step(_lstm3x64Double.Input, _lstm3x64Double.State, _lstm3x64Double.Output);
    [Benchmark] public void Gru_3x64_Step() => ((Gru3x64)_gru3x64.Cell).Step(_gru3x64.Input, _gru3x64.State, _gru3x64.Output);
    [Benchmark] public void Rnn_3x64_Step() => ((Rnn3x64)_rnn3x64.Cell).Step(_rnn3x64.Input, _rnn3x64.State, _rnn3x64.Output);

    // The runtime-sized cells with the same weights: the baseline generated code must beat.
    private readonly DynamicRunner _dynamicLstm1x8 = new(DynamicCellKind.Lstm, 1, 8, Steps);
    private readonly DynamicRunner _dynamicLstm3x32 = new(DynamicCellKind.Lstm, 3, 32, Steps);
    private readonly DynamicRunner _dynamicLstm3x64 = new(DynamicCellKind.Lstm, 3, 64, Steps);
    private readonly DynamicRunner _dynamicLstm16x128 = new(DynamicCellKind.Lstm, 16, 128, Steps);
    private readonly DynamicRunner _dynamicLstm64x256 = new(DynamicCellKind.Lstm, 64, 256, Steps);
    private readonly DynamicRunner _dynamicGru3x64 = new(DynamicCellKind.Gru, 3, 64, Steps);
    private readonly DynamicRunner _dynamicRnn3x64 = new(DynamicCellKind.Rnn, 3, 64, Steps);

    // The textbook scalar loops, same weights as the dynamic cells.
    private NaiveRunner? _naiveLstm3x32, _naiveLstm3x64, _naiveGru3x64;

    [GlobalSetup(Targets = new[] { nameof(Naive_Lstm_3x32_Step), nameof(Naive_Lstm_3x64_Step), nameof(Naive_Gru_3x64_Step) })]
    public void SetUpNaive()
    {
        _naiveLstm3x32 = _dynamicLstm3x32.Naive();
        _naiveLstm3x64 = _dynamicLstm3x64.Naive();
        _naiveGru3x64 = _dynamicGru3x64.Naive();
    }

    [Benchmark] public void Naive_Lstm_3x32_Step() => _naiveLstm3x32!.Step();
    [Benchmark] public void Naive_Lstm_3x64_Step() => _naiveLstm3x64!.Step();
    [Benchmark] public void Naive_Gru_3x64_Step() => _naiveGru3x64!.Step();

    [Benchmark] public void Dynamic_Lstm_1x8_Step() => _dynamicLstm1x8.Step();
    [Benchmark] public void Dynamic_Lstm_3x32_Step() => _dynamicLstm3x32.Step();
    [Benchmark] public void Dynamic_Lstm_3x64_Step() => _dynamicLstm3x64.Step();
    [Benchmark] public void Dynamic_Lstm_16x128_Step() => _dynamicLstm16x128.Step();
    [Benchmark] public void Dynamic_Lstm_64x256_Step() => _dynamicLstm64x256.Step();
    [Benchmark] public void Dynamic_Gru_3x64_Step() => _dynamicGru3x64.Step();
    [Benchmark] public void Dynamic_Rnn_3x64_Step() => _dynamicRnn3x64.Step();

    [Benchmark(OperationsPerInvoke = Steps)] public void Lstm_3x64_Sequence() => ((Lstm3x64)_lstm3x64.Cell).Forward(_lstm3x64.Inputs, _lstm3x64.State, _lstm3x64.Outputs);
    [Benchmark(OperationsPerInvoke = Steps)] public void Lstm_16x128_Sequence() => ((Lstm16x128)_lstm16x128.Cell).Forward(_lstm16x128.Inputs, _lstm16x128.State, _lstm16x128.Outputs);
    [Benchmark(OperationsPerInvoke = Steps)] public void Lstm_64x256_Sequence() => ((Lstm64x256)_lstm64x256.Cell).Forward(_lstm64x256.Inputs, _lstm64x256.State, _lstm64x256.Outputs);
}

/// <summary>A runtime-sized cell with the same random weights as the generated one of its shape.</summary>
public sealed class DynamicRunner
{
    private readonly DynamicCell _cell;
    private readonly float[] _input, _state, _output;

    public DynamicRunner(DynamicCellKind kind, int input, int hidden, int steps)
    {
        _cell = new DynamicCell(kind, input, hidden);
        var random = new Random(42);
        Span<float> parameters = _cell.Parameters;
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = (float)((random.NextDouble() * 2 - 1) / Math.Sqrt(hidden));
        }

        _input = new float[input];
        for (int i = 0; i < input; i++)
        {
            _input[i] = (float)(random.NextDouble() * 2 - 1);
        }

        _state = new float[_cell.StateSize];
        _output = new float[hidden];
    }

    public void Step() => _cell.Step(_input, _state, _output);

    /// <summary>The textbook scalar loops over the same weights, checked against the dynamic cell before use.</summary>
    public NaiveRunner Naive()
    {
        var naive = new NaiveCell(_cell.Kind, _cell.InputSize, _cell.HiddenSize, _cell.Parameters);
        float[] naiveState = new float[_state.Length], naiveOutput = new float[_output.Length];
        float[] dynamicState = new float[_state.Length], dynamicOutput = new float[_output.Length];
        for (int t = 0; t < 3; t++)
        {
            naive.Step(_input, naiveState, naiveOutput);
            _cell.Step(_input, dynamicState, dynamicOutput);
        }

        for (int i = 0; i < naiveOutput.Length; i++)
        {
            if (Math.Abs(naiveOutput[i] - dynamicOutput[i]) > 1e-5f)
            {
                throw new InvalidOperationException($"The naive {_cell.Kind} disagrees with the dynamic cell at output {i}: {naiveOutput[i]} vs {dynamicOutput[i]}.");
            }
        }

        return new NaiveRunner(naive, _input, naiveState.Length, naiveOutput.Length);
    }
}

/// <summary>A naive cell and its buffers.</summary>
public sealed class NaiveRunner
{
    private readonly NaiveCell _cell;
    private readonly float[] _input, _state, _output;

    public NaiveRunner(NaiveCell cell, float[] input, int stateSize, int outputSize)
    {
        _cell = cell;
        _input = input;
        _state = new float[stateSize];
        _output = new float[outputSize];
    }

    public void Step() => _cell.Step(_input, _state, _output);
}

/// <summary>A cell with random weights and the buffers one benchmark needs.</summary>
public sealed class Runner<T>
    where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    public Runner(IRecurrentCell<T> cell, int steps)
    {
        Cell = cell;
        var random = new Random(42);
        T Uniform(double scale) => T.CreateChecked((random.NextDouble() * 2 - 1) * scale);
        Span<T> parameters = cell.Parameters;
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = Uniform(1 / Math.Sqrt(cell.HiddenSize));
        }

        Inputs = new T[steps * cell.InputSize];
        for (int i = 0; i < Inputs.Length; i++)
        {
            Inputs[i] = Uniform(1);
        }

        Input = Inputs[..cell.InputSize];
        State = new T[cell.StateSize];
        Output = new T[cell.OutputSize];
        Outputs = new T[steps * cell.OutputSize];
    }

    public IRecurrentCell<T> Cell { get; }

    public T[] Input { get; }

    public T[] Inputs { get; }

    public T[] State { get; }

    public T[] Output { get; }

    public T[] Outputs { get; }
}
