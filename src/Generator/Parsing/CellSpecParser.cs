using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using CellGen.Generator.Diagnostics;
using CellGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CellGen.Generator.Parsing;

/// <summary>
/// Turns one cell attribute on one class into a <see cref="CellSpec"/>, or into diagnostics that say what to fix.
/// Runs inside the compiler on whatever the user typed, so it never throws: every odd value is a diagnostic, and an
/// argument the compiler already rejected (a type error) makes it produce nothing, leaving the compiler's error alone.
/// </summary>
internal static class CellSpecParser
{
    /// <summary>The largest Input, Hidden or Output accepted (CellAttribute.MaxSize in the runtime).</summary>
    public const int MaxSize = 4096;

    /// <summary>The cell attributes by metadata name, and the kind each one makes.</summary>
    public static readonly ImmutableArray<(string MetadataName, CellKind Kind)> Attributes = ImmutableArray.Create(
        ("CellGen.RnnCellAttribute", CellKind.Rnn),
        ("CellGen.JordanCellAttribute", CellKind.Jordan),
        ("CellGen.LstmCellAttribute", CellKind.Lstm),
        ("CellGen.GruCellAttribute", CellKind.Gru));

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CellKind kind, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (context.TargetSymbol is not INamedTypeSymbol type
            || context.TargetNode is not TypeDeclarationSyntax declaration
            || context.Attributes.IsDefaultOrEmpty)
        {
            return Nothing();
        }

        // The attributes are class-only: on a struct or interface the compiler already reports CS0592.
        if (type.TypeKind != TypeKind.Class)
        {
            return Nothing();
        }

        AttributeData attribute = context.Attributes[0];
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        LocationInfo? attributeLocation = LocationInfo.From(attributeSyntax?.GetLocation());
        string attributeName = ShortName(attribute);

        // A class is one cell: the first cell attribute reports the clash, the others stay silent.
        var cellAttributes = type.GetAttributes().Where(IsCellAttribute).OrderBy(SourceOrder).ToList();
        if (cellAttributes.Count > 1)
        {
            if (!SameApplication(cellAttributes[0], attribute))
            {
                return Nothing();
            }

            AttributeData second = cellAttributes[1];
            diagnostics.Add(Info(
                DiagnosticDescriptors.MultipleCellAttributes,
                LocationInfo.From(second.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation()) ?? attributeLocation,
                type.Name, attributeName, ShortName(second)));
            return Result(null, diagnostics);
        }

        CheckDeclaration(type, declaration, attributeName, attributeLocation, diagnostics, cancellationToken);

        var arguments = new ArgumentReader(attribute, attributeSyntax, attributeLocation);
        if (arguments.HasErrors)
        {
            // The compiler already reports the bad argument; a second message would only add noise.
            return Result(null, diagnostics);
        }

        int input = ReadSize(arguments, "Input", "the number of values per time step", required: true, diagnostics);
        int hidden = ReadSize(arguments, "Hidden", "the number of hidden units", required: true, diagnostics);
        int output = ReadOutput(arguments, kind, attributeLocation, diagnostics);
        ElementKind element = ReadElementType(arguments, diagnostics);
        double clip = ReadClip(arguments, element, diagnostics);
        bool bias = arguments.Bool("Bias", true);

        ActivationKind outputActivation = ReadActivation(arguments, "OutputActivation", ActivationKind.Linear, Position.Output, diagnostics);
        if (output == 0 && kind != CellKind.Jordan && arguments.Has("OutputActivation"))
        {
            diagnostics.Add(Info(
                DiagnosticDescriptors.OptionNotApplicable, arguments.Location("OutputActivation"),
                "OutputActivation", "it is the activation of the dense output layer; set Output = N to add one, or remove OutputActivation"));
        }

