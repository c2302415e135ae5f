using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace CellGen.Tests.Training;

/// <summary>
/// Optimizers and losses against PyTorch in float64 (ReferenceData/training, made by
/// tools/reference/make_training_vectors.py): five steps of each optimizer on the same gradients, and each loss with
/// its autograd gradient. Tolerance 1e−12: only the rounding of the update formulas may differ.
/// </summary>
public class OptimizerReferenceTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<string> Optimizers => new()
    {
        "sgd_plain", "sgd_momentum", "sgd_nesterov", "rmsprop_plain", "rmsprop_momentum", "adagrad_decay", "adam_decay", "adamw_decay",
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Five_steps_match_torch_optim(string name)
    {
        using JsonDocument document = Load(name);
        JsonElement root = document.RootElement;
        JsonElement o = root.GetProperty("options");
        double Option(string key, double fallback) => o.TryGetProperty(key, out JsonElement value) ? value.GetDouble() : fallback;
        double[] parameters = Numbers(root.GetProperty("initial"));
        double lr = Option("lr", 0);

        Optimizer<double> optimizer = root.GetProperty("optimizer").GetString() switch
        {
            "sgd" => new Sgd<double>(parameters.Length, lr, Option("momentum", 0), Option("dampening", 0), o.TryGetProperty("nesterov", out _), Option("weight_decay", 0)),
            "rmsprop" => new RmsProp<double>(parameters.Length, lr, Option("alpha", 0.99), Option("eps", 1e-8), Option("momentum", 0), Option("weight_decay", 0)),
            "adagrad" => new Adagrad<double>(parameters.Length, lr, Option("lr_decay", 0), Option("weight_decay", 0), Option("initial_accumulator_value", 0), Option("eps", 1e-10)),
            "adam" => new Adam<double>(parameters.Length, lr, Option("beta1", 0.9), Option("beta2", 0.999), Option("eps", 1e-8), Option("weight_decay", 0)),
            "adamw" => new AdamW<double>(parameters.Length, lr, Option("beta1", 0.9), Option("beta2", 0.999), Option("eps", 1e-8), Option("weight_decay", 0.01)),
            var other => throw new InvalidOperationException("unknown optimizer " + other),
        };

        double[][] gradients = root.GetProperty("gradients").EnumerateArray().Select(Numbers).ToArray();
        double[][] expected = root.GetProperty("parameters").EnumerateArray().Select(Numbers).ToArray();
        for (int step = 0; step < gradients.Length; step++)
        {
            optimizer.Step(parameters, gradients[step]);
            for (int i = 0; i < parameters.Length; i++)
            {
                Assert.True(Math.Abs(parameters[i] - expected[step][i]) <= Tolerance * Math.Max(1, Math.Abs(expected[step][i])),
                    $"{name} step {step + 1} parameter {i}: {parameters[i]:R} vs {expected[step][i]:R}");
            }
        }
    }

    /// <summary>
    /// Adam updates a vector at a time, then the tail one by one. Each parameter must come out bit for bit as it does
    /// on its own (one parameter takes the scalar loop), with and without weight decay, coupled and decoupled.
    /// </summary>
    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.05, false)]
    [InlineData(0.05, true)]
    public void Adam_vector_update_equals_the_scalar_one(double weightDecay, bool decoupled)
    {
        const int count = 37;
        var random = new Random(4);
        float[] parameters = Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] single = (float[])parameters.Clone(), initial = (float[])parameters.Clone();
        Adam<float> Create(int n) => decoupled ? new AdamW<float>(n, 0.01, weightDecay: weightDecay) : new Adam<float>(n, 0.01, weightDecay: weightDecay);
        Adam<float> whole = Create(count);
        Adam<float>[] each = Enumerable.Range(0, count).Select(_ => Create(1)).ToArray();
        for (int step = 0; step < 4; step++)
        {
            float[] gradients = Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            whole.Step(parameters, gradients);
            for (int i = 0; i < count; i++)
            {
                each[i].Step(single.AsSpan(i, 1), gradients.AsSpan(i, 1));
            }
        }

        Assert.Equal(single, parameters);
        Assert.NotEqual(initial, parameters);
    }

    /// <summary>MSE computes its gradients a vector at a time, then the tail: each exactly 2 (y − target) / n.</summary>
    [Fact]
    public void Mean_squared_error_gradients_are_exact_in_the_vector_loop_and_the_tail()
    {
        const int count = 37;
        var random = new Random(6);
        float[] outputs = Enumerable.Range(0, count).Select(_ => (float)random.NextDouble()).ToArray();
        float[] targets = Enumerable.Range(0, count).Select(_ => (float)random.NextDouble()).ToArray();
        var gradients = new float[count];
        float loss = Losses.MeanSquaredError<float>(outputs, targets, gradients);

        double expectedLoss = 0;
        for (int i = 0; i < count; i++)
        {
            float difference = outputs[i] - targets[i];
            Assert.Equal(2f * difference / count, gradients[i]);
            expectedLoss += (double)difference * difference;
        }

        Assert.Equal(expectedLoss / count, loss, 1e-6);
    }

    [Fact]
    public void Mean_squared_error_matches_MSELoss()
    {
        using JsonDocument document = Load("loss_mse");
        JsonElement root = document.RootElement;
        double[] outputs = Numbers(root.GetProperty("outputs"));
        double[] gradients = new double[outputs.Length];

        double loss = Losses.MeanSquaredError<double>(outputs, Numbers(root.GetProperty("targets")), gradients);

        Assert.Equal(root.GetProperty("loss").GetDouble(), loss, 14);
        AssertAll(Numbers(root.GetProperty("gradients")), gradients);
    }

    [Fact]
    public void Softmax_cross_entropy_with_padding_matches_CrossEntropyLoss()
    {
        using JsonDocument document = Load("loss_cross_entropy");
        JsonElement root = document.RootElement;
        double[] logits = Numbers(root.GetProperty("logits"));
        int classes = root.GetProperty("classes").GetInt32();
        int[] targets = root.GetProperty("targets").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        double[] gradients = new double[logits.Length];

        double loss = Losses.SoftmaxCrossEntropy<double>(logits, classes, targets, gradients);

        Assert.Equal(root.GetProperty("loss").GetDouble(), loss, 14);
        AssertAll(Numbers(root.GetProperty("gradients")), gradients);
    }

    [Fact]
    public void Cross_entropy_on_probabilities_gives_the_logit_gradient_through_a_softmax()
    {
        double[] logits = { 0.3, -1.2, 2.0, 0.1, 0.5, -0.5 };
        int[] targets = { 2, -1 };
        double[] probabilities = new double[6];
        for (int t = 0; t < 2; t++)
        {
            double sum = Enumerable.Range(0, 3).Sum(k => Math.Exp(logits[t * 3 + k]));
            for (int k = 0; k < 3; k++)
            {
                probabilities[t * 3 + k] = Math.Exp(logits[t * 3 + k]) / sum;
            }
        }

        double[] logitGradients = new double[6], probabilityGradients = new double[6];
        double fused = Losses.SoftmaxCrossEntropy<double>(logits, 3, targets, logitGradients);
        double separate = Losses.CrossEntropy<double>(probabilities, 3, targets, probabilityGradients);

        Assert.Equal(fused, separate, 14);

        // Through the softmax Jacobian, dL/dz_k = p_k (dL/dp_k − Σ_j p_j dL/dp_j) must equal the fused gradient.
        double weighted = Enumerable.Range(0, 3).Sum(k => probabilities[k] * probabilityGradients[k]);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(logitGradients[k], probabilities[k] * (probabilityGradients[k] - weighted), 14);
        }

        Assert.All(logitGradients.Skip(3), g => Assert.Equal(0, g));
    }

    [Fact]
    public void Losses_reject_mismatched_shapes_and_unknown_classes()
    {
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError<double>(new double[3], new double[2], new double[3])).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropy<float>(new float[6], 3, new[] { 1 }, new float[6])).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.SoftmaxCrossEntropy<float>(new float[6], 3, new[] { 1, 3 }, new float[6])).ParamName);
    }

    [Fact]
    public void Clipping_by_global_norm_and_by_value_match_torch_utils()
    {
        double[] g = { 3, 4, 0 };
        double norm = GradientClipping.ByGlobalNorm<double>(g, 1.0);
        Assert.Equal(5, norm);
        Assert.Equal(3 / (5 + 1e-6), g[0], 15);
        Assert.Equal(4 / (5 + 1e-6), g[1], 15);

        double[] small = { 0.1, -0.2 };
        GradientClipping.ByGlobalNorm<double>(small, 1.0);
        Assert.Equal(new[] { 0.1, -0.2 }, small);

        float[] values = { 3, -0.5f, -7 };
        GradientClipping.ByValue<float>(values, 1);
        Assert.Equal(new float[] { 1, -0.5f, -1 }, values);
    }

    [Fact]
    public void The_schedule_sets_each_steps_learning_rate_and_the_optimizer_checks_lengths()
    {
        var sgd = new Sgd<double>(2, learningRate: 1) { Schedule = (step, rate) => rate / step };
        double[] p = { 0, 0 };
        sgd.Step(p, new[] { 1.0, 2.0 });
        sgd.Step(p, new[] { 1.0, 2.0 });
        Assert.Equal(new[] { -1.5, -3.0 }, p);
        Assert.Equal(2, sgd.StepCount);

        var error = Assert.Throws<ArgumentException>(() => sgd.Step(p, new double[3]));
        Assert.Equal("gradients", error.ParamName);
        Assert.Equal(new[] { -1.5, -3.0 }, p);
    }

    private static JsonDocument Load(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ReferenceData", "training", name + ".json")));

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static void AssertAll(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-14, $"[{i}] {actual[i]:R} vs {expected[i]:R}");
        }
    }
}
