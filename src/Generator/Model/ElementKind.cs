namespace CellGen.Generator.Model;

/// <summary>The element types a cell can compute in.</summary>
internal enum ElementKind
{
    Float,
    Double,
}
