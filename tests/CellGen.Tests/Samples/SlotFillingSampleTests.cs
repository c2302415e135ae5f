using System;
using System.IO;
using System.Linq;
using SlotFilling;
using Xunit;
using Xunit.Abstractions;

namespace CellGen.Tests.Samples;

/// <summary>
/// samples/SlotFilling in its quick mode: the lecture notes' application reaches its accuracy, tags the notes' two
/// sentences as the notes say, beats a tagger without memory, and writes its learning curves as a PNG.
/// </summary>
public sealed class SlotFillingSampleTests(ITestOutputHelper output)
{
    [Fact]
    public void The_quick_run_reaches_95_percent_and_tags_taipei_by_its_context()
    {
        string plot = Path.Combine(Path.GetTempPath(), "cellgen-slot-filling-" + Guid.NewGuid().ToString("N") + ".png");
        try
        {
            Result result = Tagger.Train(Options.Quick(plot));
            output.WriteLine($"held-out {result.HeldOutAccuracy:P2}, unseen cities {result.UnseenCityAccuracy:P2}, word by word {result.WordByWordAccuracy:P2}, {result.Elapsed.TotalSeconds:F1} s");

            Assert.True(result.HeldOutAccuracy >= 0.95, $"held-out token accuracy {result.HeldOutAccuracy:P2}");
            Assert.True(result.WordByWordAccuracy < result.HeldOutAccuracy - 0.1, $"a tagger without memory reached {result.WordByWordAccuracy:P2}");
            Assert.Equal(
                new[] { Slot.Other, Slot.Other, Slot.Other, Slot.Other, Slot.Other, Slot.Destination, Slot.Other, Slot.ArrivalTime, Slot.ArrivalTime },
                result.Arrive.Select(p => p.Slot));
            Assert.Equal(new[] { Slot.Other, Slot.Departure, Slot.Other, Slot.DepartureTime, Slot.DepartureTime }, result.Leave.Select(p => p.Slot));

            byte[] png = File.ReadAllBytes(plot);
            Assert.True(png.Length > 10_000, $"the plot has {png.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }
        finally
        {
            File.Delete(plot);
        }
    }
}
