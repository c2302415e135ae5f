using System;
using System.Linq;

namespace CellGen.Benchmarks.Peers;

// The generated cells measured. Each also implements one of the view interfaces below: the generated class already
// has those named parameter views as public properties, so it implements them implicitly, and the weight loader can
// reach the views of any shape without reflection.
[LstmCell(Input = 1, Hidden = 8)] public partial class Lstm1x8 : ILstmViews { }
[LstmCell(Input = 1, Hidden = 20)] public partial class Lstm1x20 : ILstmViews { }
[LstmCell(Input = 2, Hidden = 16)] public partial class Lstm2x16 : ILstmViews { }
[LstmCell(Input = 3, Hidden = 32)] public partial class Lstm3x32 : ILstmViews { }
[LstmCell(Input = 3, Hidden = 64)] public partial class Lstm3x64 : ILstmViews { }
[LstmCell(Input = 16, Hidden = 128)] public partial class Lstm16x128 : ILstmViews { }
[LstmCell(Input = 64, Hidden = 256)] public partial class Lstm64x256 : ILstmViews { }
[GruCell(Input = 3, Hidden = 64)] public partial class Gru3x64 : IGruViews { }
[GruCell(Input = 16, Hidden = 128)] public partial class Gru16x128 : IGruViews { }
[RnnCell(Input = 3, Hidden = 64)] public partial class Rnn3x64 : IRnnViews { }
[RnnCell(Input = 16, Hidden = 128)] public partial class Rnn16x128 : IRnnViews { }

/// <summary>The named parameter views of a generated LSTM (gates i, f, o, g).</summary>
public interface ILstmViews
{
    Span<float> InputGateInputWeights { get; }
    Span<float> ForgetGateInputWeights { get; }
    Span<float> OutputGateInputWeights { get; }
    Span<float> CandidateInputWeights { get; }
    Span<float> InputGateRecurrentWeights { get; }
    Span<float> ForgetGateRecurrentWeights { get; }
    Span<float> OutputGateRecurrentWeights { get; }
    Span<float> CandidateRecurrentWeights { get; }
    Span<float> InputGateInputBias { get; }
    Span<float> ForgetGateInputBias { get; }
    Span<float> OutputGateInputBias { get; }
    Span<float> CandidateInputBias { get; }
    Span<float> InputGateRecurrentBias { get; }
    Span<float> ForgetGateRecurrentBias { get; }
    Span<float> OutputGateRecurrentBias { get; }
    Span<float> CandidateRecurrentBias { get; }
}

/// <summary>The named parameter views of a generated GRU (gates r, z, n).</summary>
public interface IGruViews
{
    Span<float> ResetGateInputWeights { get; }
    Span<float> UpdateGateInputWeights { get; }
    Span<float> CandidateInputWeights { get; }
    Span<float> ResetGateRecurrentWeights { get; }
    Span<float> UpdateGateRecurrentWeights { get; }
    Span<float> CandidateRecurrentWeights { get; }
    Span<float> ResetGateInputBias { get; }
    Span<float> UpdateGateInputBias { get; }
    Span<float> CandidateInputBias { get; }
    Span<float> ResetGateRecurrentBias { get; }
    Span<float> UpdateGateRecurrentBias { get; }
    Span<float> CandidateRecurrentBias { get; }
}

/// <summary>The named parameter views of a generated simple RNN.</summary>
public interface IRnnViews
{
    Span<float> InputWeights { get; }
    Span<float> RecurrentWeights { get; }
    Span<float> InputBias { get; }
    Span<float> RecurrentBias { get; }
}

/// <summary>
/// A CellGen cell behind one virtual call, so that a benchmark class can hold any shape. The generated and the dynamic
/// cell both sit behind it, so both pay the same (about a nanosecond) for it.
/// </summary>
public abstract class CellModel
{
    public abstract int StateSize { get; }

    public abstract Span<float> Parameters { get; }

