using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CellGen.Generator.Model;

/// <summary>A source location as plain values, so that diagnostics can travel through the pipeline and stay cacheable.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location) =>
        location is null || location.SourceTree is null
            ? null
            : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}

/// <summary>A diagnostic to report: the descriptor's ID, where, and the message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic()
    {
        object?[] arguments = new object?[Arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Arguments[i];
        }

        return Diagnostic.Create(
            Diagnostics.DiagnosticDescriptors.ById(Id), Location?.ToLocation(), arguments);
    }
}

/// <summary>
/// What parsing one attribute produced: a spec to emit, diagnostics to report, or both empty; and where the
/// <c>Weights</c> argument is, for the diagnostics of baking its file in.
/// </summary>
internal sealed record ParseResult(CellSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, LocationInfo? WeightsLocation = null);
