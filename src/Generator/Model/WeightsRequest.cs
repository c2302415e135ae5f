namespace CellGen.Generator.Model;

/// <summary>Where an attribute's <c>Weights</c> come from: a file by name, its layout, and which cell inside it.</summary>
/// <param name="File">The file name given as <c>Weights</c>, as the user wrote it.</param>
/// <param name="Format">The safetensors layout: 0 PyTorch, 1 Keras, 2 ONNX (CellGen.WeightFormat's values).</param>
/// <param name="Layer">k of <c>_l{k}</c>, or the k-th recurrent node of an ONNX model.</param>
/// <param name="Reverse">The reverse direction of a bidirectional layer.</param>
/// <param name="Prefix">The prefix of the cell's tensor names in a larger state_dict.</param>
internal sealed record WeightsRequest(string File, int Format, int Layer, bool Reverse, string Prefix)
{
    public const int PyTorch = 0;
    public const int Keras = 1;
    public const int Onnx = 2;

    /// <summary>The suffix of the cell's tensor names, as in PyTorch's state_dict: <c>_l0</c>, <c>_l1_reverse</c>.</summary>
    public string Suffix => "_l" + Layer.ToString(System.Globalization.CultureInfo.InvariantCulture) + (Reverse ? "_reverse" : "");
}