        ActivationKind activation;
        ActivationKind gateActivation = ActivationKind.Sigmoid;
        ActivationKind cellActivation = ActivationKind.Tanh;
        bool peephole = false;
        bool resetAfter = true;
        switch (kind)
        {
            case CellKind.Lstm:
                activation = ReadActivation(arguments, "CandidateActivation", ActivationKind.Tanh, Position.Hidden, diagnostics);
                gateActivation = ReadActivation(arguments, "GateActivation", ActivationKind.Sigmoid, Position.Gate, diagnostics);
                cellActivation = ReadActivation(arguments, "CellActivation", ActivationKind.Tanh, Position.Hidden, diagnostics);
                peephole = arguments.Bool("Peephole", false);
                break;
            case CellKind.Gru:
                activation = ReadActivation(arguments, "CandidateActivation", ActivationKind.Tanh, Position.Hidden, diagnostics);
                gateActivation = ReadActivation(arguments, "GateActivation", ActivationKind.Sigmoid, Position.Gate, diagnostics);
                resetAfter = arguments.Bool("ResetAfter", true);
                break;
            default:
                activation = ReadActivation(arguments, "Activation", ActivationKind.Tanh, Position.Hidden, diagnostics);
                break;
        }

        WeightsRequest? weights = ReadWeights(arguments, diagnostics);
        if (diagnostics.Count > 0)
        {
            return Result(null, diagnostics);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var spec = new CellSpec(
            DescribeType(type, declaration), kind, element, input, hidden, output, bias, clip, peephole, resetAfter,
            activation, gateActivation, cellActivation, outputActivation, weights,
            VectorFallbacks: !HasVectorFusedMultiplyAdd(context.SemanticModel.Compilation));
        return new ParseResult(spec, EquatableArray<DiagnosticInfo>.Empty, weights is null ? null : arguments.Location("Weights"));
    }

    /// <summary>
    /// Whether the project's System.Runtime.Intrinsics.Vector128 has FusedMultiplyAdd (and Clamp with it): .NET 9 and
    /// later. A project on .NET 8 gets kernels that call CellGen's fallbacks for the two instead.
    /// </summary>
    private static bool HasVectorFusedMultiplyAdd(Compilation compilation) =>
        compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Vector128") is { } vector
        && !vector.GetMembers("FusedMultiplyAdd").IsEmpty;

