using System.Collections.Generic;
using CellGen.Generator.Model;

namespace CellGen.Generator.Emit;

/// <summary>
/// One way of computing several units at once: a Vector512, Vector256 or Vector128 of the element type, or plain scalars.
/// Kernels are written once against this and emitted for every width that fits the size they tile.
/// </summary>
internal sealed class Lanes
{
    private Lanes(ElementKind element, int bits, bool fallbacks)
    {
        Fallbacks = fallbacks;
        Kind = element;
        Element = element == ElementKind.Float ? "float" : "double";
        Bits = bits;
        Count = bits == 0 ? 1 : bits / 8 / (element == ElementKind.Float ? 4 : 8);
    }

    /// <summary>The element type.</summary>
    private ElementKind Kind { get; }

    /// <summary>The element keyword, float or double.</summary>
    public string Element { get; }

    /// <summary>The vector width in bits, or 0 for scalars.</summary>
    public int Bits { get; }

    /// <summary>Elements per vector.</summary>
    public int Count { get; }

    public bool IsScalar => Bits == 0;

    /// <summary>Whether FusedMultiplyAdd and Clamp come from CellGen's .NET 8 fallbacks (see CellSpec.VectorFallbacks).</summary>
    private bool Fallbacks { get; }

    /// <summary>The class with FusedMultiplyAdd and Clamp at this width: the runtime's own, or CellGen's on .NET 8.</summary>
    private string Operations => Fallbacks ? "Simd" + Bits : Vector;

    /// <summary>Vector512, Vector256, Vector128; empty for scalars.</summary>
    public string Vector => IsScalar ? "" : "Vector" + Bits;

    /// <summary>The suffix of the method names for this width: <c>Vector512</c> or <c>Scalar</c>.</summary>
    public string Suffix => IsScalar ? "Scalar" : Vector;

    /// <summary>The C# type of one value at this width.</summary>
    public string Type => IsScalar ? Element : $"{Vector}<{Element}>";

    /// <summary>How the doc comments call this width.</summary>
    public string Description => IsScalar ? "one unit at a time" : $"{Count} units at a time in {Bits}-bit vectors";

    public string Literal(string value) => Element == "float" ? value + "f" : value + "d";

    public string Zero => IsScalar ? Literal("0") : $"{Type}.Zero";

    public string One => IsScalar ? Literal("1") : $"{Type}.One";

    public string Load(string reference, string index) =>
        IsScalar ? $"Unsafe.Add(ref {reference}, {index})" : $"{Vector}.LoadUnsafe(ref {reference}, {index})";

    public string Store(string value, string reference, string index) =>
        IsScalar
            ? $"Unsafe.Add(ref {reference}, {index}) = {value};"
            : $"{Parenthesize(value)}.StoreUnsafe(ref {reference}, {index});";

    /// <summary>
    /// Wraps an expression in parentheses when it holds a binary operator (the only thing the kernels write with
    /// spaces), so that it can be followed by a member access or used as an operand.
    /// </summary>
    public static string Parenthesize(string expression) => expression.IndexOf(' ') < 0 ? expression : "(" + expression + ")";

    public string Broadcast(string scalar) => IsScalar ? scalar : $"{Vector}.Create({scalar})";

    /// <summary>a × b + c with one rounding.</summary>
    public string MultiplyAdd(string a, string b, string c) =>
        IsScalar
            ? $"{(Element == "float" ? "MathF" : "Math")}.FusedMultiplyAdd({a}, {b}, {c})"
            : $"{Operations}.FusedMultiplyAdd({a}, {b}, {c})";

    /// <summary>Clamps to ±Clip (the cell's clip constant).</summary>
    public string ClampToClip(string value) =>
        IsScalar
            ? $"Math.Clamp({value}, -Clip, Clip)"
            : $"{Operations}.Clamp({value}, {Vector}.Create(-Clip), {Vector}.Create(Clip))";

    /// <summary>The sum of the lanes of <paramref name="value"/>.</summary>
    public string Sum(string value) => IsScalar ? value : $"{Vector}.Sum({value})";

    /// <summary>The same element type, one value at a time: the tails after the last full vector.</summary>
    public Lanes ToScalar() => new(Kind, 0, Fallbacks);

    /// <summary>The vector half as wide (Vector256 from Vector512, Vector128 from Vector256), or null below 128 bits:
    /// what covers a tail that a whole vector of this width would overrun.</summary>
    public Lanes? Halved() => Bits > 128 ? new Lanes(Kind, Bits / 2, Fallbacks) : null;

    /// <summary>The 128-bit vector of the same element type, the narrowest there is (this width itself for 128 bits and scalars).</summary>
    public Lanes Narrowest() => Bits > 128 ? new Lanes(Kind, 128, Fallbacks) : this;

    /// <summary>The widths worth emitting for a dimension of <paramref name="size"/> units, widest first, scalars last.</summary>
    public static IReadOnlyList<Lanes> For(CellSpec spec, int size)
    {
        var result = new List<Lanes>();
        foreach (int bits in new[] { 512, 256, 128 })
        {
            var lanes = new Lanes(spec.Element, bits, spec.VectorFallbacks);
            if (lanes.Count <= size)
            {
                result.Add(lanes);
            }
        }

        result.Add(new Lanes(spec.Element, 0, spec.VectorFallbacks));
        return result;
    }
}