    public abstract void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output);

    public abstract void Forward(ReadOnlySpan<float> inputs, Span<float> state, Span<float> outputs);
}

/// <summary>A generated cell of a shape known only here.</summary>
public abstract class GeneratedModel : CellModel
{
    /// <summary>The cell, for training (whose per-call work dwarfs the interface dispatch).</summary>
    public abstract IRecurrentCell<float> Cell { get; }

    /// <summary>Writes PyTorch-layout weights into the cell, block by named block.</summary>
    public abstract void Load(TorchWeights weights);

    /// <summary>A new cell of the same type, parameters zero.</summary>
    public abstract GeneratedModel CreateEmpty();

    /// <summary>The generated cell for a kind and shape declared above.</summary>
    public static GeneratedModel Create(CellKind kind, int input, int hidden) => (kind, input, hidden) switch
    {
        (CellKind.Lstm, 1, 8) => new Lstm1x8Model(),
        (CellKind.Lstm, 1, 20) => new Lstm1x20Model(),
        (CellKind.Lstm, 2, 16) => new Lstm2x16Model(),
        (CellKind.Lstm, 3, 32) => new Lstm3x32Model(),
        (CellKind.Lstm, 3, 64) => new Lstm3x64Model(),
        (CellKind.Lstm, 16, 128) => new Lstm16x128Model(),
        (CellKind.Lstm, 64, 256) => new Lstm64x256Model(),
        (CellKind.Gru, 3, 64) => new Gru3x64Model(),
        (CellKind.Gru, 16, 128) => new Gru16x128Model(),
        (CellKind.Rnn, 3, 64) => new Rnn3x64Model(),
        (CellKind.Rnn, 16, 128) => new Rnn16x128Model(),
        _ => throw new ArgumentException($"No generated {kind} cell of {input} inputs and {hidden} hidden units is declared in Cells.cs."),
    };
}

