using System;
using BenchmarkDotNet.Attributes;

namespace CellGen.Benchmarks;

/// <summary>
/// LSTMs, float32, one thread, at every shape: <c>Step</c> is one time step per call (streaming), <c>Sequence</c> is
/// <c>Forward</c> over T = 100 steps reported per step; <c>Dynamic_</c> is the runtime-sized cell with the same math and
/// weights. Weights are random U(±1/√H), inputs U(±1), so activations are not saturated.
/// </summary>
[MemoryDiagnoser, MedianColumn]
public class LstmBenchmarks
{
    private const int Steps = 100;

    private readonly Runner<float> _lstm1x8 = new(new Lstm1x8(), Steps);
    private readonly DynamicRunner _dynamic1x8 = new(DynamicCellKind.Lstm, 1, 8, Steps);
    private readonly Runner<float> _lstm1x20 = new(new Lstm1x20(), Steps);
    private readonly DynamicRunner _dynamic1x20 = new(DynamicCellKind.Lstm, 1, 20, Steps);
    private readonly Runner<float> _lstm2x16 = new(new Lstm2x16(), Steps);
    private readonly DynamicRunner _dynamic2x16 = new(DynamicCellKind.Lstm, 2, 16, Steps);
    private readonly Runner<float> _lstm3x32 = new(new Lstm3x32(), Steps);
    private readonly DynamicRunner _dynamic3x32 = new(DynamicCellKind.Lstm, 3, 32, Steps);
    private readonly Runner<float> _lstm3x64 = new(new Lstm3x64(), Steps);
    private readonly DynamicRunner _dynamic3x64 = new(DynamicCellKind.Lstm, 3, 64, Steps);
    private readonly Runner<float> _lstm16x128 = new(new Lstm16x128(), Steps);
    private readonly DynamicRunner _dynamic16x128 = new(DynamicCellKind.Lstm, 16, 128, Steps);
    private readonly Runner<float> _lstm64x256 = new(new Lstm64x256(), Steps);
    private readonly DynamicRunner _dynamic64x256 = new(DynamicCellKind.Lstm, 64, 256, Steps);

    // Concrete types in every call, so the benchmark measures the generated code and not an interface dispatch.
    [Benchmark] public void Lstm_1x8_Step() => ((Lstm1x8)_lstm1x8.Cell).Step(_lstm1x8.Input, _lstm1x8.State, _lstm1x8.Output);
    [Benchmark] public void Lstm_1x20_Step() => ((Lstm1x20)_lstm1x20.Cell).Step(_lstm1x20.Input, _lstm1x20.State, _lstm1x20.Output);
    [Benchmark] public void Lstm_2x16_Step() => ((Lstm2x16)_lstm2x16.Cell).Step(_lstm2x16.Input, _lstm2x16.State, _lstm2x16.Output);
    [Benchmark] public void Lstm_3x32_Step() => ((Lstm3x32)_lstm3x32.Cell).Step(_lstm3x32.Input, _lstm3x32.State, _lstm3x32.Output);
    [Benchmark] public void Lstm_3x64_Step() => ((Lstm3x64)_lstm3x64.Cell).Step(_lstm3x64.Input, _lstm3x64.State, _lstm3x64.Output);
    [Benchmark] public void Lstm_16x128_Step() => ((Lstm16x128)_lstm16x128.Cell).Step(_lstm16x128.Input, _lstm16x128.State, _lstm16x128.Output);
    [Benchmark] public void Lstm_64x256_Step() => ((Lstm64x256)_lstm64x256.Cell).Step(_lstm64x256.Input, _lstm64x256.State, _lstm64x256.Output);

    [Benchmark] public void Dynamic_Lstm_1x8_Step() => _dynamic1x8.Step();
    [Benchmark] public void Dynamic_Lstm_1x20_Step() => _dynamic1x20.Step();
    [Benchmark] public void Dynamic_Lstm_2x16_Step() => _dynamic2x16.Step();
    [Benchmark] public void Dynamic_Lstm_3x32_Step() => _dynamic3x32.Step();
    [Benchmark] public void Dynamic_Lstm_3x64_Step() => _dynamic3x64.Step();
    [Benchmark] public void Dynamic_Lstm_16x128_Step() => _dynamic16x128.Step();
    [Benchmark] public void Dynamic_Lstm_64x256_Step() => _dynamic64x256.Step();

