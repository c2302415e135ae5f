using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using CellGen;

namespace SlotFilling;

/// <summary>One direction of the tagger: an LSTM reading one word vector per step.</summary>
[LstmCell(Input = Features.Size, Hidden = Tagger.Hidden)]
public partial class WordReader { }

/// <summary>How much to train, and where to write the plot.</summary>
/// <param name="TrainingRequests">Requests to train on.</param>
/// <param name="HeldOutRequests">Requests to measure on, made with another seed and ten cities never trained on.</param>
/// <param name="Epochs">Passes over the training requests.</param>
/// <param name="PlotPath">Where to write the PNG of the training curves.</param>
public sealed record Options(int TrainingRequests, int HeldOutRequests, int Epochs, string PlotPath)
{
    /// <summary>What <c>dotnet run</c> does: well under two minutes on two cores.</summary>
    public static Options Full(string plotPath) => new(3000, 1000, 5, plotPath);

    /// <summary>What the sample's test runs: a few seconds.</summary>
    public static Options Quick(string plotPath) => new(1000, 300, 2, plotPath);
}

/// <summary>A point of a learning curve: after this many epochs, the recent training loss and the held-out accuracy.</summary>
public sealed record CurvePoint(double Epochs, double TrainingLoss, double HeldOutAccuracy);

/// <summary>What training gave: the curves, the held-out accuracies, and the notes' two sentences tagged.</summary>
/// <param name="Recurrent">The bidirectional LSTM's learning curve.</param>
/// <param name="WordByWord">The curve of a feed-forward tagger of the same input that sees one word at a time.</param>
/// <param name="HeldOutAccuracy">The bidirectional LSTM's token accuracy on all held-out requests.</param>
/// <param name="UnseenCityAccuracy">Its accuracy on the words of the cities it never saw in training.</param>
/// <param name="WordByWordAccuracy">The feed-forward tagger's token accuracy on all held-out requests.</param>
/// <param name="Arrive">"i would like to arrive Taipei on November 2nd", tagged.</param>
/// <param name="Leave">"leave Taipei on November 2nd", tagged.</param>
/// <param name="PlotPath">The PNG of the curves.</param>
/// <param name="Elapsed">Wall time of everything.</param>
public sealed record Result(
    IReadOnlyList<CurvePoint> Recurrent, IReadOnlyList<CurvePoint> WordByWord, double HeldOutAccuracy, double UnseenCityAccuracy,
    double WordByWordAccuracy, (string Word, Slot Slot)[] Arrive, (string Word, Slot Slot)[] Leave, string PlotPath, TimeSpan Elapsed);

/// <summary>
/// The slot-filling tagger of the lecture notes: word vectors in, a softmax over the five slots for every word out;
/// trained with Adam and gradient clipping on requests from <see cref="Grammar"/>. The real one is a bidirectional
/// LSTM; the notes' strawman, a feed-forward network that sees one word at a time, is trained alongside to show why
/// memory is needed.
/// </summary>
public sealed class Tagger
{
    public const int Hidden = 24;
    public const int Slots = 5;
    private const int BatchSize = 16;
    private const int CurvePointsPerEpoch = 8;

    private readonly SequenceNetwork<float> _network;
    private readonly Features _features;

    private Tagger(Features features, SequenceNetwork<float> network)
    {
        _features = features;
        _network = network;
    }

    private static Tagger Bidirectional(Features features)
    {
        var forward = new WordReader();
        var reverse = new WordReader();
        Initializers.Glorot(forward, seed: 1);
        Initializers.Glorot(reverse, seed: 2);
        var output = new DenseLayer<float>(2 * Hidden, Slots);
        output.Initialize(seed: 3);
        return new Tagger(features, new SequenceNetwork<float>(new BidirectionalLayer<float>(forward, reverse), output));
    }

    private static Tagger WordByWordTagger(Features features)
    {
        var hidden = new DenseLayer<float>(Features.Size, 2 * Hidden, Activation.Tanh);
        hidden.Initialize(seed: 4);
        var output = new DenseLayer<float>(2 * Hidden, Slots);
        output.Initialize(seed: 5);
        return new Tagger(features, new SequenceNetwork<float>(hidden, output));
    }

