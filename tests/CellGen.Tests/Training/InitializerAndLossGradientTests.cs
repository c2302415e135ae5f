using System;
using System.Linq;
using CellGen.Tests.Numerics.Reference;
using Xunit;

namespace CellGen.Tests.Training;

/// <summary>Initializers, and finite-difference checks of both losses' gradients.</summary>
public class InitializerAndLossGradientTests
{
    [Fact]
    public void Glorot_gives_orthogonal_recurrent_blocks_bounded_input_blocks_and_forget_bias_one()
    {
        var cell = new LstmI7H33D();
        Initializers.Glorot(cell, seed: 12);

        foreach (ParameterBlock block in cell.ParameterLayout)
        {
            double[] values = cell.Parameters.Slice(block.Offset, block.Length).ToArray();
            if (block.PyTorchName == "weight_hh")
            {
                // U is 33 × 33: orthogonal means UᵀU = I.
                for (int a = 0; a < block.Rows; a++)
                {
                    for (int b = 0; b < block.Rows; b++)
                    {
                        double dot = Enumerable.Range(0, block.Columns).Sum(j => cell.Parameters[block.Index(a, j)] * cell.Parameters[block.Index(b, j)]);
                        Assert.Equal(a == b ? 1 : 0, dot, 12);
                    }
                }
            }
            else if (block.PyTorchName == "weight_ih")
            {
                double bound = Math.Sqrt(6.0 / (block.Rows + block.Columns));
                Assert.All(values, v => Assert.InRange(v, -bound, bound));
                Assert.True(values.Max() > bound * 0.8 && values.Min() < -bound * 0.8, "draws should fill the range");
            }
            else
            {
                Assert.All(values, v => Assert.Equal(block.Name == "ForgetGateInputBias" ? 1 : 0, v));
            }
        }
    }

    [Fact]
    public void Initializers_are_deterministic_per_seed()
    {
        var a = new GruI7H33F();
        var b = new GruI7H33F();
        var c = new GruI7H33F();
        Initializers.PyTorchUniform(a, 5);
        Initializers.PyTorchUniform(b, 5);
        Initializers.PyTorchUniform(c, 6);

        Assert.Equal(a.Parameters.ToArray(), b.Parameters.ToArray());
        Assert.NotEqual(a.Parameters.ToArray(), c.Parameters.ToArray());
        float bound = 1 / MathF.Sqrt(33);
        Assert.All(a.Parameters.ToArray(), v => Assert.InRange(v, -bound, bound));
    }

    [Fact]
    public void Orthogonal_handles_wide_and_tall_matrices()
    {
        double[] wide = new double[3 * 7], tall = new double[7 * 3];
        Initializers.Orthogonal<double>(wide, 3, 7, new Random(1));
        Initializers.Orthogonal<double>(tall, 7, 3, new Random(1));
        for (int a = 0; a < 3; a++)
        {
            for (int b = 0; b < 3; b++)
            {
                Assert.Equal(a == b ? 1 : 0, Enumerable.Range(0, 7).Sum(j => wide[a * 7 + j] * wide[b * 7 + j]), 12);
                Assert.Equal(a == b ? 1 : 0, Enumerable.Range(0, 7).Sum(i => tall[i * 3 + a] * tall[i * 3 + b]), 12);
            }
        }
    }

    [Fact]
    public void Mean_squared_error_gradient_matches_finite_differences()
    {
        var random = new Random(1);
        double[] y = Enumerable.Range(0, 9).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        double[] target = Enumerable.Range(0, 9).Select(_ => random.NextDouble()).ToArray();
        double[] gradient = new double[9];
        Losses.MeanSquaredError<double>(y, target, gradient);
        CheckAgainstDifferences(y, gradient, v => Losses.MeanSquaredError<double>(v, target, new double[9]));
    }

    [Fact]
    public void Cross_entropy_gradients_match_finite_differences_with_padding()
    {
        var random = new Random(2);
        double[] logits = Enumerable.Range(0, 12).Select(_ => random.NextDouble() * 6 - 3).ToArray();
        int[] targets = { 1, -1, 2, 0 };
        double[] gradient = new double[12];
        Losses.SoftmaxCrossEntropy<double>(logits, 3, targets, gradient);
        CheckAgainstDifferences(logits, gradient, v => Losses.SoftmaxCrossEntropy<double>(v, 3, targets, new double[12]));

        double[] probabilities = Enumerable.Range(0, 12).Select(_ => 0.05 + random.NextDouble()).ToArray();
        Losses.CrossEntropy<double>(probabilities, 3, targets, gradient);
        CheckAgainstDifferences(probabilities, gradient, v => Losses.CrossEntropy<double>(v, 3, targets, new double[12]));
    }

    private static void CheckAgainstDifferences(double[] at, double[] analytic, Func<double[], double> loss)
    {
        for (int i = 0; i < at.Length; i++)
        {
            double saved = at[i];
            at[i] = saved + 1e-6;
            double plus = loss(at);
            at[i] = saved - 1e-6;
            double minus = loss(at);
            at[i] = saved;
            double numeric = (plus - minus) / 2e-6;
            Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"[{i}] numeric {numeric} analytic {analytic[i]}");
        }
    }
}
