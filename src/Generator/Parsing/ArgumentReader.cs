using System.Collections.Generic;
using System.Linq;
using CellGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CellGen.Generator.Parsing;

/// <summary>
/// Reads an attribute's named arguments by name, tolerating anything: a missing argument gives the default,
/// a value of the wrong type gives the default too (the compiler has already reported it), and every argument
/// knows its own source location for diagnostics.
/// </summary>
internal sealed class ArgumentReader
{
    private readonly Dictionary<string, TypedConstant> _values = new();
    private readonly AttributeSyntax? _syntax;
    private readonly LocationInfo? _attributeLocation;

    public ArgumentReader(AttributeData attribute, AttributeSyntax? syntax, LocationInfo? attributeLocation)
    {
        _syntax = syntax;
        _attributeLocation = attributeLocation;
        foreach (KeyValuePair<string, TypedConstant> pair in attribute.NamedArguments)
        {
            if (pair.Value.Kind == TypedConstantKind.Error)
            {
                HasErrors = true;
            }

            _values[pair.Key] = pair.Value;
        }

        // An argument the compiler could not bind (a misspelled name, a wrong type) leaves no named argument behind.
        if (syntax?.ArgumentList is { } list && list.Arguments.Count != attribute.NamedArguments.Length + attribute.ConstructorArguments.Length)
        {
            HasErrors = true;
        }
    }

    /// <summary>Whether any argument failed to bind; the compiler reports those itself.</summary>
    public bool HasErrors { get; }

    public bool Has(string name) => _values.ContainsKey(name);

    public bool TryGet(string name, out TypedConstant value) => _values.TryGetValue(name, out value);

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out TypedConstant c) && c.Value is int value ? value : fallback;

    public bool Bool(string name, bool fallback) =>
        _values.TryGetValue(name, out TypedConstant c) && c.Value is bool value ? value : fallback;

    public double Double(string name, double fallback) =>
        _values.TryGetValue(name, out TypedConstant c)
            ? c.Value switch
            {
                double d => d,
                float f => f,
                int i => i,
                long l => l,
                _ => fallback,
            }
            : fallback;

    /// <summary>The location of <c>Name = value</c> in the attribute, or of the whole attribute when the argument is absent.</summary>
    public LocationInfo? Location(string name)
    {
        AttributeArgumentSyntax? argument = _syntax?.ArgumentList?.Arguments
            .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        return argument is null ? _attributeLocation : LocationInfo.From(argument.GetLocation());
    }
}