    [Benchmark(OperationsPerInvoke = Steps)] public void Lstm_1x8_Sequence() => ((Lstm1x8)_lstm1x8.Cell).Forward(_lstm1x8.Inputs, _lstm1x8.State, _lstm1x8.Outputs);
    [Benchmark(OperationsPerInvoke = Steps)] public void Lstm_1x20_Sequence() => ((Lstm1x20)_lstm1x20.Cell).Forward(_lstm1x20.Inputs, _lstm1x20.State, _lstm1x20.Outputs);
    [Benchmark(OperationsPerInvoke = Steps)] public void Lstm_2x16_Sequence() => ((Lstm2x16)_lstm2x16.Cell).Forward(_lstm2x16.Inputs, _lstm2x16.State, _lstm2x16.Outputs);
    [Benchmark(OperationsPerInvoke = Steps)] public void Lstm_3x32_Sequence() => ((Lstm3x32)_lstm3x32.Cell).Forward(_lstm3x32.Inputs, _lstm3x32.State, _lstm3x32.Outputs);
    [Benchmark(OperationsPerInvoke = Steps)] public void Lstm_3x64_Sequence() => ((Lstm3x64)_lstm3x64.Cell).Forward(_lstm3x64.Inputs, _lstm3x64.State, _lstm3x64.Outputs);
    [Benchmark(OperationsPerInvoke = Steps)] public void Lstm_16x128_Sequence() => ((Lstm16x128)_lstm16x128.Cell).Forward(_lstm16x128.Inputs, _lstm16x128.State, _lstm16x128.Outputs);
    [Benchmark(OperationsPerInvoke = Steps)] public void Lstm_64x256_Sequence() => ((Lstm64x256)_lstm64x256.Cell).Forward(_lstm64x256.Inputs, _lstm64x256.State, _lstm64x256.Outputs);

    [Benchmark(OperationsPerInvoke = Steps)] public void Dynamic_Lstm_1x8_Sequence() => _dynamic1x8.Forward();
    [Benchmark(OperationsPerInvoke = Steps)] public void Dynamic_Lstm_1x20_Sequence() => _dynamic1x20.Forward();
    [Benchmark(OperationsPerInvoke = Steps)] public void Dynamic_Lstm_2x16_Sequence() => _dynamic2x16.Forward();
    [Benchmark(OperationsPerInvoke = Steps)] public void Dynamic_Lstm_3x32_Sequence() => _dynamic3x32.Forward();
    [Benchmark(OperationsPerInvoke = Steps)] public void Dynamic_Lstm_3x64_Sequence() => _dynamic3x64.Forward();
    [Benchmark(OperationsPerInvoke = Steps)] public void Dynamic_Lstm_16x128_Sequence() => _dynamic16x128.Forward();
    [Benchmark(OperationsPerInvoke = Steps)] public void Dynamic_Lstm_64x256_Sequence() => _dynamic64x256.Forward();

    // The double-precision cell of the one double shape.
    private readonly Runner<double> _lstm3x64Double = new(new Lstm3x64Double(), Steps);

    [Benchmark] public void Lstm_3x64_Double_Step() => ((Lstm3x64Double)_lstm3x64Double.Cell).Step(_lstm3x64Double.Input, _lstm3x64Double.State, _lstm3x64Double.Output);

    [Benchmark(OperationsPerInvoke = Steps)] public void Lstm_3x64_Double_Sequence() => ((Lstm3x64Double)_lstm3x64Double.Cell).Forward(_lstm3x64Double.Inputs, _lstm3x64Double.State, _lstm3x64Double.Outputs);

    // The textbook scalar loops, same weights as the dynamic cells: what vectorizing buys.
    private NaiveRunner? _naive3x32, _naive3x64;

