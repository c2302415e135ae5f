using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CellGen.Benchmarks.Plot;

/// <summary>Streaming: one Step per call. Sequence: a whole-sequence Forward, reported per time step.</summary>
public enum Mode
{
    Streaming,
    Sequence,
}

/// <summary>
/// How a benchmark row becomes a point (system, cell, mode, input size, hidden size H): the one place to adjust when
/// benchmark names change. A row maps by the first rule whose pattern matches its whole Method name; the cell kind and
/// shape come from the pattern's named groups <c>cell</c> and <c>shape</c> when it has them, otherwise the cell from
/// the benchmark class (<c>LstmPeers</c> → LSTM: the report's Type column if it has one, as joined reports do, else
/// its file name) and the shape, "input x hidden", from the <c>Shape</c> parameter column. Values are plotted as
/// BenchmarkDotNet reports them, per operation: Sequence benchmarks declare OperationsPerInvoke = T, so every value
/// is already per time step. A row no rule matches (training, double precision, other benchmarks) is ignored with a
/// notice.
/// </summary>
public static class Mapping
{
    public const string Generated = "CellGen generated";
    public const string Dynamic = "CellGen dynamic";
    public const string Naive = "naive scalar";
    public const string Onnx = "ONNX Runtime";
    public const string OnnxIoBinding = "ONNX Runtime (IoBinding)";
    public const string Torch = "TorchSharp";
    public const string WeightRead = "weight-read floor";

    /// <summary>The parameter column that holds "input x hidden" (CellGen.Benchmarks.Peers: <c>[Params] Shape</c>).</summary>
    public const string ShapeColumn = "Shape";

    /// <summary>The column a joined report (<c>--join</c>) names each row's benchmark class in.</summary>
    public const string TypeColumn = "Type";

    /// <summary>Every system, in legend order.</summary>
    public static readonly string[] Systems = { Generated, Dynamic, Naive, Onnx, OnnxIoBinding, Torch, WeightRead };

    private const string CellAndShape = @"(?<cell>Lstm|Gru|Rnn)_(?<shape>\d+x\d+)";

    /// <summary>Method name (whole-name regular expression) → system and mode.</summary>
    public static readonly Rule[] Rules =
    {
        // bench/CellGen.Benchmarks, class CellBenchmarks: cell and shape in the name; float32 only, so
        // Lstm_3x64_Double_Step matches nothing and is ignored.
        new(CellAndShape + "_Step", Generated, Mode.Streaming),
        new(CellAndShape + "_Sequence", Generated, Mode.Sequence),
        new("Dynamic_" + CellAndShape + "_Step", Dynamic, Mode.Streaming),
        new("Dynamic_" + CellAndShape + "_Sequence", Dynamic, Mode.Sequence),
        new("Naive_" + CellAndShape + "_Step", Naive, Mode.Streaming),
        new("Naive_" + CellAndShape + "_Sequence", Naive, Mode.Sequence),

        // bench/CellGen.Benchmarks.Peers, classes LstmPeers, GruPeers, RnnPeers: cell in the class, shape in the
        // Shape column. The training benchmarks (*_Train_B1, *_Train_B32) are not per time step and match nothing.
        new("CellGen_Step", Generated, Mode.Streaming),
        new("Dynamic_Step", Dynamic, Mode.Streaming),
        new("Onnx_Step", Onnx, Mode.Streaming),
        new("Onnx_Step_IoBinding", OnnxIoBinding, Mode.Streaming),
        new("Torch_Step", Torch, Mode.Streaming),
        new("CellGen_Sequence", Generated, Mode.Sequence),
        new("Dynamic_Sequence", Dynamic, Mode.Sequence),
        new("Onnx_Sequence", Onnx, Mode.Sequence),
        new("Torch_Sequence", Torch, Mode.Sequence),

        // bench/CellGen.Benchmarks, class LstmWeightReadBenchmarks: one pass over an LSTM's parameters (Shape column),
        // the least time a streaming step that reads them all can take on the machine of the run.
        new("ReadWeights", WeightRead, Mode.Streaming),
    };

    /// <summary>The cell kind a benchmark class is about, from the start of its name: LstmPeers → LSTM.</summary>
    private static readonly Regex s_classCell = new(@"^(?<cell>Lstm|Gru|Rnn)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex s_shape = new(@"^\s*(?<input>\d+)\s*[xX×]\s*(?<hidden>\d+)\s*$", RegexOptions.CultureInvariant);

    /// <summary>Maps one row, or says in <paramref name="why"/> why it does not map.</summary>
    public static bool TryMap(BenchmarkCsv csv, string[] row, out Key key, out string why)
    {
        key = default;
        string method = csv.Cell(row, "Method") ?? string.Empty;
        foreach (Rule rule in Rules)
        {
            Match match = rule.Pattern.Match(method);
            if (!match.Success)
            {
                continue;
            }

            string? cell = match.Groups["cell"].Success ? match.Groups["cell"].Value : null;
            if (cell is null)
            {
                string type = csv.Cell(row, TypeColumn) is { Length: > 0 } t ? t : csv.ClassFromFileName;
                Match classMatch = s_classCell.Match(type);
                if (!classMatch.Success)
                {
                    why = $"method {method} matched '{rule.Pattern}' but its class '{type}' names no cell (Lstm…, Gru…, Rnn…)";
                    return false;
                }

                cell = classMatch.Groups["cell"].Value;
            }

            string? shape = match.Groups["shape"].Success ? match.Groups["shape"].Value : csv.Cell(row, ShapeColumn);
            if (shape is null)
            {
                why = $"method {method} has no shape: neither its name nor a '{ShapeColumn}' column gives one";
                return false;
            }

            Match shapeMatch = s_shape.Match(shape);
            if (!shapeMatch.Success)
            {
                why = $"method {method}: shape '{shape}' is not 'input x hidden'";
                return false;
            }

            key = new Key(
                rule.System,
                cell.ToUpperInvariant(),
                rule.Mode,
                int.Parse(shapeMatch.Groups["input"].Value, CultureInfo.InvariantCulture),
                int.Parse(shapeMatch.Groups["hidden"].Value, CultureInfo.InvariantCulture));
            why = string.Empty;
            return true;
        }

        string? shapeCell = csv.Cell(row, ShapeColumn);
        why = $"method {method}{(shapeCell is null ? string.Empty : $" ({ShapeColumn}={shapeCell})")} matches no mapping rule";
        return false;
    }
}

/// <summary>A method-name pattern (matched against the whole name) and the system and mode its rows belong to.</summary>
public sealed class Rule
{
    public Rule(string methodPattern, string system, Mode mode)
    {
        Pattern = new Regex("^(?:" + methodPattern + ")$", RegexOptions.CultureInvariant);
        System = system;
        Mode = mode;
    }

    public Regex Pattern { get; }

    public string System { get; }

    public Mode Mode { get; }
}

/// <summary>What one row measures: a system, a cell kind (LSTM, GRU, RNN), a mode and a shape.</summary>
public readonly record struct Key(string System, string Cell, Mode Mode, int Input, int Hidden);
