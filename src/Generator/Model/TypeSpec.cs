namespace CellGen.Generator.Model;

/// <summary>Where the annotated class lives, enough to write a matching partial declaration.</summary>
/// <param name="Namespace">The namespace, keywords escaped; empty for the global namespace.</param>
/// <param name="Name">The class name, escaped if it is a keyword.</param>
/// <param name="Keyword">The declaration keyword: <c>class</c>, <c>record</c> or <c>record class</c>.</param>
/// <param name="ContainingTypes">The enclosing types, outermost first.</param>
/// <param name="HintName">The generated file's name, unique in the compilation.</param>
internal sealed record TypeSpec(
    string Namespace,
    string Name,
    string Keyword,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string HintName);

/// <summary>One enclosing type of the annotated class.</summary>
/// <param name="Keyword">Its declaration keyword (<c>class</c>, <c>struct</c>, <c>record struct</c>, <c>interface</c>, …).</param>
/// <param name="Name">Its name, escaped if it is a keyword.</param>
internal sealed record ContainingTypeSpec(string Keyword, string Name);
