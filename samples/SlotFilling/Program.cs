using System;
using System.Linq;
using SlotFilling;
using Spectre.Console;

// The lecture notes' slot filling: tag each word of a travel request with its slot, and show that "Taipei" is the
// destination after "arrive" and the place of departure after "leave". `dotnet run -- --quick` trains briefly.
bool quick = args.Contains("--quick");
string plotPath = args.SkipWhile(a => a != "--plot").Skip(1).FirstOrDefault() ?? "slot-filling-training.png";
Options options = quick ? Options.Quick(plotPath) : Options.Full(plotPath);

AnsiConsole.MarkupLine($"[bold]Slot filling[/] with a bidirectional LSTM: {options.TrainingRequests} training requests, {options.HeldOutRequests} held-out (ten of their cities never seen in training), {options.Epochs} epochs");
Result result = null!;
AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
    .Start(context =>
    {
        ProgressTask task = context.AddTask("training", maxValue: 1);
        result = Tagger.Train(options, (done, loss, accuracy) =>
        {
            task.Value = done;
            task.Description = $"epoch {Math.Min(options.Epochs, (int)(done * options.Epochs) + 1)}/{options.Epochs}  loss {loss:F4}  held-out accuracy {accuracy:P1}";
        });
        task.Value = 1;
    });

AnsiConsole.MarkupLine($"held-out token accuracy [bold]{result.HeldOutAccuracy:P2}[/] (target 95%); on the words of cities never trained on {result.UnseenCityAccuracy:P2}");
AnsiConsole.MarkupLine($"a feed-forward tagger that sees one word at a time (no memory) reaches {result.WordByWordAccuracy:P2}: it cannot tell a destination from a place of departure");
AnsiConsole.WriteLine();
foreach ((string Word, Slot Slot)[] sentence in new[] { result.Arrive, result.Leave })
{
    string Label(Slot slot) => slot switch
    {
        Slot.Destination => "dest",
        Slot.Departure => "departure",
        Slot.ArrivalTime => "arr-time",
        Slot.DepartureTime => "dep-time",
        _ => "other",
    };
    int[] widths = sentence.Select(p => Math.Max(p.Word.Length, Label(p.Slot).Length) + 1).ToArray();
    AnsiConsole.WriteLine(string.Concat(sentence.Select((p, i) => p.Word.PadRight(widths[i]))));
    AnsiConsole.MarkupLine(string.Concat(sentence.Select((p, i) => p.Slot == Slot.Other ? $"[grey]{Label(p.Slot).PadRight(widths[i])}[/]" : $"[bold]{Label(p.Slot).PadRight(widths[i])}[/]")));
    AnsiConsole.WriteLine();
}

AnsiConsole.MarkupLine($"learning curves: {Markup.Escape(System.IO.Path.GetFullPath(result.PlotPath))}; {result.Elapsed.TotalSeconds:F1} s in all");
bool taipei = result.Arrive.Single(p => p.Word == "Taipei").Slot == Slot.Destination && result.Leave.Single(p => p.Word == "Taipei").Slot == Slot.Departure;
return result.HeldOutAccuracy >= 0.95 && taipei ? 0 : 1;
