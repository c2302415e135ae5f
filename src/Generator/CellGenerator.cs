using System.Collections.Immutable;
using System.Linq;
using CellGen.Generator.Emit;
using CellGen.Generator.Model;
using CellGen.Generator.Parsing;
using CellGen.Generator.Weights;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CellGen.Generator;

/// <summary>
/// The incremental pipeline: each cell attribute is found with ForAttributeWithMetadataName, turned at once into a
/// value-equatable <see cref="ParseResult"/>, and split into source (one file per cell) and diagnostics, each
/// reported from its own output so that a diagnostic never stops a cached cell's source from being reused.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CellGenerator : IIncrementalGenerator
{
    /// <summary>Names of the pipeline steps, for incremental-caching tests.</summary>
    public static class TrackingNames
    {
        public const string Parse = "CellGen.Parse";
        public const string Specs = "CellGen.Specs";
        public const string Diagnostics = "CellGen.Diagnostics";
        public const string Bake = "CellGen.Bake";
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Weights files reach the generator base64-encoded by CellGen's build targets: the compiler refuses binary
        // additional files (CS2015).
        IncrementalValueProvider<ImmutableArray<WeightsFile?>> weightsFiles = context.AdditionalTextsProvider
            .Where(static text => WeightsFile.IsEncoded(text.Path))
            .Select(static (text, cancellationToken) => WeightsFile.From(text, cancellationToken))
            .Collect();

        foreach ((string metadataName, CellKind kind) in CellSpecParser.Attributes)
        {
            IncrementalValuesProvider<ParseResult> results = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    metadataName,
                    predicate: static (node, _) => node is TypeDeclarationSyntax,
                    transform: (attributeContext, cancellationToken) => CellSpecParser.Parse(attributeContext, kind, cancellationToken))
                .WithTrackingName(TrackingNames.Parse);

            IncrementalValuesProvider<CellSpec> specs = results
                .Where(static result => result.Spec is not null)
                .Select(static (result, _) => result.Spec!)
                .WithTrackingName(TrackingNames.Specs);

            IncrementalValuesProvider<DiagnosticInfo> diagnostics = results
                .SelectMany(static (result, _) => result.Diagnostics)
                .WithTrackingName(TrackingNames.Diagnostics);

            // Baking reads the weights from the location-free spec, so an edit that only moves the attribute is cached.
            IncrementalValuesProvider<BakeResult> baked = specs
                .Where(static spec => spec.Weights is not null)
                .Combine(weightsFiles)
                .Select(static (pair, cancellationToken) => Baker.Bake(pair.Left, pair.Right, cancellationToken))
                .WithTrackingName(TrackingNames.Bake);

            // Where each cell's Weights argument is, for the problems of baking.
            IncrementalValueProvider<ImmutableArray<(TypeSpec Type, LocationInfo? Location)>> weightsArguments = results
                .Where(static result => result.Spec?.Weights is not null)
                .Select(static (result, _) => (result.Spec!.Type, result.WeightsLocation))
                .Collect();

            context.RegisterSourceOutput(specs.Where(static spec => spec.Weights is null), static (output, spec) =>
                output.AddSource(spec.Type.HintName, CellEmitter.Emit(spec)));

            // A file that could not be baked in still gets its class (parameters zero), so the error stands alone.
            context.RegisterSourceOutput(baked, static (output, result) =>
                output.AddSource(result.Spec.Type.HintName, CellEmitter.Emit(result.Spec, result.Problem is null ? result : null)));
            context.RegisterSourceOutput(baked.Where(static result => result.Problem is not null).Combine(weightsArguments), static (output, pair) =>
            {
                LocationInfo? location = pair.Right.FirstOrDefault(argument => argument.Type == pair.Left.Spec.Type).Location;
                output.ReportDiagnostic((pair.Left.Problem! with { Location = location }).ToDiagnostic());
            });
            context.RegisterSourceOutput(diagnostics, static (output, diagnostic) =>
                output.ReportDiagnostic(diagnostic.ToDiagnostic()));
        }
    }
}
