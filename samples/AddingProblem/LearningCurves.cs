using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AddingProblem;

/// <summary>The three cells' test error against training iterations, on one chart with a log scale, and the mean predictor's 1/6.</summary>
public static class LearningCurves
{
    public static void Save(string path, IReadOnlyList<CellRun> runs, int length)
    {
        if (SkiaSharp.SKFontManager.Default.MatchFamily("DejaVu Sans") is not null)
        {
            ScottPlot.Fonts.Default = "DejaVu Sans";
        }

        var plot = new ScottPlot.Plot();
        foreach (CellRun run in runs)
        {
            var line = plot.Add.Scatter(run.Curve.Select(p => (double)p.Iteration).ToArray(), run.Curve.Select(p => System.Math.Log10(p.TestError)).ToArray());
            line.LegendText = $"{run.Name} ({run.Parameters} parameters)";
            line.LineWidth = 2;
            line.MarkerSize = 0;
        }

        var mean = plot.Add.HorizontalLine(System.Math.Log10(1.0 / 6));
        mean.LegendText = "always answering 1 (MSE 1/6)";
        mean.LinePattern = ScottPlot.LinePattern.Dashed;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = y => System.Math.Pow(10, y).ToString("G2", System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.Axes.Left.Label.Text = "test mean squared error (log scale)";
        plot.Axes.Bottom.Label.Text = "training iterations (16 sequences each)";
        plot.Title($"The adding problem, T = {length}: simple RNN against LSTM and GRU");
        plot.ShowLegend(ScottPlot.Alignment.LowerLeft);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        plot.SavePng(path, 900, 500);
    }
}
