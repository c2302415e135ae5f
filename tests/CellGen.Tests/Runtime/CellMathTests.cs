using System;
using System.Runtime.Intrinsics;
using CellGen.Numerics;
using Xunit;

namespace CellGen.Tests.Runtime;

/// <summary>
/// The vectorized activations against Math.Tanh and 1/(1+Math.Exp(−x)) over a dense grid of [−30, 30] plus the
/// special values. Stated bounds (absolute error): double 4e−16 for tanh and sigmoid; float 3e−7. CellGen's float
/// exponential and the float vector tanh and sigmoid built on it are also checked in units in the last place, sampling
/// every 499th (exp) or 251st (tanh, sigmoid) float of their range.
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

    [Fact]
    public void Float_exp_is_within_one_ulp_over_its_range()
    {
        double worst = 0;
        for (uint bits = 0; bits < 0x7F80_0000u; bits += 499)
        {
            foreach (uint sign in new[] { 0u, 0x8000_0000u })
            {
                float x = BitConverter.UInt32BitsToSingle(bits | sign);
                if (x < -87.33654f || x > 88.37626f)
                {
                    continue;
                }

                double expected = Math.Exp(x);
                worst = Math.Max(worst, Ulps(CellMath.Exp(Vector512.Create(x))[3], expected));
                worst = Math.Max(worst, Ulps(CellMath.Exp(Vector256.Create(x))[5], expected));
                worst = Math.Max(worst, Ulps(CellMath.Exp(Vector128.Create(x))[2], expected));
            }
        }

        Assert.True(worst <= 1.0, $"exp max error {worst:F3} ulp");
    }

    [Fact]
    public void Float_exp_handles_the_ends_of_its_range()
    {
        foreach (float x in new[] { 89f, 100f, float.MaxValue, float.PositiveInfinity })
        {
            Assert.Equal(float.PositiveInfinity, CellMath.Exp(Vector256.Create(x))[0]);
        }

        foreach (float x in new[] { -88f, -104f, float.MinValue, float.NegativeInfinity })
        {
            Assert.Equal(0f, CellMath.Exp(Vector512.Create(x))[0]);
        }

        Assert.True(float.IsNaN(CellMath.Exp(Vector128.Create(float.NaN))[0]));
        Assert.Equal(1f, CellMath.Exp(Vector512.Create(0f))[0]);
    }

    [Fact]
    public void Float_vector_tanh_and_sigmoid_are_within_a_few_ulp()
    {
        double worstTanh = 0, worstTanhAbsolute = 0, worstSigmoid = 0, worstSigmoidAbsolute = 0;
        for (uint bits = 0; bits < 0x41A0_0000u; bits += 251)
        {
            foreach (uint sign in new[] { 0u, 0x8000_0000u })
            {
                float x = BitConverter.UInt32BitsToSingle(bits | sign);
                double tanh = Math.Tanh(x), sigmoid = 1 / (1 + Math.Exp(-(double)x));
                foreach (float actual in new[] { CellMath.Tanh(Vector512.Create(x))[1], CellMath.Tanh(Vector256.Create(x))[6], CellMath.Tanh(Vector128.Create(x))[3] })
                {
                    worstTanh = Math.Max(worstTanh, Ulps(actual, tanh));
                    worstTanhAbsolute = Math.Max(worstTanhAbsolute, Math.Abs(actual - tanh));
                }

                foreach (float actual in new[] { CellMath.Sigmoid(Vector512.Create(x))[11], CellMath.Sigmoid(Vector256.Create(x))[0], CellMath.Sigmoid(Vector128.Create(x))[2] })
                {
                    worstSigmoid = Math.Max(worstSigmoid, Ulps(actual, sigmoid));
                    worstSigmoidAbsolute = Math.Max(worstSigmoidAbsolute, Math.Abs(actual - sigmoid));
                }
            }
        }

        Assert.True(worstTanh <= 2 && worstTanhAbsolute <= 1.2e-7, $"tanh max error {worstTanh:F3} ulp, {worstTanhAbsolute:E3} absolute");
        Assert.True(worstSigmoid <= 2.5 && worstSigmoidAbsolute <= 1e-7, $"sigmoid max error {worstSigmoid:F3} ulp, {worstSigmoidAbsolute:E3} absolute");
    }

    /// <summary>
    /// The double vector tanh and sigmoid in units in the last place of Math.Tanh and 1/(1 + Math.Exp(−x)), at every
    /// 2⁴⁰th double of [2⁻³⁰, 40] and its negative, and the ends of the range. The references are not exact either: at
    /// the worst points of a denser sample (every 2³⁶th double), tanh(0.058493614196777344) is 3.0 ulp from Math.Tanh, of
    /// which 1.5 are Math.Tanh's own error and 1.4 CellMath's (against the value to 60 digits), and sigmoid(−36.7890625)
    /// 4.0 ulp from the reference, 2.5 of them the reference's and 1.6 CellMath's.
    /// </summary>
    [Fact]
    public void Double_vector_tanh_and_sigmoid_are_within_a_few_ulp()
    {
        double worstTanh = 0, worstSigmoid = 0;
        long first = BitConverter.DoubleToInt64Bits(Math.ScaleB(1, -30)), last = BitConverter.DoubleToInt64Bits(40);
        for (long bits = first; bits <= last; bits += 1L << 40)
        {
            foreach (double x in new[] { BitConverter.Int64BitsToDouble(bits), -BitConverter.Int64BitsToDouble(bits) })
            {
                double tanh = Math.Tanh(x), sigmoid = 1 / (1 + Math.Exp(-x));
                foreach (double actual in new[] { CellMath.Tanh(Vector512.Create(x))[2], CellMath.Tanh(Vector256.Create(x))[3], CellMath.Tanh(Vector128.Create(x))[0] })
                {
                    worstTanh = Math.Max(worstTanh, Ulps(actual, tanh));
                }

                foreach (double actual in new[] { CellMath.Sigmoid(Vector512.Create(x))[7], CellMath.Sigmoid(Vector256.Create(x))[1], CellMath.Sigmoid(Vector128.Create(x))[1] })
                {
                    worstSigmoid = Math.Max(worstSigmoid, Ulps(actual, sigmoid));
                }
            }
        }

        Assert.True(worstTanh <= 3, $"tanh max error {worstTanh:F3} ulp");
        Assert.True(worstSigmoid <= 4, $"sigmoid max error {worstSigmoid:F3} ulp");
        Assert.Equal(1d, CellMath.Tanh(Vector512.Create(800d))[0]);
        Assert.Equal(-1d, CellMath.Tanh(Vector256.Create(double.NegativeInfinity))[0]);
        Assert.Equal(1d, CellMath.Sigmoid(Vector128.Create(double.PositiveInfinity))[0]);
        Assert.True(CellMath.Sigmoid(Vector512.Create(double.NegativeInfinity))[0] < 1e-300);
        Assert.True(double.IsNegative(CellMath.Tanh(Vector512.Create(-0d))[0]));
        Assert.True(double.IsNaN(CellMath.Tanh(Vector256.Create(double.NaN))[0]) && double.IsNaN(CellMath.Sigmoid(Vector512.Create(double.NaN))[0]));
    }

    /// <summary>|actual − expected| in units of the double spacing at expected.</summary>
    private static double Ulps(double actual, double expected)
    {
        double spacing = Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
        return Math.Abs(actual - expected) / spacing;
    }

    /// <summary>|actual − expected| in units of the float spacing at expected.</summary>
    private static double Ulps(float actual, double expected)
    {
        float nearest = (float)expected;
        double spacing = Math.Abs((double)MathF.BitIncrement(Math.Abs(nearest)) - Math.Abs(nearest));
        return Math.Abs(actual - expected) / spacing;
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

    /// <summary>
    /// Four levels of PairSums over sixteen float vectors (three over eight doubles) give each vector's lane sum bit
    /// for bit as Vector512.Sum adds it, on values of wildly different magnitudes where any other order would differ.
    /// </summary>
    [Fact]
    public void Pair_sums_reproduce_Vector512_Sum_exactly()
    {
        var random = new Random(9);
        float NextFloat() => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 7)));
        double NextDouble() => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-12, 13));
        for (int round = 0; round < 200; round++)
        {
            var floats = new Vector512<float>[16];
            for (int v = 0; v < floats.Length; v++)
            {
                floats[v] = Vector512.Create(NextFloat(), NextFloat(), NextFloat(), NextFloat(), NextFloat(), NextFloat(), NextFloat(), NextFloat(),
                    NextFloat(), NextFloat(), NextFloat(), NextFloat(), NextFloat(), NextFloat(), NextFloat(), NextFloat());
            }

            // 16 vectors, or 4 and 8 whose last vector is then paired with itself, as the backward kernels do.
            foreach (int count in new[] { 4, 8, 16 })
            {
                Vector512<float> sums = Reduce(floats[..count], CellMath.PairSums);
                for (int v = 0; v < count; v++)
                {
                    Assert.Equal(Vector512.Sum(floats[v]), sums[v]);
                }
            }

            var doubles = new Vector512<double>[8];
            for (int v = 0; v < doubles.Length; v++)
            {
                doubles[v] = Vector512.Create(NextDouble(), NextDouble(), NextDouble(), NextDouble(), NextDouble(), NextDouble(), NextDouble(), NextDouble());
            }

            foreach (int count in new[] { 4, 8 })
            {
                Vector512<double> sums = Reduce(doubles[..count], CellMath.PairSums);
                for (int v = 0; v < count; v++)
                {
                    Assert.Equal(Vector512.Sum(doubles[v]), sums[v]);
                }
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(37)]
    public void Add_sums_every_value_and_leaves_the_rest_alone(int length)
    {
        var random = new Random(length);
        float[] left = new float[length + 3], right = new float[length + 1], destination = new float[length + 2];
        double[] leftDouble = new double[length], rightDouble = new double[length], destinationDouble = new double[length];
        for (int i = 0; i < left.Length; i++)
        {
            left[i] = (float)(random.NextDouble() * 2 - 1);
        }

        for (int i = 0; i < right.Length; i++)
        {
            right[i] = (float)(random.NextDouble() * 2 - 1);
        }

        for (int i = 0; i < length; i++)
        {
            leftDouble[i] = random.NextDouble() * 2 - 1;
            rightDouble[i] = random.NextDouble() * 2 - 1;
        }

        destination[length] = destination[length + 1] = 42f;
        CellMath.Add<float>(left, right, destination.AsSpan(0, length));
        CellMath.Add<double>(leftDouble, rightDouble, destinationDouble);
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(left[i] + right[i], destination[i]);
            Assert.Equal(leftDouble[i] + rightDouble[i], destinationDouble[i]);
        }

        Assert.Equal(42f, destination[length]);
        Assert.Equal(42f, destination[length + 1]);
    }

    [Fact]
    public void Add_refuses_a_source_shorter_than_the_destination()
    {
        var error = Assert.Throws<ArgumentException>(() => CellMath.Add<float>(new float[8], new float[7], new float[8]));
        Assert.Equal("right", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => CellMath.Add<float>(new float[3], new float[8], new float[8]));
        Assert.Equal("left", error.ParamName);
    }

    private static Vector512<T> Reduce<T>(Vector512<T>[] vectors, Func<Vector512<T>, Vector512<T>, Vector512<T>> pairSums)
    {
        int levels = 0;
        while (vectors.Length > 1)
        {
            var next = new Vector512<T>[vectors.Length / 2];
            for (int i = 0; i < next.Length; i++)
            {
                next[i] = pairSums(vectors[2 * i], vectors[2 * i + 1]);
            }

            vectors = next;
            levels++;
        }

        Vector512<T> last = vectors[0];
        for (int lanes = Vector512<T>.Count >> levels; lanes > 1; lanes /= 2)
        {
            last = pairSums(last, last);
        }

        return last;
    }
}
