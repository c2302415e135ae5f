using System;
using System.IO;
using AddingProblem;
using Xunit;
using Xunit.Abstractions;

namespace CellGen.Tests.Samples;

/// <summary>samples/AddingProblem in its quick mode: LSTM and GRU learn the adding problem, a simple RNN of as many parameters does not.</summary>
public sealed class AddingProblemSampleTests(ITestOutputHelper output)
{
    [Fact]
    public void The_quick_run_shows_gated_cells_learning_what_a_simple_rnn_cannot()
    {
        Options options = Options.Quick(Path.Combine(Path.GetTempPath(), "cellgen-adding-" + Guid.NewGuid().ToString("N") + ".png"));
        try
        {
            CellRun rnn = Adding.Train("simple RNN", new SimpleAdder(), options);
            CellRun lstm = Adding.Train("LSTM", new LstmAdder(), options);
            CellRun gru = Adding.Train("GRU", new GruAdder(), options);
            LearningCurves.Save(options.PlotPath, new[] { rnn, lstm, gru }, options.Length);
            output.WriteLine($"test MSE after {options.Iterations} iterations: RNN {rnn.TestError:F4}, LSTM {lstm.TestError:F4}, GRU {gru.TestError:F4}");

            Assert.True(rnn.TestError > 0.1, $"the simple RNN reached {rnn.TestError:F4}: the comparison would prove nothing");
            Assert.True(lstm.TestError < 0.05, $"LSTM reached only {lstm.TestError:F4}");
            Assert.True(gru.TestError < 0.05, $"GRU reached only {gru.TestError:F4}");
            Assert.InRange(Math.Abs(rnn.Parameters - lstm.Parameters), 0, lstm.Parameters / 10);
            byte[] png = File.ReadAllBytes(options.PlotPath);
            Assert.True(png.Length > 10_000, $"the plot has {png.Length} bytes");
        }
        finally
        {
            File.Delete(options.PlotPath);
        }
    }
}
