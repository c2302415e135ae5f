using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CellGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. Each message says how to fix the problem; each ID is listed in
/// AnalyzerReleases.Unshipped.md and explained in docs/diagnostics.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "CellGen";

    public static readonly DiagnosticDescriptor NotPartial = Create(
        "CG0001",
        "Cell class must be partial",
        "'{0}' carries [{1}] but is not partial: declare it 'partial class {0}' so that CellGen can add the cell's members");

    public static readonly DiagnosticDescriptor SizeOutOfRange = Create(
        "CG0002",
        "Cell size out of range",
        "{0} = {1} is out of range: set {0} to {2} between 1 and 4096");

    public static readonly DiagnosticDescriptor UnsupportedElementType = Create(
        "CG0003",
        "Unsupported element type",
        "ElementType = {0} is not supported: use typeof(float) (the default) or typeof(double)");

    public static readonly DiagnosticDescriptor MultipleCellAttributes = Create(
        "CG0004",
        "More than one cell attribute",
        "'{0}' carries both [{1}] and [{2}]: a class is one cell; remove one attribute or move it to another partial class");

    public static readonly DiagnosticDescriptor OptionNotApplicable = Create(
        "CG0005",
        "Option does not apply",
        "{0} does not apply here: {1}");

    public static readonly DiagnosticDescriptor ActivationNotAllowed = Create(
        "CG0006",
        "Activation not allowed in this position",
        "{0} = Activation.{1} is not allowed: {2}");

    public static readonly DiagnosticDescriptor JordanNeedsOutput = Create(
        "CG0007",
        "Jordan cell needs an output layer",
        "A Jordan network feeds its output back into its memory: set Output to the number of outputs (1 to 4096)");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Create(
        "CG0008",
        "Containing type must be partial",
        "'{0}' contains the cell class '{1}' and must be partial too: declare it 'partial {2} {0}'");

    public static readonly DiagnosticDescriptor GenericType = Create(
        "CG0009",
        "Generic types are not supported",
        "'{0}' is generic: cells have fixed sizes and element types, so declare the cell in a non-generic class{1}");

    public static readonly DiagnosticDescriptor InvalidClip = Create(
        "CG0010",
        "Invalid clip threshold",
        "Clip = {0} is invalid: use 0 for no clipping or a positive, finite threshold");

    public static readonly DiagnosticDescriptor StaticClass = Create(
        "CG0011",
        "Cell class cannot be static",
        "'{0}' is static, but a cell holds its parameters in instance fields: remove 'static'");

    public static readonly DiagnosticDescriptor UndefinedActivation = Create(
        "CG0012",
        "Undefined activation value",
        "{0} = {1} is not a defined Activation: use one of Tanh, Linear, Relu, Sigmoid, HardSigmoid, Softsign{2}");

    public static readonly DiagnosticDescriptor WeightsFileNotFound = Create(
        "CG0013",
        "Weights file not given to the build",
        "Weights = \"{0}\" names no file given to the build: add <CellGenWeights Include=\"path/to/{0}\" /> to the project, which hands it to CellGen{1}");

    public static readonly DiagnosticDescriptor WeightsFileDamaged = Create(
        "CG0014",
        "Weights file is damaged",
        "The weights file '{0}' cannot be read: {1}; save it again, or give the intended file");

    public static readonly DiagnosticDescriptor WeightsMismatch = Create(
        "CG0015",
        "Weights file does not fit the cell",
        "The weights file '{0}' does not fit {1}: {2}");

    /// <summary>All descriptors, for lookup by ID and for tests.</summary>
    public static readonly IReadOnlyList<DiagnosticDescriptor> All = new[]
    {
        NotPartial, SizeOutOfRange, UnsupportedElementType, MultipleCellAttributes, OptionNotApplicable,
        ActivationNotAllowed, JordanNeedsOutput, ContainingTypeNotPartial, GenericType, InvalidClip, StaticClass,
        UndefinedActivation, WeightsFileNotFound, WeightsFileDamaged, WeightsMismatch,
    };

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = All.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    /// <summary>Where each diagnostic is explained: its section of docs/diagnostics.md in the repository.</summary>
    public static string HelpLink(string id) => $"{Repository.Url}/blob/main/docs/diagnostics.md#{id.ToLowerInvariant()}";

    private static DiagnosticDescriptor Create(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(id));
}
