using System;
using System.Runtime.Intrinsics;
using CellGen.Numerics;
using Xunit;

namespace CellGen.Tests.Runtime;

/// <summary>
/// The vectorized activations against Math.Tanh and 1/(1+Math.Exp(−x)) over a dense grid of [−30, 30] plus the
/// special values. Stated bounds (absolute error): double 4e−16 for tanh and sigmoid; float 3e−7.
/// </summary>
public class CellMathTests
{
    private static double[] Grid()
    {
        var values = new System.Collections.Generic.List<double> { 0, -0.0, 1e-300, -1e-300, 1e-8, -1e-8, 20, -20, 400, -400, 1e308, -1e308 };
        for (int i = -300_000; i <= 300_000; i += 7)
        {
            values.Add(i / 10_000.0);
        }

        return values.ToArray();
    }

    [Fact]
    public void Double_tanh_and_sigmoid_are_accurate_at_every_width()
    {
        double worstTanh = 0, worstSigmoid = 0;
        foreach (double x in Grid())
        {
            double tanh = Math.Tanh(x), sigmoid = 1 / (1 + Math.Exp(-x));
            foreach (double actual in new[] { CellMath.Tanh(Vector512.Create(x))[3], CellMath.Tanh(Vector256.Create(x))[1], CellMath.Tanh(Vector128.Create(x))[0], CellMath.Tanh(x) })
            {
                worstTanh = Math.Max(worstTanh, Math.Abs(actual - tanh));
            }

            foreach (double actual in new[] { CellMath.Sigmoid(Vector512.Create(x))[5], CellMath.Sigmoid(Vector256.Create(x))[2], CellMath.Sigmoid(Vector128.Create(x))[1], CellMath.Sigmoid(x) })
            {
                worstSigmoid = Math.Max(worstSigmoid, Math.Abs(actual - sigmoid));
            }
        }

        Assert.True(worstTanh <= 4e-16, $"tanh max abs error {worstTanh:E3}");
        Assert.True(worstSigmoid <= 4e-16, $"sigmoid max abs error {worstSigmoid:E3}");
    }

    [Fact]
    public void Float_tanh_and_sigmoid_are_accurate_at_every_width()
    {
        double worstTanh = 0, worstSigmoid = 0;
        foreach (double wide in Grid())
        {
            float x = (float)wide;
            double tanh = Math.Tanh(x), sigmoid = 1 / (1 + Math.Exp(-(double)x));
            foreach (float actual in new[] { CellMath.Tanh(Vector512.Create(x))[7], CellMath.Tanh(Vector256.Create(x))[3], CellMath.Tanh(Vector128.Create(x))[1], CellMath.Tanh(x) })
            {
                worstTanh = Math.Max(worstTanh, Math.Abs(actual - tanh));
            }

            foreach (float actual in new[] { CellMath.Sigmoid(Vector512.Create(x))[9], CellMath.Sigmoid(Vector256.Create(x))[4], CellMath.Sigmoid(Vector128.Create(x))[2], CellMath.Sigmoid(x) })
            {
                worstSigmoid = Math.Max(worstSigmoid, Math.Abs(actual - sigmoid));
            }
        }

        Assert.True(worstTanh <= 3e-7, $"tanh max abs error {worstTanh:E3}");
        Assert.True(worstSigmoid <= 3e-7, $"sigmoid max abs error {worstSigmoid:E3}");
    }

    [Theory]
    [InlineData(-3.0)]
    [InlineData(-2.5)]
    [InlineData(-0.7)]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(2.5)]
    [InlineData(9.0)]
    public void Piecewise_activations_agree_with_their_definitions(double x)
    {
        double hardSigmoid = Math.Max(0, Math.Min(1, 0.2 * x + 0.5));
        Assert.Equal(hardSigmoid, CellMath.HardSigmoid(Vector256.Create(x))[0], 15);
        Assert.Equal(hardSigmoid, CellMath.HardSigmoid(x), 15);
        Assert.Equal(x / (1 + Math.Abs(x)), CellMath.Softsign(Vector512.Create(x))[0], 15);
        Assert.Equal(Math.Max(0, x), CellMath.Relu(Vector128.Create(x))[1]);
        Assert.Equal((float)Math.Max(0, x), CellMath.Relu(Vector512.Create((float)x))[15]);
    }

    [Fact]
    public void Nan_propagates_through_tanh_and_sigmoid()
    {
        Assert.True(double.IsNaN(CellMath.Tanh(Vector256.Create(double.NaN))[0]));
        Assert.True(float.IsNaN(CellMath.Sigmoid(Vector512.Create(float.NaN))[0]));
    }
}
