using System;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace CellGen.Tests.Training;

[GruCell(Input = 3, Hidden = 4, ElementType = typeof(double))] public partial class NetGru { }
[LstmCell(Input = 3, Hidden = 5, Peephole = true, ElementType = typeof(double))] public partial class NetLstm { }
[RnnCell(Input = 9, Hidden = 6, ElementType = typeof(double))] public partial class NetRnn { }
[GruCell(Input = 3, Hidden = 4, ResetAfter = false, ElementType = typeof(double))] public partial class NetGruReverse { }
[RnnCell(Input = 4, Hidden = 6, Activation = Activation.Softsign, ElementType = typeof(double))] public partial class NetRnnNarrow { }

[GruCell(Input = 6, Hidden = 8)] public partial class TagGruFirst { }
[GruCell(Input = 6, Hidden = 8)] public partial class TagGruFirstReverse { }
[GruCell(Input = 16, Hidden = 8)] public partial class TagGruSecond { }
[GruCell(Input = 16, Hidden = 8)] public partial class TagGruSecondReverse { }
[GruCell(Input = 6, Hidden = 22)] public partial class TagGruWide { }

/// <summary>Stacks, bidirectional layers, dense output layers and the trainer.</summary>
public class NetworkTests
{
    private readonly ITestOutputHelper _output;

    public NetworkTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// Finite differences through a bidirectional (GRU forward, peephole LSTM reverse) layer, an RNN and a dense
    /// softmax layer: every segment's gradient and the input gradient, relative error ≤ 1e−6.
    /// </summary>
    [Theory]
    [InlineData(DirectionMerge.Concatenate, Activation.Softmax)]
    [InlineData(DirectionMerge.Concatenate, Activation.Linear)]
    [InlineData(DirectionMerge.Concatenate, Activation.Sigmoid)]
    [InlineData(DirectionMerge.Concatenate, Activation.Tanh)]
    [InlineData(DirectionMerge.Sum, Activation.Softmax)]
    public void Gradients_through_a_stacked_bidirectional_network_match_finite_differences(DirectionMerge merge, Activation output)
    {
        // Concatenated, the RNN reads 4 + 5 = 9 values; summed, the reverse cell must match the forward one's width.
        ISequenceLayer<double> first = merge == DirectionMerge.Sum
            ? new BidirectionalLayer<double>(new NetGru(), new NetGruReverse(), DirectionMerge.Sum)
            : new BidirectionalLayer<double>(new NetGru(), new NetLstm());
        ISequenceLayer<double> second = merge == DirectionMerge.Sum ? new RecurrentLayer<double>(new NetRnnNarrow()) : new RecurrentLayer<double>(new NetRnn());
        var dense = new DenseLayer<double>(6, 4, output);
        var network = new SequenceNetwork<double>(first, second, dense);
        var random = new Random(4);
        for (int s = 0; s < network.SegmentCount; s++)
        {
            Span<double> p = network.Parameters(s);
            for (int i = 0; i < p.Length; i++)
            {
                p[i] = random.NextDouble() - 0.5;
            }
        }

        const int steps = 5;
        double[] inputs = Enumerable.Range(0, steps * 3).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] weights = Enumerable.Range(0, steps * 4).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double Loss()
        {
            double[] y = new double[steps * 4];
            network.Forward(inputs, y);
            return y.Zip(weights, (a, b) => a * b).Sum();
        }

        network.ClearGradients();
        network.Forward(inputs, new double[steps * 4]);
        double[] inputGradients = new double[inputs.Length];
        network.Backward(inputs, weights, inputGradients);

        for (int s = 0; s < network.SegmentCount; s++)
        {
            double[] analytic = network.Gradients(s).ToArray();
            double[] numeric = new double[analytic.Length];
            for (int i = 0; i < numeric.Length; i++)
            {
                double saved = network.Parameters(s)[i];
                network.Parameters(s)[i] = saved + 1e-6;
                double plus = Loss();
                network.Parameters(s)[i] = saved - 1e-6;
                double minus = Loss();
                network.Parameters(s)[i] = saved;
                numeric[i] = (plus - minus) / 2e-6;
            }

            AssertRelative(numeric, analytic, $"segment {s}");
        }

