namespace CellGen.Generator.Model;

/// <summary>
/// Everything the emitters need to write one cell, as plain values: the pipeline carries this record, so it holds
/// no symbol, syntax node or compilation, and two equal specs mean identical generated code.
/// </summary>
/// <param name="Type">The annotated class.</param>
/// <param name="Kind">The cell kind.</param>
/// <param name="Element">float or double.</param>
/// <param name="Input">Values per time step of input.</param>
/// <param name="Hidden">Hidden units.</param>
/// <param name="Output">Units of the dense output layer; 0 for none (never 0 for a Jordan cell).</param>
/// <param name="Bias">Whether the cell and its output layer have biases.</param>
/// <param name="Clip">The ONNX-style pre-activation clip, or 0 for none.</param>
/// <param name="Peephole">LSTM peepholes.</param>
/// <param name="ResetAfter">GRU: the PyTorch form (true) or the original form (false).</param>
/// <param name="Activation">RNN and Jordan: the hidden activation; LSTM and GRU: the candidate activation.</param>
/// <param name="GateActivation">LSTM and GRU: the gates' activation.</param>
/// <param name="CellActivation">LSTM: the cell output activation.</param>
/// <param name="OutputActivation">The dense output layer's activation.</param>
/// <param name="Weights">The weights file to bake in, or null.</param>
/// <param name="VectorFallbacks">
/// The project targets .NET 8, whose vector classes lack FusedMultiplyAdd and Clamp (added in .NET 9): the kernels call
/// CellGen's <c>Simd512</c>/<c>Simd256</c>/<c>Simd128</c> for those two instead.
/// </param>
internal sealed record CellSpec(
    TypeSpec Type,
    CellKind Kind,
    ElementKind Element,
    int Input,
    int Hidden,
    int Output,
    bool Bias,
    double Clip,
    bool Peephole,
    bool ResetAfter,
    ActivationKind Activation,
    ActivationKind GateActivation,
    ActivationKind CellActivation,
    ActivationKind OutputActivation,
    WeightsRequest? Weights,
    bool VectorFallbacks)
{
    /// <summary>Whether a dense layer maps h(t) to the outputs.</summary>
    public bool HasOutputLayer => Output > 0;

    /// <summary>Values per time step of output.</summary>
    public int OutputSize => HasOutputLayer ? Output : Hidden;

    /// <summary>Values of the recurrent state.</summary>
    public int StateSize => Kind switch
    {
        CellKind.Lstm => 2 * Hidden,
        CellKind.Jordan => Output,
        _ => Hidden,
    };

    /// <summary>The C# keyword of the element type.</summary>
    public string ElementName => Element == ElementKind.Float ? "float" : "double";

    /// <summary>Bytes per value of the element type.</summary>
    public int ElementBytes => Element == ElementKind.Float ? 4 : 8;
}