/// <summary>
/// The shape-independent part. Each shape's sealed subclass overrides <see cref="Step"/> and <see cref="Forward"/> with
/// calls on the concrete generated type (<see cref="Typed"/> has that static type there), so the cell's methods are
/// called directly, as the main benchmarks call them.
/// </summary>
public abstract class GeneratedModel<TCell> : GeneratedModel
    where TCell : class, IRecurrentCell<float>, new()
{
    protected readonly TCell Typed = new();

    public override IRecurrentCell<float> Cell => Typed;

    public override int StateSize => Typed.StateSize;

    public override Span<float> Parameters => Typed.Parameters;

    public override void Load(TorchWeights weights)
    {
        if (weights.Input != Typed.InputSize || weights.Hidden != Typed.HiddenSize)
        {
            throw new ArgumentException($"Weights of {weights.Input}x{weights.Hidden} do not fit {typeof(TCell).Name}.", nameof(weights));
        }

        // Weight matrices go through their blocks (named after the views, so the compiler checks the names), because the
        // recurrent weights may be stored in panels; biases are plain vectors.
        void Matrix(string name, float[] matrix, int gate, int columns) =>
            weights.WriteInputMajor(Typed.Parameters, Typed.ParameterLayout.First(block => block.Name == name), matrix, gate, columns);

        int input = weights.Input, hidden = weights.Hidden;
        float[] wih = weights.WeightIh, whh = weights.WeightHh, bih = weights.BiasIh, bhh = weights.BiasHh;
        switch (Typed)
        {
            case ILstmViews v when weights.Kind == CellKind.Lstm:
                // PyTorch stacks i, f, g, o.
                Matrix(nameof(v.InputGateInputWeights), wih, 0, input);
                Matrix(nameof(v.ForgetGateInputWeights), wih, 1, input);
                Matrix(nameof(v.CandidateInputWeights), wih, 2, input);
                Matrix(nameof(v.OutputGateInputWeights), wih, 3, input);
                Matrix(nameof(v.InputGateRecurrentWeights), whh, 0, hidden);
                Matrix(nameof(v.ForgetGateRecurrentWeights), whh, 1, hidden);
                Matrix(nameof(v.CandidateRecurrentWeights), whh, 2, hidden);
                Matrix(nameof(v.OutputGateRecurrentWeights), whh, 3, hidden);
                weights.WriteBias(v.InputGateInputBias, bih, 0);
                weights.WriteBias(v.ForgetGateInputBias, bih, 1);
                weights.WriteBias(v.CandidateInputBias, bih, 2);
                weights.WriteBias(v.OutputGateInputBias, bih, 3);
                weights.WriteBias(v.InputGateRecurrentBias, bhh, 0);
                weights.WriteBias(v.ForgetGateRecurrentBias, bhh, 1);
                weights.WriteBias(v.CandidateRecurrentBias, bhh, 2);
                weights.WriteBias(v.OutputGateRecurrentBias, bhh, 3);
                break;

            case IGruViews v when weights.Kind == CellKind.Gru:
                // PyTorch stacks r, z, n.
                Matrix(nameof(v.ResetGateInputWeights), wih, 0, input);
                Matrix(nameof(v.UpdateGateInputWeights), wih, 1, input);
                Matrix(nameof(v.CandidateInputWeights), wih, 2, input);
                Matrix(nameof(v.ResetGateRecurrentWeights), whh, 0, hidden);
                Matrix(nameof(v.UpdateGateRecurrentWeights), whh, 1, hidden);
                Matrix(nameof(v.CandidateRecurrentWeights), whh, 2, hidden);
                weights.WriteBias(v.ResetGateInputBias, bih, 0);
                weights.WriteBias(v.UpdateGateInputBias, bih, 1);
                weights.WriteBias(v.CandidateInputBias, bih, 2);
                weights.WriteBias(v.ResetGateRecurrentBias, bhh, 0);
                weights.WriteBias(v.UpdateGateRecurrentBias, bhh, 1);
                weights.WriteBias(v.CandidateRecurrentBias, bhh, 2);
                break;

            case IRnnViews v when weights.Kind == CellKind.Rnn:
                Matrix(nameof(v.InputWeights), wih, 0, input);
                Matrix(nameof(v.RecurrentWeights), whh, 0, hidden);
                weights.WriteBias(v.InputBias, bih, 0);
                weights.WriteBias(v.RecurrentBias, bhh, 0);
                break;

            default:
                throw new ArgumentException($"{weights.Kind} weights do not fit {typeof(TCell).Name}.", nameof(weights));
        }
    }
}

public sealed class Lstm1x8Model : GeneratedModel<Lstm1x8>
{
    public override void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output) => Typed.Step(input, state, output);
    public override void Forward(ReadOnlySpan<float> inputs, Span<float> state, Span<float> outputs) => Typed.Forward(inputs, state, outputs);
    public override GeneratedModel CreateEmpty() => new Lstm1x8Model();
}

public sealed class Lstm1x20Model : GeneratedModel<Lstm1x20>
{
    public override void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output) => Typed.Step(input, state, output);
    public override void Forward(ReadOnlySpan<float> inputs, Span<float> state, Span<float> outputs) => Typed.Forward(inputs, state, outputs);
    public override GeneratedModel CreateEmpty() => new Lstm1x20Model();
}

public sealed class Lstm2x16Model : GeneratedModel<Lstm2x16>
{
    public override void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output) => Typed.Step(input, state, output);
    public override void Forward(ReadOnlySpan<float> inputs, Span<float> state, Span<float> outputs) => Typed.Forward(inputs, state, outputs);
    public override GeneratedModel CreateEmpty() => new Lstm2x16Model();
}

public sealed class Lstm3x32Model : GeneratedModel<Lstm3x32>
{
    public override void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output) => Typed.Step(input, state, output);
    public override void Forward(ReadOnlySpan<float> inputs, Span<float> state, Span<float> outputs) => Typed.Forward(inputs, state, outputs);
    public override GeneratedModel CreateEmpty() => new Lstm3x32Model();
}

