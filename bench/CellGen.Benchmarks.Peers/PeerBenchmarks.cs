using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CellGen.Benchmarks.Peers.Onnx;
using CellGen.Benchmarks.Peers.Torch;

namespace CellGen.Benchmarks.Peers;

/// <summary>
/// CellGen (the generated cell, and the runtime-sized <see cref="DynamicCell"/>) against ONNX Runtime and TorchSharp,
/// float32, one thread each, identical weights. Categories, each with CellGen as the baseline of its Ratio column:
/// <list type="bullet">
/// <item><b>Step</b>: one time step per call (streaming), state carried from call to call.</item>
/// <item><b>Sequence</b>: T = 100 steps in one call, reported per time step.</item>
/// <item><b>TrainB1</b>, <b>TrainB32</b>: one training step (forward over T = 100 with what backward needs, MSE of every
/// h(t) against a fixed target, backward, Adam at lr 1e-3) on 1 or 32 sequences, reported per sequence.</item>
/// </list>
/// GlobalSetup checks every peer against CellGen (every h(t) of a 100-step sequence within 1e-4; training gradients
/// within 1e-3 of their largest value) and throws rather than time a peer that computes something else: that
/// benchmark shows NA, and Program lists it at the end.
/// </summary>
[MemoryDiagnoser, MedianColumn]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
public abstract class PeerBenchmarks
{
    public const int Steps = TrainingData.Steps;
    public const int Batch = TrainingData.MaxBatch;
    private const double LearningRate = 1e-3;
    private const float OutputTolerance = 1e-4f;
    private const float GradientTolerance = 1e-3f;
    private const int WeightSeed = 42, DataSeed = 7;

    // The checks, by the peer and computation they vouch for.
    private const string CheckCellGenStep = "CellGen generated Step";
    private const string CheckDynamicForward = "CellGen dynamic Forward";
    private const string CheckDynamicStep = "CellGen dynamic Step";
    private const string CheckOnnxSequence = "ONNX Runtime sequence";
    private const string CheckOnnxStep = "ONNX Runtime step";
    private const string CheckOnnxStepIoBinding = "ONNX Runtime step (IoBinding)";
    private const string CheckTorchSequence = "TorchSharp sequence";
    private const string CheckTorchStep = "TorchSharp step";
    private const string CheckTorchTrainB1 = "TorchSharp training B1";
    private const string CheckTorchTrainB32 = "TorchSharp training B32";

    private static readonly HashSet<string> s_reported = new();
    private static readonly List<string> s_refusals = new();
    private static int s_refusedSetups;

    private GeneratedModel? _cellGen;
    private DynamicModel? _dynamic;
    private OnnxPeer? _onnx;
    private TorchPeer? _torch;
    private CellGenTrainer? _trainer;
    private float[] _inputs = Array.Empty<float>(), _outputs = Array.Empty<float>();
    private float[] _stepInput = Array.Empty<float>(), _stepOutput = Array.Empty<float>();
    private float[] _cellGenState = Array.Empty<float>(), _dynamicState = Array.Empty<float>();

    /// <summary>Input x Hidden, for example "3x64".</summary>
    public abstract string Shape { get; set; }

    protected abstract CellKind Kind { get; }

    private GeneratedModel CellGen => _cellGen!;

    private DynamicModel Dynamic => _dynamic!;

    private OnnxPeer OnnxRuntime => _onnx!;

    private TorchPeer TorchSharp => _torch!;

    private CellGenTrainer Trainer => _trainer!;

    /// <summary>"LstmPeers [1x8]: TorchSharp sequence: …" for every peer refused so far in this process.</summary>
    public static IReadOnlyCollection<string> Refusals
    {
        get
        {
            lock (s_refusals)
            {
                return s_refusals.ToArray();
            }
        }
    }

    /// <summary>GlobalSetups that threw because the peer they were to time failed its check: one per refused benchmark case.</summary>
    public static int RefusedSetups => Volatile.Read(ref s_refusedSetups);

    // One GlobalSetup per benchmark (or group): each builds everything and runs every check, but throws only for the
    // checks of the computation it is about to time, so that a wrong peer is refused without taking the other
    // benchmarks of its shape down with it.
    [GlobalSetup(Targets = new[] { nameof(CellGen_Step), nameof(CellGen_Sequence), nameof(CellGen_Train_B1), nameof(CellGen_Train_B32) })]
    public void SetupCellGen() => Setup(CheckCellGenStep);

