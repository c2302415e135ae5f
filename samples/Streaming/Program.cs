using System;
using System.Linq;
using Spectre.Console;
using Streaming;

// A recurrent cell in a real-time audio loop: a GRU learns a guitar overdrive (soft clipping into a low-pass filter),
// then processes a plucked note one sample at a time at 48 kHz, timed per 64-sample block like an audio callback.
bool quick = args.Contains("--quick");
string plotPath = args.SkipWhile(a => a != "--plot").Skip(1).FirstOrDefault() ?? "streaming-waveforms.png";
Options options = quick ? Options.Quick(plotPath) : Options.Full(plotPath);

AnsiConsole.MarkupLine($"[bold]Streaming[/]: a GRU of 16 units learns an overdrive from synthetic signals ({options.Iterations} iterations of 32 × 256 samples), then streams {options.Seconds} s of audio at 48 kHz");
(OverdriveModel cell, double trainingError) = (null!, 0);
AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
    .Start(context =>
    {
        ProgressTask task = context.AddTask("training", maxValue: 1);
        (cell, trainingError) = Overdrive.Train(options, (done, loss) =>
        {
            task.Value = done;
            task.Description = $"training  MSE per sample {loss:E2}";
        });
        task.Value = 1;
    });

// Stream after the progress display has stopped, so that its refresh thread does not share the two cores.
Result result = Overdrive.Stream(cell, trainingError, options);

double budget = Result.BlockBudgetMicroseconds;
double median = result.Percentile(0.5), p99 = result.Percentile(0.99), worst = result.BlockMicroseconds.Max();
var table = new Table().AddColumns("64-sample block", "time", "share of the 1,333 µs real-time budget", "per sample");
foreach ((string name, double value) in new[] { ("median", median), ("99th percentile", p99), ("worst", worst) })
{
    table.AddRow(name, $"{value:F1} µs", $"{100 * value / budget:F2} %", $"{1000 * value / 64:F0} ns");
}

AnsiConsole.Write(table);
AnsiConsole.MarkupLine($"{result.Samples:N0} samples streamed one Step at a time; {result.AllocatedBytes} bytes allocated by the loop");
AnsiConsole.MarkupLine($"model against effect on the test note: [bold]{result.SignalToError:F1} dB[/] signal to error (training MSE {result.TrainingError:E2})");
AnsiConsole.MarkupLine($"the median block leaves {budget / median:F0}× headroom: room for {Math.Floor(budget / median):F0} such effects in one audio thread");
AnsiConsole.MarkupLine($"waveforms: {Markup.Escape(System.IO.Path.GetFullPath(result.PlotPath))}");
return result.SignalToError >= 20 && result.AllocatedBytes == 0 ? 0 : 1;
