using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Module = TorchSharp.torch.nn.Module;

namespace CellGen.Benchmarks.Peers.Torch;

/// <summary>
/// TorchSharp (libtorch CPU) on one thread: the whole-sequence module (nn.LSTM/GRU/RNN) for inference and training,
/// and the cell module (nn.LSTMCell/GRUCell/RNNCell) for one step per call. Every call runs in its own dispose scope,
/// so the tensors it creates are freed when it returns; the inputs are created once.
/// </summary>
public abstract class TorchPeer : IDisposable
{
    private static bool s_initialized;

    private readonly Tensor _sequenceX;
    private readonly Dictionary<int, (Tensor X, Tensor Target, Tensor Zeros)> _batches = new();
    private readonly Module _trainModule;
    private readonly Adam _optimizer;

    protected TorchPeer(TorchWeights weights, float[] sequenceInputs, TrainingData data, double learningRate)
    {
        Initialize();
        Weights = weights;
        Steps = sequenceInputs.Length / weights.Input;
        _sequenceX = tensor(sequenceInputs, new long[] { Steps, 1, weights.Input });
        StepX = tensor(sequenceInputs.AsSpan(0, weights.Input).ToArray(), new long[] { 1, weights.Input });
        SequenceZeros = zeros(1, 1, weights.Hidden);
        foreach (int batch in new[] { 1, TrainingData.MaxBatch })
        {
            _batches[batch] = (
                tensor(TrainingData.TimeMajor(data.Inputs, batch, weights.Input), new long[] { TrainingData.Steps, batch, weights.Input }),
                tensor(TrainingData.TimeMajor(data.Targets, batch, weights.Hidden), new long[] { TrainingData.Steps, batch, weights.Hidden }),
                zeros(1, batch, weights.Hidden));
        }

        // A module of its own, so that training never changes the weights inference runs on. (A virtual call from the
        // constructor: the overrides only create a module from Weights, set above.)
        _trainModule = CreateSequenceModule();
        Load(_trainModule, "_l0");
        _optimizer = optim.Adam(_trainModule.parameters(), learningRate);
    }

    public static TorchPeer Create(TorchWeights weights, float[] sequenceInputs, TrainingData data, double learningRate) => weights.Kind switch
    {
        CellKind.Lstm => new TorchLstm(weights, sequenceInputs, data, learningRate),
        CellKind.Gru => new TorchGru(weights, sequenceInputs, data, learningRate),
        _ => new TorchRnn(weights, sequenceInputs, data, learningRate),
    };

    protected TorchWeights Weights { get; }

    protected int Steps { get; }

    /// <summary>The one-step input, [1, I].</summary>
    protected Tensor StepX { get; }

    /// <summary>Zeros [1, 1, H], the initial state of every whole-sequence inference call.</summary>
    protected Tensor SequenceZeros { get; }

    /// <summary>torch.set_num_threads(1) (and one inter-op thread), once per process, before any work.</summary>
    public static void Initialize()
    {
        if (!s_initialized)
        {
            set_num_threads(1);
            set_num_interop_threads(1);
            s_initialized = true;
        }
    }

    /// <summary>The whole sequence from a zero state, under no_grad.</summary>
    public void Sequence()
    {
        using DisposeScope scope = NewDisposeScope();
        using IDisposable noGrad = no_grad();
        ForwardSequence(_sequenceX, SequenceZeros);
    }

    /// <summary>Y of the whole sequence, [T, H], for the correctness check.</summary>
    public float[] SequenceOutputs()
    {
        using DisposeScope scope = NewDisposeScope();
        using IDisposable noGrad = no_grad();
        return ForwardSequence(_sequenceX, SequenceZeros).data<float>().ToArray();
    }

    /// <summary>One time step with the cell module from the state the previous call left.</summary>
    public void Step()
    {
        using DisposeScope scope = NewDisposeScope();
        using IDisposable noGrad = no_grad();
        StepCell(StepX);
    }

    /// <summary>The cell module stepped through the whole sequence from a zero state: every h(t), [T, H], for the correctness check.</summary>
    public float[] StepOutputs()
    {
        using DisposeScope scope = NewDisposeScope();
        using IDisposable noGrad = no_grad();
        ResetStepState();
        var outputs = new float[Steps * Weights.Hidden];
        for (int t = 0; t < Steps; t++)
        {
            StepCell(_sequenceX[t]);
            StepHidden().CopyTo(outputs, t * Weights.Hidden);
        }

        ResetStepState();
        return outputs;
    }

    /// <summary>h after the last <see cref="Step"/>, [H].</summary>
    public abstract float[] StepHidden();