    [GlobalSetup(Target = nameof(Dynamic_Step))]
    public void SetupDynamicStep() => Setup(CheckDynamicStep);

    [GlobalSetup(Target = nameof(Dynamic_Sequence))]
    public void SetupDynamicSequence() => Setup(CheckDynamicForward);

    [GlobalSetup(Target = nameof(Onnx_Step))]
    public void SetupOnnxStep() => Setup(CheckOnnxStep);

    [GlobalSetup(Target = nameof(Onnx_Step_IoBinding))]
    public void SetupOnnxStepIoBinding() => Setup(CheckOnnxStepIoBinding);

    [GlobalSetup(Target = nameof(Onnx_Sequence))]
    public void SetupOnnxSequence() => Setup(CheckOnnxSequence);

    [GlobalSetup(Target = nameof(Torch_Step))]
    public void SetupTorchStep() => Setup(CheckTorchStep);

    [GlobalSetup(Target = nameof(Torch_Sequence))]
    public void SetupTorchSequence() => Setup(CheckTorchSequence);

    [GlobalSetup(Target = nameof(Torch_Train_B1))]
    public void SetupTorchTrainB1() => Setup(CheckTorchTrainB1);

    [GlobalSetup(Target = nameof(Torch_Train_B32))]
    public void SetupTorchTrainB32() => Setup(CheckTorchTrainB32);

    /// <summary>Builds every peer on the same weights, checks them all, and throws if <paramref name="enforced"/> failed.</summary>
    private void Setup(string enforced)
    {
        string[] parts = Shape.Split('x');
        int input = int.Parse(parts[0], CultureInfo.InvariantCulture), hidden = int.Parse(parts[1], CultureInfo.InvariantCulture);
        TorchWeights weights = TorchWeights.Random(Kind, input, hidden, WeightSeed);
        var random = new Random(DataSeed);
        _inputs = new float[Steps * input];
        TorchWeights.Fill(_inputs, random, 1);
        _outputs = new float[Steps * hidden];
        _stepInput = _inputs[..input];
        _stepOutput = new float[hidden];

        _cellGen = GeneratedModel.Create(Kind, input, hidden);
        _cellGen.Load(weights);
        _dynamic = new DynamicModel(Kind, input, hidden, _cellGen.Parameters);
        _onnx = new OnnxPeer(weights, _inputs, Steps);
        var data = new TrainingData(input, hidden, DataSeed + 1);
        _torch = TorchPeer.Create(weights, _inputs, data, LearningRate);
        _trainer = new CellGenTrainer(_cellGen.Cell, data, LearningRate);
        _cellGenState = new float[_cellGen.StateSize];
        _dynamicState = new float[_dynamic.StateSize];

        try
        {
            Check(weights, enforced);
        }
        catch
        {
            // Free the native sessions and tensors now, in case BenchmarkDotNet skips GlobalCleanup after a GlobalSetup
            // that threw (Cleanup can run twice).
            Cleanup();
            throw;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _onnx?.Dispose();
        _torch?.Dispose();
        _onnx = null;
        _torch = null;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Step")]
    public void CellGen_Step() => CellGen.Step(_stepInput, _cellGenState, _stepOutput);

    [Benchmark, BenchmarkCategory("Step")]
    public void Dynamic_Step() => Dynamic.Step(_stepInput, _dynamicState, _stepOutput);

    [Benchmark, BenchmarkCategory("Step")]
    public void Onnx_Step() => OnnxRuntime.Step();

    /// <summary>The same ONNX step through an OrtIoBinding: no per-call managed allocation (Onnx_Step's Run overload allocates ~240 B).</summary>
    [Benchmark, BenchmarkCategory("Step")]
    public void Onnx_Step_IoBinding() => OnnxRuntime.StepBound();

    [Benchmark, BenchmarkCategory("Step")]
    public void Torch_Step() => TorchSharp.Step();

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps), BenchmarkCategory("Sequence")]
    public void CellGen_Sequence() => CellGen.Forward(_inputs, _cellGenState, _outputs);

    [Benchmark(OperationsPerInvoke = Steps), BenchmarkCategory("Sequence")]
    public void Dynamic_Sequence() => Dynamic.Forward(_inputs, _dynamicState, _outputs);