public sealed class Lstm3x64Model : GeneratedModel<Lstm3x64>
{
    public override void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output) => Typed.Step(input, state, output);
    public override void Forward(ReadOnlySpan<float> inputs, Span<float> state, Span<float> outputs) => Typed.Forward(inputs, state, outputs);
    public override GeneratedModel CreateEmpty() => new Lstm3x64Model();
}

public sealed class Lstm16x128Model : GeneratedModel<Lstm16x128>
{
    public override void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output) => Typed.Step(input, state, output);
    public override void Forward(ReadOnlySpan<float> inputs, Span<float> state, Span<float> outputs) => Typed.Forward(inputs, state, outputs);
    public override GeneratedModel CreateEmpty() => new Lstm16x128Model();
}

public sealed class Lstm64x256Model : GeneratedModel<Lstm64x256>
{
    public override void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output) => Typed.Step(input, state, output);
    public override void Forward(ReadOnlySpan<float> inputs, Span<float> state, Span<float> outputs) => Typed.Forward(inputs, state, outputs);
    public override GeneratedModel CreateEmpty() => new Lstm64x256Model();
}

public sealed class Gru3x64Model : GeneratedModel<Gru3x64>
{
    public override void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output) => Typed.Step(input, state, output);
    public override void Forward(ReadOnlySpan<float> inputs, Span<float> state, Span<float> outputs) => Typed.Forward(inputs, state, outputs);
    public override GeneratedModel CreateEmpty() => new Gru3x64Model();
}

public sealed class Gru16x128Model : GeneratedModel<Gru16x128>
{
    public override void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output) => Typed.Step(input, state, output);
    public override void Forward(ReadOnlySpan<float> inputs, Span<float> state, Span<float> outputs) => Typed.Forward(inputs, state, outputs);
    public override GeneratedModel CreateEmpty() => new Gru16x128Model();
}

public sealed class Rnn3x64Model : GeneratedModel<Rnn3x64>
{
    public override void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output) => Typed.Step(input, state, output);
    public override void Forward(ReadOnlySpan<float> inputs, Span<float> state, Span<float> outputs) => Typed.Forward(inputs, state, outputs);
    public override GeneratedModel CreateEmpty() => new Rnn3x64Model();
}

public sealed class Rnn16x128Model : GeneratedModel<Rnn16x128>
{
    public override void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output) => Typed.Step(input, state, output);
    public override void Forward(ReadOnlySpan<float> inputs, Span<float> state, Span<float> outputs) => Typed.Forward(inputs, state, outputs);
    public override GeneratedModel CreateEmpty() => new Rnn16x128Model();
}

/// <summary>CellGen's runtime-sized cell, behind the same virtual call as the generated ones.</summary>
public sealed class DynamicModel : CellModel
{
    private readonly DynamicCell _cell;

    /// <summary>A dynamic cell with the generated cell's parameters (the layouts are the same by design).</summary>
    public DynamicModel(CellKind kind, int input, int hidden, ReadOnlySpan<float> generatedParameters)
    {
        DynamicCellKind dynamicKind = kind switch { CellKind.Lstm => DynamicCellKind.Lstm, CellKind.Gru => DynamicCellKind.Gru, _ => DynamicCellKind.Rnn };
        _cell = new DynamicCell(dynamicKind, input, hidden);
        if (generatedParameters.Length != _cell.Parameters.Length)
        {
            throw new ArgumentException($"The generated cell has {generatedParameters.Length} parameters; the dynamic {kind} {input}x{hidden} has {_cell.Parameters.Length}.", nameof(generatedParameters));
        }

        generatedParameters.CopyTo(_cell.Parameters);
    }

    public override int StateSize => _cell.StateSize;

    public override Span<float> Parameters => _cell.Parameters;

    public override void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output) => _cell.Step(input, state, output);

    public override void Forward(ReadOnlySpan<float> inputs, Span<float> state, Span<float> outputs) => _cell.Forward(inputs, state, outputs);
}
