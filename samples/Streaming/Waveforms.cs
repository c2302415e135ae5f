using System.IO;
using System.Linq;

namespace Streaming;

/// <summary>The first 10 ms of the test note: the clean input, the effect's output and the model's, as a PNG.</summary>
public static class Waveforms
{
    public static void Save(Result result)
    {
        if (SkiaSharp.SKFontManager.Default.MatchFamily("DejaVu Sans") is not null)
        {
            ScottPlot.Fonts.Default = "DejaVu Sans";
        }

        (float[] input, float[] effect, float[] model) = result.Input;
        double[] ms = Enumerable.Range(0, input.Length).Select(n => n * 1000.0 / Overdrive.SampleRate).ToArray();
        var plot = new ScottPlot.Plot();
        foreach ((float[] signal, string name, float width) in new[] { (input, "clean input", 1.5f), (effect, "overdrive (the effect)", 3f), (model, "GRU, one Step per sample", 1.5f) })
        {
            var line = plot.Add.Scatter(ms, signal.Select(v => (double)v).ToArray());
            line.LegendText = name;
            line.LineWidth = width;
            line.MarkerSize = 0;
        }

        plot.Axes.Bottom.Label.Text = "time (ms)";
        plot.Axes.Left.Label.Text = "amplitude";
        plot.Title($"A 110 Hz pluck through the overdrive and through its GRU model ({result.SignalToError:F1} dB signal to error)");
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(result.PlotPath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        plot.SavePng(result.PlotPath, 900, 500);
    }
}
