using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SlotFilling;

/// <summary>
/// The learning curves as a PNG: held-out token accuracy (left axis) of the bidirectional LSTM and of the word-by-word
/// feed-forward tagger, and the LSTM's training loss (right axis), against epochs.
/// </summary>
public static class TrainingPlot
{
    public static void Save(string path, IReadOnlyList<CurvePoint> recurrent, IReadOnlyList<CurvePoint> wordByWord)
    {
        if (SkiaSharp.SKFontManager.Default.MatchFamily("DejaVu Sans") is not null)
        {
            ScottPlot.Fonts.Default = "DejaVu Sans";
        }

        var plot = new ScottPlot.Plot();
        var lstm = plot.Add.Scatter(recurrent.Select(p => p.Epochs).ToArray(), recurrent.Select(p => 100 * p.HeldOutAccuracy).ToArray());
        lstm.LegendText = "bidirectional LSTM: held-out accuracy";
        lstm.LineWidth = 2;
        var flat = plot.Add.Scatter(wordByWord.Select(p => p.Epochs).ToArray(), wordByWord.Select(p => 100 * p.HeldOutAccuracy).ToArray());
        flat.LegendText = "word by word (no memory): held-out accuracy";
        flat.LineWidth = 2;
        CurvePoint[] losses = recurrent.Where(p => !double.IsNaN(p.TrainingLoss)).ToArray();
        var loss = plot.Add.Scatter(losses.Select(p => p.Epochs).ToArray(), losses.Select(p => p.TrainingLoss).ToArray());
        loss.LegendText = "bidirectional LSTM: training loss";
        loss.LinePattern = ScottPlot.LinePattern.Dashed;
        loss.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Left.Label.Text = "held-out token accuracy (%)";
        plot.Axes.Right.Label.Text = "cross-entropy per word";
        plot.Axes.Bottom.Label.Text = "epochs";
        plot.Title("Slot filling: accuracy on held-out requests");
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        plot.SavePng(path, 900, 500);
    }
}