    /// <summary>Sets the cell module's state to zero.</summary>
    public abstract void ResetStepState();

    /// <summary>
    /// One training step on the first <paramref name="batch"/> sequences, all of them in one batched forward: MSE of
    /// every h(t) against the target, backward, Adam.
    /// </summary>
    public void Train(int batch)
    {
        using DisposeScope scope = NewDisposeScope();
        _optimizer.zero_grad();
        Loss(batch).backward();
        _optimizer.step();
    }

    /// <summary>The loss's gradient for the first <paramref name="batch"/> sequences (no update), in PyTorch's layout.</summary>
    public TorchWeights Gradients(int batch)
    {
        using DisposeScope scope = NewDisposeScope();
        _optimizer.zero_grad();
        Loss(batch).backward();
        TorchWeights gradients = TorchWeights.Zeros(Weights.Kind, Weights.Input, Weights.Hidden);
        CopyGradient(_trainModule, "weight_ih_l0", gradients.WeightIh);
        CopyGradient(_trainModule, "weight_hh_l0", gradients.WeightHh);
        CopyGradient(_trainModule, "bias_ih_l0", gradients.BiasIh);
        CopyGradient(_trainModule, "bias_hh_l0", gradients.BiasHh);
        _optimizer.zero_grad();
        return gradients;
    }

