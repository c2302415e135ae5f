using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace CellGen.Benchmarks.Plot;

/// <summary>One BenchmarkDotNet CSV report: its header and rows, cells by column name.</summary>
public sealed partial class BenchmarkCsv
{
    private readonly Dictionary<string, int> _columns;

    private BenchmarkCsv(string path, string[] header, List<string[]> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Length; i++)
        {
            _columns.TryAdd(header[i], i);
        }
    }

    public string Path { get; }

    public string[] Header { get; }

    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>
    /// The benchmark class a report without a Type column is about, from BenchmarkDotNet's file name
    /// <c>&lt;Namespace&gt;.&lt;Class&gt;-report.csv</c> (anything before the last dot of the part before "-report" is
    /// ignored, so <c>sample-CellGen.Benchmarks.Peers.LstmPeers-report.csv</c> is about <c>LstmPeers</c> too).
    /// </summary>
    public string ClassFromFileName
    {
        get
        {
            string name = System.IO.Path.GetFileNameWithoutExtension(Path);
            int report = name.LastIndexOf("-report", StringComparison.OrdinalIgnoreCase);
            if (report > 0)
            {
                name = name[..report];
            }

            return name[(name.LastIndexOf('.') + 1)..];
        }
    }

    public static BenchmarkCsv Read(string path)
    {
        string text = File.ReadAllText(path, Encoding.UTF8);
        string firstLine = text.Split('\n', 2)[0];
        // BenchmarkDotNet's CsvExporter writes ',' by default; CsvSeparator.Semicolon (or a culture's list separator) is
        // an option, so take whichever of the two the header uses more.
        char separator = Count(firstLine, ';') > Count(firstLine, ',') ? ';' : ',';
        List<string[]> records = Parse(text, separator);
        if (records.Count == 0)
        {
            throw new InvalidDataException($"{path} is empty.");
        }

        string[] header = records[0];
        for (int i = 0; i < header.Length; i++)
        {
            header[i] = header[i].Trim();
        }

        records.RemoveAt(0);
        records.RemoveAll(r => r.Length == 1 && string.IsNullOrWhiteSpace(r[0]));
        return new BenchmarkCsv(path, header, records);
    }

    /// <summary>The cell of <paramref name="column"/> (exact name, case-insensitive), or null if there is no such column.</summary>
    public string? Cell(string[] row, string column) =>
        _columns.TryGetValue(column, out int index) && index < row.Length ? row[index].Trim() : null;

    /// <summary>
    /// The column whose name is <paramref name="statistic"/>, alone or with a unit ("Median [ns]", as written when
    /// the summary style prints units in the header instead of the cells); null if there is none.
    /// </summary>
    public StatisticColumn? FindStatistic(string statistic)
    {
        foreach (string name in Header)
        {
            Match match = StatisticHeader().Match(name);
            if (match.Success && string.Equals(match.Groups["name"].Value, statistic, StringComparison.OrdinalIgnoreCase))
            {
                string? unit = match.Groups["unit"].Success ? match.Groups["unit"].Value : null;
                return new StatisticColumn(name, unit);
            }
        }

        return null;
    }

    /// <summary>RFC 4180: fields separated by <paramref name="separator"/>, optionally in double quotes ("" is a quote).</summary>
    private static List<string[]> Parse(string text, char separator)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        int i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                records.Add(fields.ToArray());
                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add(fields.ToArray());
        }

        return records;
    }

    private static int Count(string s, char c)
    {
        int n = 0;
        foreach (char x in s)
        {
            n += x == c ? 1 : 0;
        }

        return n;
    }

    /// <summary>
    /// Parses a BenchmarkDotNet time cell into nanoseconds, in invariant culture: "592.1 ns", "3.96 μs" (Greek mu,
    /// micro sign or "us"), "1,234.56 ns" (thousands separators), "12.3 ms", "1.2 s", "850 ps"; a bare number takes
    /// <paramref name="defaultUnit"/> (the unit of a "Mean [ns]" header). False for "NA", "?", "-" and the like.
    /// </summary>
    public static bool TryParseNanoseconds(string? cell, string? defaultUnit, out double nanoseconds)
    {
        nanoseconds = double.NaN;
        if (string.IsNullOrWhiteSpace(cell))
        {
            return false;
        }

        Match match = TimeCell().Match(cell.Trim());
        if (!match.Success)
        {
            return false;
        }

        string number = match.Groups["number"].Value.Replace(",", string.Empty, StringComparison.Ordinal).Replace("\u00A0", string.Empty, StringComparison.Ordinal);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            return false;
        }

        string? unit = match.Groups["unit"].Success && match.Groups["unit"].Length > 0 ? match.Groups["unit"].Value : defaultUnit;
        double? scale = unit is null ? null : NanosecondsPer(unit);
        if (scale is null)
        {
            return false;
        }

        nanoseconds = value * scale.Value;
        return double.IsFinite(nanoseconds) && nanoseconds > 0;
    }

    private static double? NanosecondsPer(string unit) => unit.Trim() switch
    {
        "ps" => 1e-3,
        "ns" => 1,
        "μs" or "µs" or "us" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        _ => null,
    };

    [GeneratedRegex(@"^(?<number>[+-]?[0-9][0-9,\u00A0]*(\.[0-9]+)?([eE][+-]?[0-9]+)?)\s*(?<unit>ps|ns|μs|µs|us|ms|s)?$")]
    private static partial Regex TimeCell();

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9 ]+?)\s*(\[(?<unit>[^\]]+)\])?$")]
    private static partial Regex StatisticHeader();
}

/// <summary>A statistic's column: its exact header and the unit that header names, if any.</summary>
public sealed record StatisticColumn(string Header, string? Unit);