    /// <summary>
    /// Trains both taggers; <paramref name="progress"/> hears, after each minibatch of the bidirectional LSTM, the
    /// fraction of its training done, the recent loss and the last held-out accuracy measured.
    /// </summary>
    public static Result Train(Options options, Action<double, double, double>? progress = null)
    {
        var stopwatch = Stopwatch.StartNew();
        var trainingGrammar = new Grammar(seed: 1, Grammar.TrainingCities);
        Request[] training = Enumerable.Range(0, options.TrainingRequests).Select(_ => trainingGrammar.Next()).ToArray();
        var heldOutGrammar = new Grammar(seed: 2, Grammar.TrainingCities.Concat(Grammar.UnseenCities).ToArray());
        Request[] heldOut = Enumerable.Range(0, options.HeldOutRequests).Select(_ => heldOutGrammar.Next()).ToArray();
        Features features = Features.FromTraining(training);

        Tagger tagger = Bidirectional(features);
        IReadOnlyList<CurvePoint> curve = tagger.Fit(training, heldOut, options.Epochs, progress);
        Tagger wordByWord = WordByWordTagger(features);
        IReadOnlyList<CurvePoint> wordByWordCurve = wordByWord.Fit(training, heldOut, options.Epochs, null);

        var unseen = new HashSet<string>(Grammar.UnseenCities.SelectMany(c => c.Split(' ')));
        var result = new Result(
            curve, wordByWordCurve, tagger.Accuracy(heldOut, _ => true), tagger.Accuracy(heldOut, unseen.Contains),
            wordByWord.Accuracy(heldOut, _ => true), tagger.Tag("i would like to arrive Taipei on November 2nd"),
            tagger.Tag("leave Taipei on November 2nd"), options.PlotPath, TimeSpan.Zero);
        TrainingPlot.Save(options.PlotPath, curve, wordByWordCurve);
        return result with { Elapsed = stopwatch.Elapsed };
    }

    /// <summary>The slot of every word of a sentence.</summary>
    public (string Word, Slot Slot)[] Tag(string sentence)
    {
        string[] words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Slot[] slots = Predict(_features.Encode(new Request(words, new Slot[words.Length])), words.Length);
        return words.Zip(slots).ToArray();
    }

    /// <summary>Minibatches of shuffled requests, Adam with global-norm clipping; a curve point every eighth of an epoch.</summary>
    private IReadOnlyList<CurvePoint> Fit(Request[] training, Request[] heldOut, int epochs, Action<double, double, double>? progress)
    {
        var trainer = new Trainer<float>(_network, n => new Adam<float>(n, learningRate: 0.005)) { ClipNorm = 1 };
        float[][] inputs = training.Select(_features.Encode).ToArray();
        Request[] probe = heldOut.Take(200).ToArray();
        var curve = new List<CurvePoint> { new(0, double.NaN, Accuracy(probe, _ => true)) };
        var order = new Random(3);
        int[] shuffled = Enumerable.Range(0, training.Length).ToArray();
        int batches = (training.Length + BatchSize - 1) / BatchSize;
        int every = Math.Max(1, batches / CurvePointsPerEpoch);
        double recent = double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            order.Shuffle(shuffled);
            for (int batch = 0; batch < batches; batch++)
            {
                int start = batch * BatchSize, count = Math.Min(BatchSize, shuffled.Length - start);
                double loss = 0;
                int words = 0;
                for (int b = start; b < start + count; b++)
                {
                    loss += Accumulate(inputs[shuffled[b]], training[shuffled[b]].Slots, count);
                    words += training[shuffled[b]].Words.Length;
                }

                trainer.Step();
                recent = double.IsNaN(recent) ? loss / words : (0.9 * recent) + (0.1 * loss / words);
                double done = epoch + ((batch + 1.0) / batches);
                if ((batch + 1) % every == 0 || batch == batches - 1)
                {
                    curve.Add(new CurvePoint(done, recent, Accuracy(probe, _ => true)));
                }

                progress?.Invoke(done / epochs, recent, curve[^1].HeldOutAccuracy);
            }
        }

        return curve;
    }
    /// <summary>Forward, softmax cross-entropy, backward: adds this request's gradients (averaged over the batch); returns its summed loss.</summary>
    private double Accumulate(float[] inputs, Slot[] slots, int batch)
    {
        int steps = slots.Length;
        float[] logits = new float[steps * Slots], gradients = new float[steps * Slots];
        int[] targets = slots.Select(s => (int)s).ToArray();
        _network.Forward(inputs, logits);
        double loss = Losses.SoftmaxCrossEntropy<float>(logits, Slots, targets, gradients);
        for (int i = 0; i < gradients.Length; i++)
        {
            gradients[i] /= batch;
        }

        _network.Backward(inputs, gradients, Span<float>.Empty);
        return loss;
    }

    private Slot[] Predict(float[] inputs, int steps)
    {
        float[] logits = new float[steps * Slots];
        _network.Forward(inputs, logits);
        var slots = new Slot[steps];
        for (int t = 0; t < steps; t++)
        {
            int best = 0;
            for (int k = 1; k < Slots; k++)
            {
                best = logits[t * Slots + k] > logits[t * Slots + best] ? k : best;
            }

            slots[t] = (Slot)best;
        }

        return slots;
    }

    /// <summary>The fraction of the words <paramref name="counted"/> selects that get their slot right.</summary>
    private double Accuracy(Request[] requests, Func<string, bool> counted)
    {
        int correct = 0, total = 0;
        foreach (Request request in requests)
        {
            Slot[] predicted = Predict(_features.Encode(request), request.Words.Length);
            for (int t = 0; t < predicted.Length; t++)
            {
                if (counted(request.Words[t]))
                {
                    correct += predicted[t] == request.Slots[t] ? 1 : 0;
                    total++;
                }
            }
        }

        return total == 0 ? double.NaN : (double)correct / total;
    }
}
