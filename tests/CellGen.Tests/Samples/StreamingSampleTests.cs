using System;
using System.IO;
using Streaming;
using Xunit;
using Xunit.Abstractions;

namespace CellGen.Tests.Samples;

/// <summary>
/// samples/Streaming in its quick mode: the GRU learns the overdrive well enough to stand in for it, streams a second of
/// audio one Step per sample without allocating, and draws the waveforms. Its latency is printed, not asserted: speed is
/// measured by the benchmarks, never by tests.
/// </summary>
public sealed class StreamingSampleTests(ITestOutputHelper output)
{
    [Fact]
    public void The_quick_run_models_the_effect_and_streams_without_allocating()
    {
        string plot = Path.Combine(Path.GetTempPath(), "cellgen-streaming-" + Guid.NewGuid().ToString("N") + ".png");
        try
        {
            Result result = Overdrive.Run(Options.Quick(plot));
            output.WriteLine($"{result.SignalToError:F1} dB signal to error; median block {result.Percentile(0.5):F1} µs of {Result.BlockBudgetMicroseconds:F0}");

            Assert.True(result.SignalToError > 20, $"the model is only {result.SignalToError:F1} dB from the effect");
            Assert.Equal(0, result.AllocatedBytes);
            Assert.Equal(Overdrive.SampleRate, result.Samples);
            Assert.True(new FileInfo(plot).Length > 10_000);
        }
        finally
        {
            File.Delete(plot);
        }
    }
}
