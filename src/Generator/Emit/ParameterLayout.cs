using System.Collections.Generic;
using CellGen.Generator.Model;

namespace CellGen.Generator.Emit;

/// <summary>One gate (or the single hidden layer of RNN and Jordan cells) and where PyTorch keeps its rows.</summary>
/// <param name="Name">The prefix of its blocks' names (<c>ForgetGate</c>; empty for RNN and Jordan).</param>
/// <param name="Symbol">Its letter in the formulas (i, f, o, g, r, z, n, h).</param>
/// <param name="Description">What it is, in words.</param>
/// <param name="PyTorchIndex">Its position in PyTorch's stacked gate order.</param>
internal sealed record Gate(string Name, string Symbol, string Description, int PyTorchIndex);

/// <summary>
/// A block of parameters: <paramref name="Rows"/> × <paramref name="Columns"/> at <paramref name="Offset"/>, row-major, or
/// with <paramref name="PanelWidth"/> not 0 in panels of that many columns, one after the other, each row-major.
/// </summary>
internal sealed record Block(
    string Name, int Offset, int Rows, int Columns, string Summary, string PyTorchName, int PyTorchOffset, bool Transposed, int PanelWidth = 0)
{
    public int Length => Rows * Columns;

    /// <summary>The index in the parameter array of the value at (row, column), as the runtime's <c>ParameterBlock.Index</c> gives it.</summary>
    public int Index(int row, int column) =>
        Offset + (PanelWidth == 0 ? row * Columns + column : column / PanelWidth * (Rows * PanelWidth) + row * PanelWidth + column % PanelWidth);

    public string OffsetName => Name + "Offset";
}

/// <summary>
/// Where every parameter of a cell lives. Weight matrices are stored input-major ([inputs, units]) because the
/// kernels scale one row of weights by one input value at a time, reading each row as contiguous vectors.
/// </summary>
internal static class ParameterLayout
{
    /// <summary>
    /// The width of the panels the recurrent weights are stored in, or 0 when they are row-major: one cache line of
    /// values (16 floats, 8 doubles) when the hidden size is two to four such lines. The step reads U one tile of units
    /// at a time; in panels the tile's weights are one contiguous run that spreads over every set of the first-level
    /// cache, where rows of the matrix put the tile's 64 bytes of each row into the same few sets (LSTM(3, 64): 16 KB a
    /// tile in a quarter of the sets), and the step then alternates its tile order (<see cref="KernelWriter.AlternatesTiles"/>).
    /// Every vector width the kernels use divides the panel, so a vector never straddles two.
    /// </summary>
    /// <remarks>
    /// Not for more than four panels: the passes that read a row across all panels (the gate passes of wider cells, the
    /// backward U·dz) then find its pieces 8 KB or more apart, all in one set of the cache, and ran twice as slow (LSTM(16, 128)
    /// in panels: sequence step 5,588 against 2,663 ns, batch-1 training 1,003 against 699 µs, measured).
    /// </remarks>
    public static int RecurrentPanel(CellSpec spec)
    {
        int panel = 64 / spec.ElementBytes;
        return spec.Hidden % panel == 0 && spec.Hidden > panel && spec.Hidden <= 4 * panel ? panel : 0;
    }

    /// <summary>The gates in storage order. LSTM: i, f, o, g, so that the three sigmoid gates sit together.</summary>
    public static IReadOnlyList<Gate> Gates(CellKind kind) => kind switch
    {
        CellKind.Lstm => new[]
        {
            new Gate("InputGate", "i", "input gate i", 0),
            new Gate("ForgetGate", "f", "forget gate f", 1),
            new Gate("OutputGate", "o", "output gate o", 3),
            new Gate("Candidate", "g", "candidate g (the cell input)", 2),
        },
        CellKind.Gru => new[]
        {
            new Gate("ResetGate", "r", "reset gate r", 0),
            new Gate("UpdateGate", "z", "update gate z", 1),
            new Gate("Candidate", "n", "candidate n", 2),
        },
        _ => new[] { new Gate("", "h", "hidden layer", 0) },
    };

    public static IReadOnlyList<Block> For(CellSpec spec)
    {
        var blocks = new List<Block>();
        int offset = 0;
        void Add(string name, int rows, int columns, string summary, string torch, int torchOffset, bool transposed, int panel = 0)
        {
            blocks.Add(new Block(name, offset, rows, columns, summary, torch, torchOffset, transposed, panel));
            offset += rows * columns;
        }

        int hidden = spec.Hidden;
        int recurrentInputs = spec.Kind == CellKind.Jordan ? spec.Output : hidden;
        string recurrentSource = spec.Kind == CellKind.Jordan ? "y(t−1)" : "h(t−1)";
        string recurrentRows = spec.Kind == CellKind.Jordan ? "OutputSize" : "HiddenSize";
        IReadOnlyList<Gate> gates = Gates(spec.Kind);

        foreach (Gate gate in gates)
        {
            Add(gate.Name + "InputWeights", spec.Input, hidden,
                $"W_{gate.Symbol}: x(t) → {gate.Description}, [InputSize, HiddenSize] input-major.",
                "weight_ih", gate.PyTorchIndex * hidden * spec.Input, true);
        }

        int panel = RecurrentPanel(spec);
        string stored = panel == 0 ? "input-major" : $"input-major in panels of {panel} units";
        foreach (Gate gate in gates)
        {
            Add(gate.Name + "RecurrentWeights", recurrentInputs, hidden,
                $"U_{gate.Symbol}: {recurrentSource} → {gate.Description}, [{recurrentRows}, HiddenSize] {stored}.",
                "weight_hh", gate.PyTorchIndex * hidden * recurrentInputs, true, panel);
        }

        if (spec.Kind == CellKind.Lstm && spec.Peephole)
        {
            Add("InputGatePeephole", 1, hidden, "P_i: c(t−1) → input gate, [HiddenSize].", "weight_peephole", 0, false);
            Add("ForgetGatePeephole", 1, hidden, "P_f: c(t−1) → forget gate, [HiddenSize].", "weight_peephole", hidden, false);
            Add("OutputGatePeephole", 1, hidden, "P_o: c(t) → output gate, [HiddenSize].", "weight_peephole", 2 * hidden, false);
        }

        if (spec.Bias)
        {
            foreach (Gate gate in gates)
            {
                Add(gate.Name + "InputBias", 1, hidden,
                    $"b_i{gate.Symbol}: the {gate.Description}'s input bias, [HiddenSize].", "bias_ih", gate.PyTorchIndex * hidden, false);
            }

            foreach (Gate gate in gates)
            {
                Add(gate.Name + "RecurrentBias", 1, hidden,
                    $"b_h{gate.Symbol}: the {gate.Description}'s recurrent bias, [HiddenSize].", "bias_hh", gate.PyTorchIndex * hidden, false);
            }
        }

        if (spec.HasOutputLayer)
        {
            Add("OutputWeights", hidden, spec.Output, "V: h(t) → y(t), the dense output layer, [HiddenSize, OutputSize] input-major.", "weight_out", 0, true);
            if (spec.Bias)
            {
                Add("OutputBias", 1, spec.Output, "b_out: the dense output layer's bias, [OutputSize].", "bias_out", 0, false);
            }
        }

        return blocks;
    }

    public static int Count(IReadOnlyList<Block> blocks) =>
        blocks.Count == 0 ? 0 : blocks[blocks.Count - 1].Offset + blocks[blocks.Count - 1].Length;
}
