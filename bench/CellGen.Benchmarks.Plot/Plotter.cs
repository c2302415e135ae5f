using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace CellGen.Benchmarks.Plot;

/// <summary>A measured point: what it measures, nanoseconds per time step, which statistic, from which report.</summary>
public sealed record Point(Key Key, double Nanoseconds, string Statistic, string Source);

/// <summary>Draws one panel: ns per time step (log10) against hidden size H (log2), one line per system.</summary>
public static class Plotter
{
    /// <summary>Line style per system; a system not listed here gets the next color of the default palette.</summary>
    private static readonly Dictionary<string, (Color Color, MarkerShape Marker, LinePattern Line)> s_styles = new()
    {
        [Mapping.Generated] = (new Color(31, 119, 180), MarkerShape.FilledCircle, LinePattern.Solid),
        [Mapping.Dynamic] = (new Color(255, 127, 14), MarkerShape.FilledSquare, LinePattern.Solid),
        [Mapping.Naive] = (new Color(127, 127, 127), MarkerShape.FilledDiamond, LinePattern.Dotted),
        [Mapping.Onnx] = (new Color(44, 160, 44), MarkerShape.FilledTriangleUp, LinePattern.Solid),
        [Mapping.OnnxIoBinding] = (new Color(44, 160, 44), MarkerShape.OpenTriangleUp, LinePattern.Dashed),
        [Mapping.Torch] = (new Color(214, 39, 40), MarkerShape.FilledTriangleDown, LinePattern.Solid),
        [Mapping.WeightRead] = (new Color(0, 0, 0), MarkerShape.OpenCircle, LinePattern.Dotted),
    };

    public static void Draw(string cell, Mode mode, IReadOnlyList<Point> points, string path, int width, int height)
    {
        var plot = new ScottPlot.Plot();
        string what = mode == Mode.Streaming ? "streaming (one Step per call)" : "whole-sequence Forward (T steps per call)";
        plot.Title($"{cell} {what}: ns per time step");

        string[] statistics = points.Select(p => p.Statistic.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToArray();
        plot.YLabel($"ns per time step ({string.Join(" or ", statistics)}, log scale)");
        plot.XLabel("hidden size H, log2 scale (input x hidden under each size)");

        var palette = new ScottPlot.Palettes.Category10();
        int extra = 0;
        IEnumerable<string> systems = Mapping.Systems.Concat(points.Select(p => p.Key.System).Distinct().Except(Mapping.Systems).Order(StringComparer.Ordinal));
        foreach (string system in systems)
        {
            Point[] line = points.Where(p => p.Key.System == system).OrderBy(p => p.Key.Hidden).ToArray();
            if (line.Length == 0)
            {
                continue;
            }

            var scatter = plot.Add.Scatter(
                line.Select(p => Math.Log2(p.Key.Hidden)).ToArray(),
                line.Select(p => Math.Log10(p.Nanoseconds)).ToArray());
            (Color Color, MarkerShape Marker, LinePattern Line) style = s_styles.TryGetValue(system, out var known) ? known : (palette.GetColor(6 + extra++), MarkerShape.FilledCircle, LinePattern.Solid);
            scatter.LegendText = system;
            scatter.Color = style.Color;
            scatter.MarkerShape = style.Marker;
            scatter.MarkerSize = 9;
            scatter.LineWidth = 2;
            scatter.LinePattern = style.Line;
        }

        plot.Axes.Bottom.TickGenerator = HiddenSizeTicks(points);
        double low = points.Min(p => Math.Log10(p.Nanoseconds)), high = points.Max(p => Math.Log10(p.Nanoseconds));
        plot.Axes.Left.TickGenerator = LogTicks(low, high);

        double left = Math.Log2(points.Min(p => p.Key.Hidden)), right = Math.Log2(points.Max(p => p.Key.Hidden));
        double xPad = Math.Max(0.35, (right - left) * 0.05), yPad = Math.Max(0.1, (high - low) * 0.06);
        plot.Axes.SetLimits(left - xPad, right + xPad, low - yPad, high + yPad);

        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithAlpha(0.05);
        plot.Grid.MinorLineWidth = 1;

        plot.ShowLegend(Edge.Right);
        plot.Legend.SymbolWidth = 30;
        plot.Legend.FontSize = 14;
        plot.SavePng(path, width, height);
    }

    /// <summary>A labelled tick at every hidden size present, with the input x hidden shapes measured there.</summary>
    private static NumericManual HiddenSizeTicks(IReadOnlyList<Point> points)
    {
        var ticks = new NumericManual();
        foreach (var size in points.GroupBy(p => p.Key.Hidden).OrderBy(g => g.Key))
        {
            string shapes = string.Join(", ", size.Select(p => p.Key.Input).Distinct().Order().Select(i => string.Create(CultureInfo.InvariantCulture, $"{i}x{size.Key}")));
            ticks.AddMajor(Math.Log2(size.Key), string.Create(CultureInfo.InvariantCulture, $"{size.Key}\n({shapes})"));
        }

        return ticks;
    }

    /// <summary>
    /// Ticks for an axis that plots log10 of nanoseconds: labelled 1·10^k (and 2·10^k, 5·10^k when the data spans
    /// three decades or fewer), unlabelled minor ticks at the other integers times 10^k.
    /// </summary>
    private static NumericManual LogTicks(double low, double high)
    {
        var ticks = new NumericManual();
        bool fine = high - low <= 3;
        for (int decade = (int)Math.Floor(low) - 1; decade <= (int)Math.Ceiling(high); decade++)
        {
            for (int m = 1; m <= 9; m++)
            {
                double value = m * Math.Pow(10, decade);
                double position = Math.Log10(value);
                if (m == 1 || (fine && (m == 2 || m == 5)))
                {
                    ticks.AddMajor(position, value >= 1 ? value.ToString("#,0", CultureInfo.InvariantCulture) : value.ToString("0.###", CultureInfo.InvariantCulture));
                }
                else
                {
                    ticks.AddMinor(position);
                }
            }
        }

        return ticks;
    }
}