    [Benchmark(OperationsPerInvoke = Steps), BenchmarkCategory("Sequence")]
    public void Onnx_Sequence() => OnnxRuntime.Sequence();

    [Benchmark(OperationsPerInvoke = Steps), BenchmarkCategory("Sequence")]
    public void Torch_Sequence() => TorchSharp.Sequence();

    [Benchmark(Baseline = true), BenchmarkCategory("TrainB1")]
    public float CellGen_Train_B1() => Trainer.Train(1);

    [Benchmark, BenchmarkCategory("TrainB1")]
    public void Torch_Train_B1() => TorchSharp.Train(1);

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("TrainB32")]
    public float CellGen_Train_B32() => Trainer.Train(Batch);

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("TrainB32")]
    public void Torch_Train_B32() => TorchSharp.Train(Batch);

    /// <summary>
    /// Runs the 100-step sequence through every peer (whole sequence and step by step) and compares every h(t) with
    /// the generated cell's <c>Forward</c>; compares TorchSharp's training gradients with CellGen's for batch 1 and 32.
    /// Prints the results once per shape; throws an <see cref="InvalidOperationException"/> naming the peer when the
    /// check <paramref name="enforced"/> failed.
    /// </summary>
    private void Check(TorchWeights weights, string enforced)
    {
        int hidden = weights.Hidden;
        var outputs = new List<(string Check, float Value, string? Failure)>();
        var gradients = new List<(string Check, float Value, string? Failure)>();
        float[] reference = new float[Steps * hidden];
        CellGen.Forward(_inputs, new float[CellGen.StateSize], reference);

        outputs.Add(CompareOutputs(CheckCellGenStep, StepThrough(CellGen), reference));
        outputs.Add(CompareOutputs(CheckDynamicForward, ForwardThrough(Dynamic), reference));
        outputs.Add(CompareOutputs(CheckDynamicStep, StepThrough(Dynamic), reference));
        OnnxRuntime.Sequence();
        outputs.Add(CompareOutputs(CheckOnnxSequence, OnnxRuntime.SequenceOutputs.ToArray(), reference));
        outputs.Add(CompareOutputs(CheckOnnxStep, OnnxRuntime.StepOutputs(_inputs, bound: false), reference));
        outputs.Add(CompareOutputs(CheckOnnxStepIoBinding, OnnxRuntime.StepOutputs(_inputs, bound: true), reference));
        outputs.Add(CompareOutputs(CheckTorchSequence, TorchSharp.SequenceOutputs(), reference));
        outputs.Add(CompareOutputs(CheckTorchStep, TorchSharp.StepOutputs(), reference));
        foreach (int batch in new[] { 1, Batch })
        {
            Trainer.ComputeGradients(batch);
            GeneratedModel torchGradients = CellGen.CreateEmpty();
            torchGradients.Load(TorchSharp.Gradients(batch));
            gradients.Add(CompareGradients(batch == 1 ? CheckTorchTrainB1 : CheckTorchTrainB32, torchGradients.Parameters, Trainer.Gradients));
        }

        var failures = new List<(string Check, float Value, string? Failure)>(outputs);
        failures.AddRange(gradients);
        failures.RemoveAll(result => result.Failure is null);
        lock (s_reported)
        {
            if (s_reported.Add($"{Kind} {Shape}"))
            {
                static string Format((string Check, float Value, string? Failure) result) =>
                    string.Create(CultureInfo.InvariantCulture, $"{result.Check} {result.Value:0.0E+0}{(result.Failure is null ? "" : " WRONG")}");
                string verdict = failures.Count == 0
                    ? "all peers agree with CellGen."
                    : $"{string.Join(", ", failures.ConvertAll(f => f.Check))} DISAGREE with CellGen and will not be timed.";
                Console.WriteLine(
                    $"// Correctness {Kind} {Shape}: {verdict} Max |Δh(t)| over {Steps} steps vs CellGen's Forward (tolerance {OutputTolerance:0E+0}): {string.Join(", ", outputs.ConvertAll(Format))}. " +
                    $"Training gradients vs CellGen's, max |Δ| / max |g| (tolerance {GradientTolerance:0E+0}): {string.Join(", ", gradients.ConvertAll(Format))}.");
                foreach ((_, _, string? failure) in failures)
                {
                    Console.WriteLine($"//   {failure}");
                }
            }
        }

        foreach ((string check, _, string? failure) in failures)
        {
            if (check == enforced)
            {
                lock (s_refusals)
                {
                    // Not GetType().Name: in process, BenchmarkDotNet runs a type it derives from the benchmark class.
                    string refusal = $"{Kind}Peers [{Shape}]: {failure}";
                    if (!s_refusals.Contains(refusal))
                    {
                        s_refusals.Add(refusal);
                    }
                }

                Interlocked.Increment(ref s_refusedSetups);
                throw new InvalidOperationException(failure);
            }
        }
    }

    private float[] StepThrough(CellModel cell)
    {
        int input = _stepInput.Length, hidden = _stepOutput.Length;
        float[] state = new float[cell.StateSize], outputs = new float[Steps * hidden];
        for (int t = 0; t < Steps; t++)
        {
            cell.Step(_inputs.AsSpan(t * input, input), state, outputs.AsSpan(t * hidden, hidden));
        }

        return outputs;
    }

    private float[] ForwardThrough(CellModel cell)
    {
        float[] outputs = new float[Steps * _stepOutput.Length];
        cell.Forward(_inputs, new float[cell.StateSize], outputs);
        return outputs;
    }

    private (string Check, float Value, string? Failure) CompareOutputs(string check, float[] outputs, float[] reference)
    {
        if (outputs.Length != reference.Length)
        {
            return (check, float.PositiveInfinity, $"{check} ({Kind} {Shape}) returned {outputs.Length} values; CellGen {reference.Length}. Not timing it.");
        }

        float worst = 0;
        int at = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            float difference = Difference(outputs[i], reference[i]);
            if (difference > worst)
            {
                worst = difference;
                at = i;
            }
        }

        int hidden = _stepOutput.Length;
        return (check, worst, worst <= OutputTolerance ? null : string.Create(CultureInfo.InvariantCulture,
            $"{check} computes something else than CellGen ({Kind} {Shape}): h(t = {at / hidden})[{at % hidden}] is {outputs[at]}, CellGen's {reference[at]} (|Δ| = {worst:0.00E+0} > {OutputTolerance:0E+0}). Not timing it."));
    }

    /// <summary>|a − b|, infinite when either is NaN, so that a NaN is the worst difference and cannot hide.</summary>
    private static float Difference(float a, float b)
    {
        float difference = Math.Abs(a - b);
        return float.IsNaN(difference) ? float.PositiveInfinity : difference;
    }

    private (string Check, float Value, string? Failure) CompareGradients(string check, ReadOnlySpan<float> gradients, ReadOnlySpan<float> reference)
    {
        float largest = 0, worst = 0;
        int at = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(reference[i]));
            float difference = Difference(gradients[i], reference[i]);
            if (difference > worst)
            {
                worst = difference;
                at = i;
            }
        }

        float relative = worst / largest;
        return (check, relative, relative <= GradientTolerance ? null : string.Create(CultureInfo.InvariantCulture,
            $"{check} computes other gradients than CellGen ({Kind} {Shape}): parameter {at} (CellGen's layout) has {gradients[at]}, CellGen {reference[at]}; |Δ| / max |g| = {relative:0.00E+0} > {GradientTolerance:0E+0}. Not timing it."));
    }
}

/// <summary>LSTM (i, f, g, o; no peepholes): CellGen's [LstmCell], ONNX LSTM, torch.nn.LSTM/LSTMCell.</summary>
public class LstmPeers : PeerBenchmarks
{
    [Params("1x8", "1x20", "2x16", "3x32", "3x64", "16x128", "64x256")]
    public override string Shape { get; set; } = "3x64";

    protected override CellKind Kind => CellKind.Lstm;
}

/// <summary>GRU, reset-after form: CellGen's default [GruCell], ONNX GRU with linear_before_reset = 1, torch.nn.GRU/GRUCell.</summary>
public class GruPeers : PeerBenchmarks
{
    [Params("3x64", "16x128")]
    public override string Shape { get; set; } = "3x64";

    protected override CellKind Kind => CellKind.Gru;
}

/// <summary>Simple tanh RNN: CellGen's [RnnCell], ONNX RNN (activations Tanh), torch.nn.RNN/RNNCell.</summary>
public class RnnPeers : PeerBenchmarks
{
    [Params("3x64", "16x128")]
    public override string Shape { get; set; } = "3x64";

    protected override CellKind Kind => CellKind.Rnn;
}
