using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace CellGen.Benchmarks.Plot;

/// <summary>
/// Reads BenchmarkDotNet CSV reports and draws ns per time step against hidden size, one line per system:
/// <c>streaming.png</c> (one Step per call) and <c>sequence.png</c> (whole-sequence Forward). See README.md.
/// </summary>
public static class Program
{
    private const string Usage =
        "usage: CellGen.Benchmarks.Plot [--out DIR] [--cell lstm|gru|rnn] [--width PX] [--height PX] REPORT...\n" +
        "  REPORT  a BenchmarkDotNet *-report.csv, or a directory searched recursively for *-report.csv\n" +
        "  --out   where the PNGs go (default: BenchmarkDotNet.Artifacts/plots); writes streaming.png and sequence.png for LSTM,\n" +
        "          gru-streaming.png and so on for --cell gru or rnn\n" +
        "  Each point is a report's Median (its Mean if the report has no Median column). When two rows measure\n" +
        "  the same system, cell, mode and H, the one from the later REPORT wins.";

    public static int Main(string[] args)
    {
        string output = Path.Combine("BenchmarkDotNet.Artifacts", "plots"), cell = "LSTM";
        int width = 1200, height = 700;
        var reports = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help")
            {
                Console.WriteLine(Usage);
                return 0;
            }

            if (arg is "-o" or "--out" or "--cell" or "--width" or "--height")
            {
                if (i + 1 >= args.Length)
                {
                    return Fail($"{arg} needs a value");
                }

                string value = args[++i];
                switch (arg)
                {
                    case "--cell":
                        cell = value.ToUpperInvariant();
                        if (cell is not ("LSTM" or "GRU" or "RNN"))
                        {
                            return Fail($"--cell {value}: expected lstm, gru or rnn");
                        }

                        break;
                    case "--width" or "--height":
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int pixels) || pixels < 200 || pixels > 10000)
                        {
                            return Fail($"{arg} {value}: expected pixels between 200 and 10000");
                        }

                        (width, height) = arg == "--width" ? (pixels, height) : (width, pixels);
                        break;
                    default:
                        output = value;
                        break;
                }
            }
            else if (arg.StartsWith('-'))
            {
                return Fail($"unknown option {arg}");
            }
            else if (Directory.Exists(arg))
            {
                string[] found = Directory.GetFiles(arg, "*-report.csv", SearchOption.AllDirectories);
                Array.Sort(found, StringComparer.Ordinal);
                if (found.Length == 0)
                {
                    Console.Error.WriteLine($"notice: {arg} holds no *-report.csv");
                }

                reports.AddRange(found);
            }
            else if (File.Exists(arg))
            {
                reports.Add(arg);
            }
            else
            {
                return Fail($"{arg}: no such file or directory");
            }
        }

        if (reports.Count == 0)
        {
            return Fail("no reports given");
        }

        if (SkiaSharp.SKFontManager.Default.FontFamilyCount == 0)
        {
            Console.Error.WriteLine("warning: no fonts found (SkiaSharp's Linux NoDependencies build reads /usr/share/fonts): the plots will have no text; install one, e.g. Debian's fonts-dejavu-core");
        }
        else if (SkiaSharp.SKFontManager.Default.MatchFamily("DejaVu Sans") is not null)
        {
            ScottPlot.Fonts.Default = "DejaVu Sans";
        }

        Dictionary<(string System, string Cell, Mode Mode, int Hidden), Point> points = Load(reports);
        Directory.CreateDirectory(output);
        int written = 0;
        foreach (Mode mode in new[] { Mode.Streaming, Mode.Sequence })
        {
            string name = (cell == "LSTM" ? string.Empty : cell.ToLowerInvariant() + "-") + (mode == Mode.Streaming ? "streaming.png" : "sequence.png");
            Point[] panel = points.Values.Where(p => p.Key.Cell == cell && p.Key.Mode == mode).ToArray();
            if (panel.Length == 0)
            {
                Console.Error.WriteLine($"notice: no {cell} {mode.ToString().ToLowerInvariant()} rows in the reports; {name} not written");
                continue;
            }

            string path = Path.Combine(output, name);
            Plotter.Draw(cell, mode, panel, path, width, height);
            Console.WriteLine($"{path}:");
            Console.Write(Table(panel));
            written++;
        }

        return written > 0 ? 0 : 1;
    }

    private static Dictionary<(string System, string Cell, Mode Mode, int Hidden), Point> Load(List<string> reports)
    {
        var points = new Dictionary<(string, string, Mode, int), Point>();
        foreach (string report in reports)
        {
            BenchmarkCsv csv;
            try
            {
                csv = BenchmarkCsv.Read(report);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                Console.Error.WriteLine($"notice: {report}: not read ({e.Message})");
                continue;
            }

            string file = Path.GetFileName(report);
            StatisticColumn? statistic = csv.FindStatistic("Median");
            if (statistic is null)
            {
                statistic = csv.FindStatistic("Mean");
                if (statistic is null || csv.Cell(csv.Header, "Method") is null)
                {
                    Console.Error.WriteLine($"notice: {file}: no Method and Median or Mean column; not a BenchmarkDotNet report, ignored");
                    continue;
                }

                Console.Error.WriteLine($"notice: {file}: no Median column, using Mean (add [MedianColumn] to the benchmark class for medians)");
            }

            string statisticName = statistic.Header.Split('[')[0].Trim();
            var perCell = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (string[] row in csv.Rows)
            {
                if (!Mapping.TryMap(csv, row, out Key key, out string why))
                {
                    Console.Error.WriteLine($"notice: {file}: {why}; ignored");
                    continue;
                }

                string? cellText = csv.Cell(row, statistic.Header);
                if (!BenchmarkCsv.TryParseNanoseconds(cellText, statistic.Unit, out double nanoseconds))
                {
                    Console.Error.WriteLine($"notice: {file}: {csv.Cell(row, "Method")} ({key.Cell} {key.Input}x{key.Hidden}) has {statisticName} '{cellText}', not a time; ignored");
                    continue;
                }

                var identity = (key.System, key.Cell, key.Mode, key.Hidden);
                if (points.TryGetValue(identity, out Point? earlier))
                {
                    Console.Error.WriteLine($"notice: {file}: {csv.Cell(row, "Method")} replaces {earlier.Source}'s {key.System} {key.Cell} {key.Mode.ToString().ToLowerInvariant()} H={key.Hidden} ({Format(earlier.Nanoseconds)} -> {Format(nanoseconds)} ns)");
                }

                points[identity] = new Point(key, nanoseconds, statisticName, file);
                perCell[key.Cell] = perCell.GetValueOrDefault(key.Cell) + 1;
            }

            string counts = perCell.Count == 0 ? "no rows" : string.Join(", ", perCell.Select(c => $"{c.Value} {c.Key} rows"));
            Console.Error.WriteLine($"{file}: {counts} read ({statisticName})");
        }

        return points;
    }

    /// <summary>The panel's values as text: one line per system, one column per hidden size.</summary>
    private static string Table(Point[] panel)
    {
        int[] sizes = panel.Select(p => p.Key.Hidden).Distinct().Order().ToArray();
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"  {"ns per time step",-26}");
        foreach (int h in sizes)
        {
            text.Append(CultureInfo.InvariantCulture, $"{"H=" + h.ToString(CultureInfo.InvariantCulture),11}");
        }

        text.AppendLine();
        foreach (string system in panel.Select(p => p.Key.System).Distinct().OrderBy(s => Array.IndexOf(Mapping.Systems, s) is int i and >= 0 ? i : int.MaxValue))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {system,-26}");
            foreach (int h in sizes)
            {
                Point? point = panel.FirstOrDefault(p => p.Key.System == system && p.Key.Hidden == h);
                text.Append(CultureInfo.InvariantCulture, $"{(point is null ? "-" : Format(point.Nanoseconds)),11}");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Format(double nanoseconds) => nanoseconds.ToString(nanoseconds < 100 ? "#,0.0" : "#,0", CultureInfo.InvariantCulture);

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