    public virtual void Dispose()
    {
        _optimizer.Dispose();
        _trainModule.Dispose();
        _sequenceX.Dispose();
        StepX.Dispose();
        SequenceZeros.Dispose();
        foreach ((Tensor x, Tensor target, Tensor zeros) in _batches.Values)
        {
            x.Dispose();
            target.Dispose();
            zeros.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A new nn.LSTM/GRU/RNN of this shape (weights still PyTorch's random ones).</summary>
    protected abstract Module CreateSequenceModule();

    /// <summary>Y [T, B, H] of a sequence module from the given zero initial state [1, B, H].</summary>
    protected abstract Tensor ForwardSequence(Tensor x, Tensor zeroState);

    /// <summary>The training module's Y [T, B, H].</summary>
    protected abstract Tensor ForwardTraining(Module module, Tensor x, Tensor zeroState);

    /// <summary>One step of the cell module on <paramref name="x"/> [1, I], keeping the new state.</summary>
    protected abstract void StepCell(Tensor x);

    /// <summary>Copies the reference weights into a module's parameters; <paramref name="suffix"/> is "_l0" for the sequence modules, "" for the cells.</summary>
    protected void Load(Module module, string suffix)
    {
        int rows = Weights.Gates * Weights.Hidden;
        using IDisposable noGrad = no_grad();
        Set(module, "weight_ih" + suffix, Weights.WeightIh, new long[] { rows, Weights.Input });
        Set(module, "weight_hh" + suffix, Weights.WeightHh, new long[] { rows, Weights.Hidden });
        Set(module, "bias_ih" + suffix, Weights.BiasIh, new long[] { rows });
        Set(module, "bias_hh" + suffix, Weights.BiasHh, new long[] { rows });
    }

    private static void Set(Module module, string name, float[] values, long[] shape)
    {
        Parameter parameter = module.get_parameter(name) ?? throw new InvalidOperationException($"{module.GetType().Name} has no parameter {name}.");
        using Tensor source = tensor(values, shape);
        if (!parameter.shape.AsSpan().SequenceEqual(shape))
        {
            throw new InvalidOperationException($"{module.GetType().Name}.{name} has shape [{string.Join(", ", parameter.shape)}], expected [{string.Join(", ", shape)}].");
        }

        parameter.copy_(source);
    }

    private static void CopyGradient(Module module, string name, float[] destination)
    {
        Tensor gradient = module.get_parameter(name)?.grad ?? throw new InvalidOperationException($"{name} has no gradient.");
        gradient.data<float>().CopyTo(destination);
    }

    private Tensor Loss(int batch)
    {
        (Tensor x, Tensor target, Tensor zeroState) = _batches[batch];
        return nn.functional.mse_loss(ForwardTraining(_trainModule, x, zeroState), target, nn.Reduction.Mean);
    }
}

/// <summary>nn.LSTM and nn.LSTMCell.</summary>
public sealed class TorchLstm : TorchPeer
{
    private readonly LSTM _sequence;
    private readonly LSTMCell _cell;
    private Tensor _h, _c;

    public TorchLstm(TorchWeights weights, float[] sequenceInputs, TrainingData data, double learningRate)
        : base(weights, sequenceInputs, data, learningRate)
    {
        _sequence = nn.LSTM(weights.Input, weights.Hidden);
        Load(_sequence, "_l0");
        _cell = nn.LSTMCell(weights.Input, weights.Hidden);
        Load(_cell, "");
        _h = zeros(1, weights.Hidden);
        _c = zeros(1, weights.Hidden);
    }

    public override float[] StepHidden() => _h.data<float>().ToArray();

    public override void ResetStepState()
    {
        using IDisposable noGrad = no_grad();
        _h.zero_();
        _c.zero_();
    }

    public override void Dispose()
    {
        _sequence.Dispose();
        _cell.Dispose();
        _h.Dispose();
        _c.Dispose();
        base.Dispose();
    }

    protected override Module CreateSequenceModule() => nn.LSTM(Weights.Input, Weights.Hidden);

    protected override Tensor ForwardSequence(Tensor x, Tensor zeroState) => _sequence.forward(x, (zeroState, zeroState)).Item1;

    protected override Tensor ForwardTraining(Module module, Tensor x, Tensor zeroState) => ((LSTM)module).forward(x, (zeroState, zeroState)).Item1;

    protected override void StepCell(Tensor x)
    {
        (Tensor h, Tensor c) = _cell.forward(x, (_h, _c));
        // The new state outlives this call's scope; the old one is freed now.
        _h.Dispose();
        _c.Dispose();
        _h = h.MoveToOuterDisposeScope();
        _c = c.MoveToOuterDisposeScope();
    }
}

/// <summary>nn.GRU and nn.GRUCell.</summary>
public sealed class TorchGru : TorchPeer
{
    private readonly GRU _sequence;
    private readonly GRUCell _cell;
    private Tensor _h;

    public TorchGru(TorchWeights weights, float[] sequenceInputs, TrainingData data, double learningRate)
        : base(weights, sequenceInputs, data, learningRate)
    {
        _sequence = nn.GRU(weights.Input, weights.Hidden);
        Load(_sequence, "_l0");
        _cell = nn.GRUCell(weights.Input, weights.Hidden);
        Load(_cell, "");
        _h = zeros(1, weights.Hidden);
    }

    public override float[] StepHidden() => _h.data<float>().ToArray();

    public override void ResetStepState()
    {
        using IDisposable noGrad = no_grad();
        _h.zero_();
    }

    public override void Dispose()
    {
        _sequence.Dispose();
        _cell.Dispose();
        _h.Dispose();
        base.Dispose();
    }

    protected override Module CreateSequenceModule() => nn.GRU(Weights.Input, Weights.Hidden);

    protected override Tensor ForwardSequence(Tensor x, Tensor zeroState) => _sequence.forward(x, zeroState).Item1;

    protected override Tensor ForwardTraining(Module module, Tensor x, Tensor zeroState) => ((GRU)module).forward(x, zeroState).Item1;

    protected override void StepCell(Tensor x)
    {
        Tensor h = _cell.forward(x, _h);
        _h.Dispose();
        _h = h.MoveToOuterDisposeScope();
    }
}

/// <summary>nn.RNN and nn.RNNCell, tanh.</summary>
public sealed class TorchRnn : TorchPeer
{
    private readonly RNN _sequence;
    private readonly RNNCell _cell;
    private Tensor _h;

    public TorchRnn(TorchWeights weights, float[] sequenceInputs, TrainingData data, double learningRate)
        : base(weights, sequenceInputs, data, learningRate)
    {
        _sequence = nn.RNN(weights.Input, weights.Hidden);
        Load(_sequence, "_l0");
        _cell = nn.RNNCell(weights.Input, weights.Hidden);
        Load(_cell, "");
        _h = zeros(1, weights.Hidden);
    }

    public override float[] StepHidden() => _h.data<float>().ToArray();

    public override void ResetStepState()
    {
        using IDisposable noGrad = no_grad();
        _h.zero_();
    }

    public override void Dispose()
    {
        _sequence.Dispose();
        _cell.Dispose();
        _h.Dispose();
        base.Dispose();
    }

    protected override Module CreateSequenceModule() => nn.RNN(Weights.Input, Weights.Hidden);

    protected override Tensor ForwardSequence(Tensor x, Tensor zeroState) => _sequence.forward(x, zeroState).Item1;

    protected override Tensor ForwardTraining(Module module, Tensor x, Tensor zeroState) => ((RNN)module).forward(x, zeroState).Item1;

    protected override void StepCell(Tensor x)
    {
        Tensor h = _cell.forward(x, _h);
        _h.Dispose();
        _h = h.MoveToOuterDisposeScope();
    }
}