    [GlobalSetup(Targets = new[] { nameof(Naive_Lstm_3x32_Step), nameof(Naive_Lstm_3x64_Step) })]
    public void SetUpNaive()
    {
        _naive3x32 = _dynamic3x32.Naive();
        _naive3x64 = _dynamic3x64.Naive();
    }

    [Benchmark] public void Naive_Lstm_3x32_Step() => _naive3x32!.Step();

    [Benchmark] public void Naive_Lstm_3x64_Step() => _naive3x64!.Step();
}

/// <summary>
/// GRUs (reset-after, PyTorch's form), float32, one thread: as <see cref="LstmBenchmarks"/>.
/// </summary>
[MemoryDiagnoser, MedianColumn]
public class GruBenchmarks
{
    private const int Steps = 100;

    private readonly Runner<float> _gru1x8 = new(new Gru1x8(), Steps);
    private readonly DynamicRunner _dynamic1x8 = new(DynamicCellKind.Gru, 1, 8, Steps);
    private readonly Runner<float> _gru1x20 = new(new Gru1x20(), Steps);
    private readonly DynamicRunner _dynamic1x20 = new(DynamicCellKind.Gru, 1, 20, Steps);
    private readonly Runner<float> _gru2x16 = new(new Gru2x16(), Steps);
    private readonly DynamicRunner _dynamic2x16 = new(DynamicCellKind.Gru, 2, 16, Steps);
    private readonly Runner<float> _gru3x32 = new(new Gru3x32(), Steps);
    private readonly DynamicRunner _dynamic3x32 = new(DynamicCellKind.Gru, 3, 32, Steps);
    private readonly Runner<float> _gru3x64 = new(new Gru3x64(), Steps);
    private readonly DynamicRunner _dynamic3x64 = new(DynamicCellKind.Gru, 3, 64, Steps);
    private readonly Runner<float> _gru16x128 = new(new Gru16x128(), Steps);
    private readonly DynamicRunner _dynamic16x128 = new(DynamicCellKind.Gru, 16, 128, Steps);
    private readonly Runner<float> _gru64x256 = new(new Gru64x256(), Steps);
    private readonly DynamicRunner _dynamic64x256 = new(DynamicCellKind.Gru, 64, 256, Steps);

    // Concrete types in every call, so the benchmark measures the generated code and not an interface dispatch.
    [Benchmark] public void Gru_1x8_Step() => ((Gru1x8)_gru1x8.Cell).Step(_gru1x8.Input, _gru1x8.State, _gru1x8.Output);
    [Benchmark] public void Gru_1x20_Step() => ((Gru1x20)_gru1x20.Cell).Step(_gru1x20.Input, _gru1x20.State, _gru1x20.Output);
    [Benchmark] public void Gru_2x16_Step() => ((Gru2x16)_gru2x16.Cell).Step(_gru2x16.Input, _gru2x16.State, _gru2x16.Output);
    [Benchmark] public void Gru_3x32_Step() => ((Gru3x32)_gru3x32.Cell).Step(_gru3x32.Input, _gru3x32.State, _gru3x32.Output);
    [Benchmark] public void Gru_3x64_Step() => ((Gru3x64)_gru3x64.Cell).Step(_gru3x64.Input, _gru3x64.State, _gru3x64.Output);
    [Benchmark] public void Gru_16x128_Step() => ((Gru16x128)_gru16x128.Cell).Step(_gru16x128.Input, _gru16x128.State, _gru16x128.Output);
    [Benchmark] public void Gru_64x256_Step() => ((Gru64x256)_gru64x256.Cell).Step(_gru64x256.Input, _gru64x256.State, _gru64x256.Output);

    [Benchmark] public void Dynamic_Gru_1x8_Step() => _dynamic1x8.Step();
    [Benchmark] public void Dynamic_Gru_1x20_Step() => _dynamic1x20.Step();
    [Benchmark] public void Dynamic_Gru_2x16_Step() => _dynamic2x16.Step();
    [Benchmark] public void Dynamic_Gru_3x32_Step() => _dynamic3x32.Step();
    [Benchmark] public void Dynamic_Gru_3x64_Step() => _dynamic3x64.Step();
    [Benchmark] public void Dynamic_Gru_16x128_Step() => _dynamic16x128.Step();
    [Benchmark] public void Dynamic_Gru_64x256_Step() => _dynamic64x256.Step();

