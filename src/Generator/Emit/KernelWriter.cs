using System;
using System.Collections.Generic;
using System.Globalization;
using CellGen.Generator.Model;

namespace CellGen.Generator.Emit;

/// <summary>
/// The pieces every kernel is built from, at one width: the loop over tiles of units, the accumulation of a
/// weight matrix times a vector into several pre-activations at once, clipping and activations.
/// </summary>
internal sealed class KernelWriter
{
    public KernelWriter(CodeWriter writer, CellSpec spec, Lanes lanes)
    {
        W = writer;
        Spec = spec;
        V = lanes;
    }

    public CodeWriter W { get; }

    public CellSpec Spec { get; }

    public Lanes V { get; }

    /// <summary>The local that holds a gate's pre-activation: <c>forgetGate</c>, <c>candidate</c>; <c>preActivation</c> for RNN and Jordan.</summary>
    public static string Local(Gate gate) =>
        gate.Name.Length == 0 ? "preActivation" : char.ToLowerInvariant(gate.Name[0]) + gate.Name.Substring(1);

    /// <summary>
    /// Emits the loop over tiles of <paramref name="sizeName"/> units; inside it, <c>j</c> is the first unit of the tile.
    /// When the size is not a multiple of the width, the last tile overlaps the one before it, which is safe because
    /// every kernel reads only inputs it does not write.
    /// </summary>
    public void TileLoop(string sizeName, int size, Action body)
    {
        if (V.IsScalar)
        {
            W.Open($"for (nuint j = 0; j < {sizeName}; j++)");
        }
        else if (size % V.Count == 0)
        {
            W.Line($"// {V.Count} units per tile: {sizeName} ({N(size)}) is a multiple of {V.Count}.");
            W.Open($"for (nuint j = 0; j < {sizeName}; j += {V.Count})");
        }
        else
        {
            W.Line($"// {V.Count} units per tile; {sizeName} ({N(size)}) is not a multiple of {V.Count}, so the last tile starts at {N(size - V.Count)} and overlaps the one before it.");
            W.Open($"for (nuint tile = 0; tile < {sizeName}; tile += {V.Count})");
            W.Line($"nuint j = Math.Min(tile, (nuint)({sizeName} - {V.Count}));");
        }

        body();
        W.Close();
    }

    /// <summary>Declares a pre-activation initialized with the sum of the named biases (or zero without biases).</summary>
    public void Declare(string local, params string[] biasBlocks)
    {
        string start = V.Zero;
        if (Spec.Bias && biasBlocks.Length > 0)
        {
            var terms = new List<string>();
            foreach (string block in biasBlocks)
            {
                terms.Add(V.Load("parameters", block + "Offset + j"));
            }

            start = string.Join(" + ", terms);
        }

        W.Line($"{V.Type} {local} = {start};");
    }

    /// <summary>
    /// Emits <c>for k: value = source[k]; local += weights[k, j…] × value</c> for every (local, weight block) pair:
    /// one pass over <paramref name="countName"/> source values feeds all the pre-activations of the tile.
    /// </summary>
    public void Accumulate(string comment, string countName, string source, string valueName, string strideName, IReadOnlyList<(string Local, string Block)> targets)
    {
        W.Line();
        W.Line("// " + comment);
        W.Open($"for (nuint k = 0; k < {countName}; k++)");
        W.Line($"{V.Type} {valueName} = {V.Broadcast($"Unsafe.Add(ref {source}, k)")};");
        W.Line($"nuint row = k * {strideName} + j;");
        foreach ((string local, string block) in targets)
        {
            W.Line($"{local} = {V.MultiplyAdd(V.Load("parameters", block + "Offset + row"), valueName, local)};");
        }

        W.Close();
    }

    /// <summary>Clamps the given pre-activations to ±Clip when the cell clips.</summary>
    public void Clip(params string[] locals)
    {
        if (Spec.Clip <= 0)
        {
            return;
        }

        W.Line("// Clip the pre-activations to ±Clip, as ONNX's clip does.");
        foreach (string local in locals)
        {
            W.Line($"{local} = {V.ClampToClip(local)};");
        }
    }

    /// <summary>Applies an element-wise activation in place; the identity emits nothing.</summary>
    public void Activate(string local, ActivationKind activation)
    {
        if (activation != ActivationKind.Linear)
        {
            W.Line($"{local} = {Apply(activation, local)};");
        }
    }

    /// <summary>The expression that applies <paramref name="activation"/> to <paramref name="value"/>.</summary>
    public static string Apply(ActivationKind activation, string value) => activation switch
    {
        ActivationKind.Linear => value,
        ActivationKind.Softmax => throw new InvalidOperationException("Softmax is applied over a whole vector, not element-wise."),
        _ => $"CellMath.{activation}({value})",
    };

    /// <summary>How a formula comment writes the activation applied to <paramref name="argument"/>.</summary>
    public static string Formula(ActivationKind activation, string argument) => activation switch
    {
        ActivationKind.Linear => argument,
        ActivationKind.Sigmoid => $"σ({argument})",
        ActivationKind.Tanh => $"tanh({argument})",
        ActivationKind.Relu => $"relu({argument})",
        ActivationKind.HardSigmoid => $"hardsigmoid({argument})",
        ActivationKind.Softsign => $"softsign({argument})",
        _ => $"softmax({argument})",
    };

    public static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
