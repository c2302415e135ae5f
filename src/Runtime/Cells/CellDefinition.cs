using System;
using System.Collections.Generic;
using System.Globalization;

namespace CellGen;

/// <summary>The kinds of cell, one per attribute.</summary>
public enum CellKind
{
    /// <summary>Simple (Elman) RNN, <see cref="RnnCellAttribute"/>.</summary>
    Rnn,

    /// <summary>Jordan network (the memory holds the output), <see cref="JordanCellAttribute"/>.</summary>
    Jordan,

    /// <summary>LSTM, <see cref="LstmCellAttribute"/>.</summary>
    Lstm,

    /// <summary>GRU, <see cref="GruCellAttribute"/>.</summary>
    Gru,
}

/// <summary>
/// What a cell's attribute said, as values: the kind, the sizes and every option. Generated cells expose it as the
/// static <c>Definition</c> (and through <see cref="IRecurrentCell{T}.Definition"/>); converters read it to know gate
/// orders and to check that a file's cell is the one declared; <see cref="ToString"/> gives the attribute to write.
/// </summary>
/// <param name="Kind">The cell kind.</param>
/// <param name="Input">Values per time step of input.</param>
/// <param name="Hidden">Hidden units.</param>
/// <param name="Output">Units of the dense output layer; 0 for none (never 0 for a Jordan cell).</param>
/// <param name="ElementType"><see cref="float"/> or <see cref="double"/>.</param>
/// <param name="Bias">Whether the cell and its output layer have biases.</param>
/// <param name="Clip">ONNX's clip of the pre-activations, or 0 for none.</param>
/// <param name="Activation">RNN and Jordan: the hidden activation; <see cref="CellGen.Activation.Tanh"/> for LSTM and GRU, which do not use it.</param>
/// <param name="GateActivation">LSTM and GRU: the gates' activation; <see cref="CellGen.Activation.Sigmoid"/> for the others.</param>
/// <param name="CandidateActivation">LSTM and GRU: the candidate's activation; <see cref="CellGen.Activation.Tanh"/> for the others.</param>
/// <param name="CellActivation">LSTM: the activation of c(t); <see cref="CellGen.Activation.Tanh"/> for the others.</param>
/// <param name="Peephole">LSTM: peephole connections.</param>
/// <param name="ResetAfter">GRU: PyTorch's reset-after form (true) or the original form (false); true for the others.</param>
/// <param name="OutputActivation">The dense output layer's activation (<see cref="CellGen.Activation.Linear"/> without one).</param>
public sealed record CellDefinition(
    CellKind Kind,
    int Input,
    int Hidden,
    int Output,
    Type ElementType,
    bool Bias,
    double Clip,
    Activation Activation,
    Activation GateActivation,
    Activation CandidateActivation,
    Activation CellActivation,
    bool Peephole,
    bool ResetAfter,
    Activation OutputActivation)
{
    /// <summary>Gates (weight blocks per input) of the cell: 4 for an LSTM, 3 for a GRU, 1 otherwise.</summary>
    public int Gates => Kind switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 };

    /// <summary>Whether a dense layer maps h(t) to the outputs.</summary>
    public bool HasOutputLayer => Output > 0;

    /// <summary>Values per time step of output.</summary>
    public int OutputSize => HasOutputLayer ? Output : Hidden;

    /// <summary>The attribute that declares this cell, with every option that differs from its default.</summary>
    public override string ToString()
    {
        var options = new List<string>
        {
            "Input = " + Input.ToString(CultureInfo.InvariantCulture),
            "Hidden = " + Hidden.ToString(CultureInfo.InvariantCulture),
        };
        if (Output > 0)
        {
            options.Add("Output = " + Output.ToString(CultureInfo.InvariantCulture));
        }

        if (Output > 0 && OutputActivation != Activation.Linear)
        {
            options.Add("OutputActivation = Activation." + OutputActivation);
        }

        if (ElementType == typeof(double))
        {
            options.Add("ElementType = typeof(double)");
        }

        if (!Bias)
        {
            options.Add("Bias = false");
        }

        if (Clip > 0)
        {
            options.Add("Clip = " + Clip.ToString("R", CultureInfo.InvariantCulture));
        }

        if (Kind is CellKind.Rnn or CellKind.Jordan && Activation != Activation.Tanh)
        {
            options.Add("Activation = Activation." + Activation);
        }

        if (Kind is CellKind.Lstm or CellKind.Gru)
        {
            if (GateActivation != Activation.Sigmoid)
            {
                options.Add("GateActivation = Activation." + GateActivation);
            }

            if (CandidateActivation != Activation.Tanh)
            {
                options.Add("CandidateActivation = Activation." + CandidateActivation);
            }
        }

        if (Kind == CellKind.Lstm && CellActivation != Activation.Tanh)
        {
            options.Add("CellActivation = Activation." + CellActivation);
        }

        if (Kind == CellKind.Lstm && Peephole)
        {
            options.Add("Peephole = true");
        }

        if (Kind == CellKind.Gru && !ResetAfter)
        {
            options.Add("ResetAfter = false");
        }

        return $"[{Kind}Cell({string.Join(", ", options)})]";
    }
}