    [Benchmark(OperationsPerInvoke = Steps)] public void Gru_3x64_Sequence() => ((Gru3x64)_gru3x64.Cell).Forward(_gru3x64.Inputs, _gru3x64.State, _gru3x64.Outputs);
    [Benchmark(OperationsPerInvoke = Steps)] public void Gru_16x128_Sequence() => ((Gru16x128)_gru16x128.Cell).Forward(_gru16x128.Inputs, _gru16x128.State, _gru16x128.Outputs);
    [Benchmark(OperationsPerInvoke = Steps)] public void Gru_64x256_Sequence() => ((Gru64x256)_gru64x256.Cell).Forward(_gru64x256.Inputs, _gru64x256.State, _gru64x256.Outputs);

    [Benchmark(OperationsPerInvoke = Steps)] public void Dynamic_Gru_3x64_Sequence() => _dynamic3x64.Forward();
    [Benchmark(OperationsPerInvoke = Steps)] public void Dynamic_Gru_16x128_Sequence() => _dynamic16x128.Forward();
    [Benchmark(OperationsPerInvoke = Steps)] public void Dynamic_Gru_64x256_Sequence() => _dynamic64x256.Forward();

    private NaiveRunner? _naive3x64;

    [GlobalSetup(Target = nameof(Naive_Gru_3x64_Step))]
    public void SetUpNaive() => _naive3x64 = _dynamic3x64.Naive();

    [Benchmark] public void Naive_Gru_3x64_Step() => _naive3x64!.Step();
}

/// <summary>
/// Elman RNNs (tanh), float32, one thread: as <see cref="LstmBenchmarks"/>.
/// </summary>
[MemoryDiagnoser, MedianColumn]
public class RnnBenchmarks
{
    private const int Steps = 100;

    private readonly Runner<float> _rnn1x8 = new(new Rnn1x8(), Steps);
    private readonly DynamicRunner _dynamic1x8 = new(DynamicCellKind.Rnn, 1, 8, Steps);
    private readonly Runner<float> _rnn1x20 = new(new Rnn1x20(), Steps);
    private readonly DynamicRunner _dynamic1x20 = new(DynamicCellKind.Rnn, 1, 20, Steps);
    private readonly Runner<float> _rnn2x16 = new(new Rnn2x16(), Steps);
    private readonly DynamicRunner _dynamic2x16 = new(DynamicCellKind.Rnn, 2, 16, Steps);
    private readonly Runner<float> _rnn3x32 = new(new Rnn3x32(), Steps);
    private readonly DynamicRunner _dynamic3x32 = new(DynamicCellKind.Rnn, 3, 32, Steps);
    private readonly Runner<float> _rnn3x64 = new(new Rnn3x64(), Steps);
    private readonly DynamicRunner _dynamic3x64 = new(DynamicCellKind.Rnn, 3, 64, Steps);
    private readonly Runner<float> _rnn16x128 = new(new Rnn16x128(), Steps);
    private readonly DynamicRunner _dynamic16x128 = new(DynamicCellKind.Rnn, 16, 128, Steps);
    private readonly Runner<float> _rnn64x256 = new(new Rnn64x256(), Steps);
    private readonly DynamicRunner _dynamic64x256 = new(DynamicCellKind.Rnn, 64, 256, Steps);