        double[] numericInputs = new double[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            double saved = inputs[i];
            inputs[i] = saved + 1e-6;
            double plus = Loss();
            inputs[i] = saved - 1e-6;
            double minus = Loss();
            inputs[i] = saved;
            numericInputs[i] = (plus - minus) / 2e-6;
        }

        AssertRelative(numericInputs, inputGradients, "inputs");
    }

    [Fact]
    public void Mismatched_layers_are_refused_with_both_sizes()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new SequenceNetwork<double>(new RecurrentLayer<double>(new NetGru()), new RecurrentLayer<double>(new NetGru())));
        Assert.Equal("layers", error.ParamName);
        Assert.Contains("layers[1] takes InputSize 3 values per step, but layers[0] gives OutputSize 4", error.Message);
    }

    [Fact]
    public void A_non_finite_gradient_is_reported_and_leaves_the_parameters_unchanged()
    {
        var layer = new RecurrentLayer<double>(new NetGru());
        var trainer = new Trainer<double>(layer, n => new Adam<double>(n, 0.1));
        layer.Parameters(0).Fill(0.1);
        layer.Forward(new double[6], new double[8]);
        layer.Backward(new double[6], new[] { 1.0, 0, 0, 0, double.NaN, 0, 0, 0 }, Span<double>.Empty);
        double[] before = layer.Parameters(0).ToArray();

        Assert.Equal(StepResult.NonFiniteGradient, trainer.Step());
        Assert.Equal(before, layer.Parameters(0).ToArray());
        Assert.All(layer.Gradients(0).ToArray(), g => Assert.Equal(0, g));

        layer.Backward(new double[6], new[] { double.PositiveInfinity, 0, 0, 0, 0, 0, 0, 0 }, Span<double>.Empty);
        trainer.ThrowOnNonFinite = true;
        Assert.Throws<ArithmeticException>(() => trainer.Step());
        Assert.Equal(before, layer.Parameters(0).ToArray());
    }

    [Fact]
    public void A_stateful_layer_fed_in_chunks_gives_the_outputs_of_one_whole_sequence()
    {
        var whole = new RecurrentLayer<double>(new NetLstm());
        var chunked = new RecurrentLayer<double>(new NetLstm()) { Stateful = true };
        var random = new Random(2);
        double[] parameters = Enumerable.Range(0, whole.Parameters(0).Length).Select(_ => random.NextDouble() - 0.5).ToArray();
        parameters.CopyTo(whole.Parameters(0));
        parameters.CopyTo(chunked.Parameters(0));
        double[] inputs = Enumerable.Range(0, 12 * 3).Select(_ => random.NextDouble()).ToArray();

        double[] expected = new double[12 * 5];
        whole.Forward(inputs, expected);
        double[] actual = new double[12 * 5];
        for (int chunk = 0; chunk < 3; chunk++)
        {
            chunked.Forward(inputs.AsSpan(chunk * 12, 12), actual.AsSpan(chunk * 20, 20));
        }

        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// Acceptance 5 of the training issue: a tagging task where each token's tag is the next token (the future), as in
    /// slot filling where the words after a place decide its slot. A bidirectional two-layer GRU network beats a
    /// one-directional single GRU layer with the same number of parameters (2,135 against 2,141) on held-out sequences.
    /// </summary>
    [Fact]
    public void A_bidirectional_two_layer_network_beats_a_one_directional_layer_of_the_same_size()
    {
        var bidirectional = new SequenceNetwork<float>(
            new BidirectionalLayer<float>(new TagGruFirst(), new TagGruFirstReverse()),
            new BidirectionalLayer<float>(new TagGruSecond(), new TagGruSecondReverse()),
            new DenseLayer<float>(16, Classes));
        var unidirectional = new SequenceNetwork<float>(new RecurrentLayer<float>(new TagGruWide()), new DenseLayer<float>(22, Classes));
        int bidirectionalCount = Enumerable.Range(0, bidirectional.SegmentCount).Sum(s => bidirectional.Parameters(s).Length);
        int unidirectionalCount = Enumerable.Range(0, unidirectional.SegmentCount).Sum(s => unidirectional.Parameters(s).Length);
        Assert.InRange(Math.Abs(bidirectionalCount - unidirectionalCount), 0, unidirectionalCount / 50);

        double bidirectionalAccuracy = TrainTagger(bidirectional);
        double unidirectionalAccuracy = TrainTagger(unidirectional);
        _output.WriteLine($"held-out token accuracy: bidirectional 2-layer {bidirectionalAccuracy:P1} ({bidirectionalCount} parameters), one-directional 1-layer {unidirectionalAccuracy:P1} ({unidirectionalCount})");

        Assert.True(bidirectionalAccuracy > 0.95, $"bidirectional reached {bidirectionalAccuracy:P1}");
        Assert.True(bidirectionalAccuracy > unidirectionalAccuracy + 0.3, $"bidirectional {bidirectionalAccuracy:P1} vs one-directional {unidirectionalAccuracy:P1}");
    }

    private const int Vocabulary = 6;
    private const int Classes = Vocabulary + 1;
    private const int Length = 10;

    /// <summary>One-hot tokens; the tag of token t is token t+1, and the last token's tag is the extra class.</summary>
    private static void Sequence(Random random, float[] inputs, int[] tags)
    {
        Array.Clear(inputs);
        int[] tokens = Enumerable.Range(0, Length).Select(_ => random.Next(Vocabulary)).ToArray();
        for (int t = 0; t < Length; t++)
        {
            inputs[t * Vocabulary + tokens[t]] = 1;
            tags[t] = t + 1 < Length ? tokens[t + 1] : Vocabulary;
        }
    }

    private static double TrainTagger(SequenceNetwork<float> network)
    {
        int seed = 0;
        for (int s = 0; s < network.SegmentCount; s++)
        {
            Span<float> p = network.Parameters(s);
            var random = new Random(++seed);
            double bound = 1 / Math.Sqrt(8);
            for (int i = 0; i < p.Length; i++)
            {
                p[i] = (float)((random.NextDouble() * 2 - 1) * bound);
            }
        }

        var trainer = new Trainer<float>(network, n => new Adam<float>(n, 0.02)) { ClipNorm = 5 };
        var data = new Random(17);
        float[] inputs = new float[Length * Vocabulary], logits = new float[Length * Classes], gradients = new float[Length * Classes];
        int[] tags = new int[Length];
        const int batch = 8;
        for (int iteration = 0; iteration < 250; iteration++)
        {
            for (int b = 0; b < batch; b++)
            {
                Sequence(data, inputs, tags);
                network.Forward(inputs, logits);
                Losses.SoftmaxCrossEntropy<float>(logits, Classes, tags, gradients);
                for (int i = 0; i < gradients.Length; i++)
                {
                    gradients[i] /= batch;
                }

                network.Backward(inputs, gradients, Span<float>.Empty);
            }

            Assert.Equal(StepResult.Updated, trainer.Step());
        }

        var heldOut = new Random(99);
        int correct = 0, total = 0;
        for (int n = 0; n < 200; n++)
        {
            Sequence(heldOut, inputs, tags);
            network.Forward(inputs, logits);
            for (int t = 0; t < Length; t++)
            {
                int predicted = 0;
                for (int k = 1; k < Classes; k++)
                {
                    predicted = logits[t * Classes + k] > logits[t * Classes + predicted] ? k : predicted;
                }

                correct += predicted == tags[t] ? 1 : 0;
                total++;
            }
        }

        return (double)correct / total;
    }

    private static void AssertRelative(double[] numeric, double[] analytic, string what)
    {
        double difference = Math.Sqrt(numeric.Zip(analytic, (a, b) => (a - b) * (a - b)).Sum());
        double size = Math.Sqrt(numeric.Sum(v => v * v) + analytic.Sum(v => v * v));
        Assert.True(size > 0 && difference / size <= 1e-6, $"{what}: relative error {difference / size:E2}");
    }
}