    private static void CheckDeclaration(
        INamedTypeSymbol type,
        TypeDeclarationSyntax declaration,
        string attributeName,
        LocationInfo? location,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
    {
        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(Info(DiagnosticDescriptors.NotPartial, location, type.Name, attributeName));
        }

        if (type.IsStatic)
        {
            diagnostics.Add(Info(DiagnosticDescriptors.StaticClass, location, type.Name));
        }

        if (type.TypeParameters.Length > 0)
        {
            diagnostics.Add(Info(DiagnosticDescriptors.GenericType, location, type.Name, ""));
        }

        for (INamedTypeSymbol? container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            if (container.TypeParameters.Length > 0)
            {
                diagnostics.Add(Info(DiagnosticDescriptors.GenericType, location, container.Name, $" (it contains '{type.Name}')"));
            }

            bool isPartial = container.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken))
                .OfType<TypeDeclarationSyntax>()
                .Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword));
            if (!isPartial)
            {
                string keyword = container.DeclaringSyntaxReferences
                    .Select(r => r.GetSyntax(cancellationToken))
                    .OfType<TypeDeclarationSyntax>()
                    .Select(Keyword)
                    .FirstOrDefault() ?? "class";
                diagnostics.Add(Info(DiagnosticDescriptors.ContainingTypeNotPartial, location, container.Name, type.Name, keyword));
            }
        }
    }

    private static int ReadSize(ArgumentReader arguments, string name, string meaning, bool required, List<DiagnosticInfo> diagnostics)
    {
        int value = arguments.Int(name, 0);
        if (value >= 1 && value <= MaxSize)
        {
            return value;
        }

        if (value == 0 && !required)
        {
            return 0;
        }

        diagnostics.Add(Info(
            DiagnosticDescriptors.SizeOutOfRange, arguments.Location(name),
            name, value.ToString(CultureInfo.InvariantCulture), meaning));
        return 0;
    }

    private static int ReadOutput(ArgumentReader arguments, CellKind kind, LocationInfo? attributeLocation, List<DiagnosticInfo> diagnostics)
    {
        if (kind == CellKind.Jordan && arguments.Int("Output", 0) == 0)
        {
            diagnostics.Add(Info(DiagnosticDescriptors.JordanNeedsOutput, arguments.Location("Output") ?? attributeLocation));
            return 0;
        }

        return ReadSize(arguments, "Output", "the number of outputs of the dense layer (or 0 for none)", required: false, diagnostics);
    }

    private static WeightsRequest? ReadWeights(ArgumentReader arguments, List<DiagnosticInfo> diagnostics)
    {
        string? file = arguments.TryGet("Weights", out TypedConstant constant) ? constant.Value as string : null;
        if (file is null)
        {
            foreach (string option in new[] { "WeightsFormat", "WeightsLayer", "WeightsReverse", "WeightsPrefix" })
            {
                if (arguments.Has(option))
                {
                    diagnostics.Add(Info(
                        DiagnosticDescriptors.OptionNotApplicable, arguments.Location(option),
                        option, "it says where the cell sits in a weights file; set Weights = \"file\" to bake one in, or remove " + option));
                }
            }

            return null;
        }

        int format = arguments.Int("WeightsFormat", WeightsRequest.PyTorch);
        if (format is < WeightsRequest.PyTorch or > WeightsRequest.Onnx)
        {
            diagnostics.Add(Info(
                DiagnosticDescriptors.OptionNotApplicable, arguments.Location("WeightsFormat"),
                "WeightsFormat = " + format.ToString(CultureInfo.InvariantCulture), "use WeightFormat.PyTorch, WeightFormat.Keras or WeightFormat.Onnx"));
        }

        int layer = arguments.Int("WeightsLayer", 0);
        if (layer < 0)
        {
            diagnostics.Add(Info(
                DiagnosticDescriptors.OptionNotApplicable, arguments.Location("WeightsLayer"),
                "WeightsLayer = " + layer.ToString(CultureInfo.InvariantCulture), "layers count from 0"));
        }

        string prefix = arguments.TryGet("WeightsPrefix", out TypedConstant p) && p.Value is string text ? text : "";
        return new WeightsRequest(file, format, layer, arguments.Bool("WeightsReverse", false), prefix);
    }

    private static ElementKind ReadElementType(ArgumentReader arguments, List<DiagnosticInfo> diagnostics)
    {
        if (!arguments.TryGet("ElementType", out TypedConstant constant))
        {
            return ElementKind.Float;
        }

        if (constant.Value is ITypeSymbol { SpecialType: SpecialType.System_Single })
        {
            return ElementKind.Float;
        }

        if (constant.Value is ITypeSymbol { SpecialType: SpecialType.System_Double })
        {
            return ElementKind.Double;
        }

        string shown = constant.Value is ITypeSymbol symbol ? $"typeof({symbol.ToDisplayString()})" : "null";
        diagnostics.Add(Info(DiagnosticDescriptors.UnsupportedElementType, arguments.Location("ElementType"), shown));
        return ElementKind.Float;
    }

    private static double ReadClip(ArgumentReader arguments, ElementKind element, List<DiagnosticInfo> diagnostics)
    {
        double clip = arguments.Double("Clip", 0);
        double largest = element == ElementKind.Float ? float.MaxValue : double.MaxValue;
        if (clip == 0 || (clip > 0 && clip <= largest))
        {
            return clip;
        }

        diagnostics.Add(Info(
            DiagnosticDescriptors.InvalidClip, arguments.Location("Clip"),
            clip.ToString("R", CultureInfo.InvariantCulture)));
        return 0;
    }

    /// <summary>Where an activation is used decides which activations make sense there.</summary>
    private enum Position
    {
        Gate,
        Hidden,
        Output,
    }

    private static ActivationKind ReadActivation(
        ArgumentReader arguments, string name, ActivationKind fallback, Position position, List<DiagnosticInfo> diagnostics)
    {
        if (!arguments.TryGet(name, out TypedConstant constant) || constant.Value is not int raw)
        {
            return fallback;
        }

        if (!Enum.IsDefined(typeof(ActivationKind), raw))
        {
            diagnostics.Add(Info(
                DiagnosticDescriptors.UndefinedActivation, arguments.Location(name),
                name, $"(Activation){raw.ToString(CultureInfo.InvariantCulture)}", position == Position.Output ? " or Softmax" : ""));
            return fallback;
        }

        var activation = (ActivationKind)raw;
        string? reason = position switch
        {
            Position.Gate when activation is not (ActivationKind.Sigmoid or ActivationKind.HardSigmoid) =>
                "a gate must open between 0 and 1; use Activation.Sigmoid (the default) or Activation.HardSigmoid",
            Position.Hidden when activation == ActivationKind.Softmax =>
                "Softmax normalizes a whole output vector and is only for OutputActivation; use Tanh, Linear, Relu, Sigmoid, HardSigmoid or Softsign",
            _ => null,
        };
        if (reason is not null)
        {
            diagnostics.Add(Info(DiagnosticDescriptors.ActivationNotAllowed, arguments.Location(name), name, activation.ToString(), reason));
            return fallback;
        }

        return activation;
    }

    private static TypeSpec DescribeType(INamedTypeSymbol type, TypeDeclarationSyntax declaration)
    {
        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing
            ? containing.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted))
            : "";

        var containers = new List<ContainingTypeSpec>();
        for (INamedTypeSymbol? container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            string keyword = container.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax())
                .OfType<TypeDeclarationSyntax>()
                .Select(Keyword)
                .FirstOrDefault() ?? "class";
            containers.Insert(0, new ContainingTypeSpec(keyword, Escape(container.Name)));
        }

        string hint = string.Join(".", new[] { ns }.Concat(containers.Select(c => c.Name)).Concat(new[] { type.Name })
            .Where(part => part.Length > 0)
            .Select(part => part.Replace("@", ""))) + ".g.cs";
        return new TypeSpec(ns, Escape(type.Name), Keyword(declaration), new EquatableArray<ContainingTypeSpec>(containers.ToImmutableArray()), hint);
    }

    private static string Keyword(TypeDeclarationSyntax declaration) => declaration switch
    {
        RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
        RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.ClassKeyword) => "record class",
        RecordDeclarationSyntax => "record",
        StructDeclarationSyntax => "struct",
        InterfaceDeclarationSyntax => "interface",
        _ => "class",
    };

    private static string Escape(string identifier) =>
        SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(identifier) == SyntaxKind.RecordKeyword
            ? "@" + identifier
            : identifier;

    private static bool IsCellAttribute(AttributeData attribute)
    {
        string? name = attribute.AttributeClass?.ToDisplayString();
        return name is not null && Attributes.Any(a => a.MetadataName == name);
    }

    private static (string, int) SourceOrder(AttributeData attribute) =>
        attribute.ApplicationSyntaxReference is { } reference
            ? (reference.SyntaxTree.FilePath, reference.Span.Start)
            : ("", int.MaxValue);

    private static bool SameApplication(AttributeData a, AttributeData b) =>
        a.ApplicationSyntaxReference is { } x && b.ApplicationSyntaxReference is { } y
            && x.SyntaxTree == y.SyntaxTree && x.Span == y.Span;

    private static string ShortName(AttributeData attribute)
    {
        string name = attribute.AttributeClass?.Name ?? "CellAttribute";
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    private static DiagnosticInfo Info(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor.Id, location, new EquatableArray<string>(arguments.ToImmutableArray()));

    private static ParseResult Nothing() => new(null, EquatableArray<DiagnosticInfo>.Empty);

    private static ParseResult Result(CellSpec? spec, List<DiagnosticInfo> diagnostics) =>
        new(spec, new EquatableArray<DiagnosticInfo>(diagnostics.ToImmutableArray()));
}