    // Concrete types in every call, so the benchmark measures the generated code and not an interface dispatch.
    [Benchmark] public void Rnn_1x8_Step() => ((Rnn1x8)_rnn1x8.Cell).Step(_rnn1x8.Input, _rnn1x8.State, _rnn1x8.Output);
    [Benchmark] public void Rnn_1x20_Step() => ((Rnn1x20)_rnn1x20.Cell).Step(_rnn1x20.Input, _rnn1x20.State, _rnn1x20.Output);
    [Benchmark] public void Rnn_2x16_Step() => ((Rnn2x16)_rnn2x16.Cell).Step(_rnn2x16.Input, _rnn2x16.State, _rnn2x16.Output);
    [Benchmark] public void Rnn_3x32_Step() => ((Rnn3x32)_rnn3x32.Cell).Step(_rnn3x32.Input, _rnn3x32.State, _rnn3x32.Output);
    [Benchmark] public void Rnn_3x64_Step() => ((Rnn3x64)_rnn3x64.Cell).Step(_rnn3x64.Input, _rnn3x64.State, _rnn3x64.Output);
    [Benchmark] public void Rnn_16x128_Step() => ((Rnn16x128)_rnn16x128.Cell).Step(_rnn16x128.Input, _rnn16x128.State, _rnn16x128.Output);
    [Benchmark] public void Rnn_64x256_Step() => ((Rnn64x256)_rnn64x256.Cell).Step(_rnn64x256.Input, _rnn64x256.State, _rnn64x256.Output);

    [Benchmark] public void Dynamic_Rnn_1x8_Step() => _dynamic1x8.Step();
    [Benchmark] public void Dynamic_Rnn_1x20_Step() => _dynamic1x20.Step();
    [Benchmark] public void Dynamic_Rnn_2x16_Step() => _dynamic2x16.Step();
    [Benchmark] public void Dynamic_Rnn_3x32_Step() => _dynamic3x32.Step();
    [Benchmark] public void Dynamic_Rnn_3x64_Step() => _dynamic3x64.Step();
    [Benchmark] public void Dynamic_Rnn_16x128_Step() => _dynamic16x128.Step();
    [Benchmark] public void Dynamic_Rnn_64x256_Step() => _dynamic64x256.Step();

    [Benchmark(OperationsPerInvoke = Steps)] public void Rnn_3x64_Sequence() => ((Rnn3x64)_rnn3x64.Cell).Forward(_rnn3x64.Inputs, _rnn3x64.State, _rnn3x64.Outputs);
    [Benchmark(OperationsPerInvoke = Steps)] public void Rnn_16x128_Sequence() => ((Rnn16x128)_rnn16x128.Cell).Forward(_rnn16x128.Inputs, _rnn16x128.State, _rnn16x128.Outputs);
    [Benchmark(OperationsPerInvoke = Steps)] public void Rnn_64x256_Sequence() => ((Rnn64x256)_rnn64x256.Cell).Forward(_rnn64x256.Inputs, _rnn64x256.State, _rnn64x256.Outputs);

    [Benchmark(OperationsPerInvoke = Steps)] public void Dynamic_Rnn_3x64_Sequence() => _dynamic3x64.Forward();
    [Benchmark(OperationsPerInvoke = Steps)] public void Dynamic_Rnn_16x128_Sequence() => _dynamic16x128.Forward();
    [Benchmark(OperationsPerInvoke = Steps)] public void Dynamic_Rnn_64x256_Sequence() => _dynamic64x256.Forward();
}

/// <summary>A runtime-sized cell with the same random weights as the generated one of its shape.</summary>
public sealed class DynamicRunner
{
    private readonly DynamicCell _cell;
    private readonly float[] _input, _state, _output, _inputs, _outputs;

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

        _inputs = new float[steps * input];
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (float)(random.NextDouble() * 2 - 1);
        }

        _state = new float[_cell.StateSize];
        _output = new float[hidden];
        _outputs = new float[steps * hidden];
    }

    public void Step() => _cell.Step(_input, _state, _output);

    public void Forward() => _cell.Forward(_inputs, _state, _outputs);

    /// <summary>The textbook scalar loops over the same weights, checked against the dynamic cell before use.</summary>
    public NaiveRunner Naive()
    {
        var naive = new NaiveCell(_cell.Kind, _cell.InputSize, _cell.HiddenSize, _cell.Parameters, _cell.RecurrentPanelWidth);
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
        Initializers.PyTorchUniform(cell, seed: 42);
        var random = new Random(42);
        T Uniform(double scale) => T.CreateChecked((random.NextDouble() * 2 - 1) * scale);

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
