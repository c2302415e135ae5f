using System;
using System.Linq;
using Xunit;

namespace CellGen.Tests.Training;

[GruCell(Input = 3, Hidden = 6, Output = 2)] public partial class ParallelGru { }

/// <summary>Minibatches of variable-length sequences, trained on several threads with thread-count-independent results.</summary>
public class DataParallelTests
{
    private static SequenceNetwork<float> Network()
    {
        var cell = new ParallelGru();
        Initializers.Glorot(cell, seed: 3);
        return new SequenceNetwork<float>(new RecurrentLayer<float>(cell));
    }

    private static SequenceBatch<float> Batch(int seed)
    {
        var random = new Random(seed);
        var batch = new SequenceBatch<float>(count: 11, maxLength: 9, inputSize: 3);
        for (int b = 0; b < batch.Count; b++)
        {
            batch.Lengths[b] = random.Next(1, 10);
        }

        batch.Lengths[4] = 0;
        for (int i = 0; i < batch.Inputs.Length; i++)
        {
            batch.Inputs[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return batch;
    }

    /// <summary>The loss: MSE of every output step against a fixed target pattern, averaged over the batch.</summary>
    private static float Loss(int sequence, ReadOnlySpan<float> outputs, Span<float> gradients)
    {
        float[] targets = Enumerable.Range(0, outputs.Length).Select(i => (float)Math.Sin(sequence + i)).ToArray();
        float loss = Losses.MeanSquaredError<float>(outputs, targets, gradients);
        for (int i = 0; i < gradients.Length; i++)
        {
            gradients[i] /= 11;
        }

        return loss / 11;
    }

    [Fact]
    public void Results_are_bit_identical_whatever_the_number_of_threads()
    {
        float[][] results = new[] { 1, 2, 3 }.Select(threads =>
        {
            var trainer = new DataParallelTrainer<float>(Network, n => new Adam<float>(n, 0.01), threads, chunkSize: 2);
            for (int step = 0; step < 4; step++)
            {
                Assert.Equal(StepResult.Updated, trainer.Step(Batch(step), Loss).Result);
            }

            return trainer.Model.Parameters(0).ToArray();
        }).ToArray();

        Assert.Equal(results[0], results[1]);
        Assert.Equal(results[0], results[2]);
    }

    [Fact]
    public void A_non_finite_loss_is_reported_and_leaves_the_parameters_unchanged()
    {
        var trainer = new DataParallelTrainer<float>(Network, n => new Adam<float>(n, 0.01), threads: 2);
        float[] before = trainer.Model.Parameters(0).ToArray();

        (float loss, StepResult result) = trainer.Step(Batch(3), (b, y, g) => b == 5 ? float.NaN : Loss(b, y, g));

        Assert.True(float.IsNaN(loss));
        Assert.Equal(StepResult.NonFiniteLoss, result);
        Assert.Equal(before, trainer.Model.Parameters(0).ToArray());
    }

    [Fact]
    public void A_padded_batch_gives_the_gradient_of_its_sequences_run_one_by_one()
    {
        SequenceBatch<float> batch = Batch(7);
        var trainer = new DataParallelTrainer<float>(Network, n => new Sgd<float>(n, 0), threads: 2, chunkSize: 3);
        double[] before = trainer.Model.Parameters(0).ToArray().Select(v => (double)v).ToArray();
        float batchLoss = trainer.Step(batch, Loss).Loss;

        // The same sequences, one at a time on a fresh network, unpadded.
        SequenceNetwork<float> single = Network();
        double loss = 0;
        for (int b = 0; b < batch.Count; b++)
        {
            int length = batch.Lengths[b];
            if (length == 0)
            {
                continue;
            }

            float[] outputs = new float[length * 2], gradients = new float[length * 2];
            single.Forward(batch.Sequence(b), outputs);
            loss += Loss(b, outputs, gradients);
            single.Backward(batch.Sequence(b), gradients, Span<float>.Empty);
        }

        Assert.Equal(loss, batchLoss, 5);
        Assert.Equal(before, trainer.Model.Parameters(0).ToArray().Select(v => (double)v).ToArray());
        float[] expected = single.Gradients(0).ToArray();

        // SGD with rate 0 leaves the parameters; recompute the reduced gradient by one more step on the same batch.
        var probe = new DataParallelTrainer<float>(Network, n => new Sgd<float>(n, 1), threads: 2, chunkSize: 3);
        float[] start = probe.Model.Parameters(0).ToArray();
        probe.Step(batch, Loss);
        float[] applied = start.Zip(probe.Model.Parameters(0).ToArray(), (a, b) => a - b).ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - applied[i]) <= 1e-6f * Math.Max(1, Math.Abs(expected[i])), $"gradient {i}: {applied[i]} vs {expected[i]}");
        }
    }
}
