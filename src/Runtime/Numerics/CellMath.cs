using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CellGen.Numerics;

/// <summary>
/// The activations generated cells apply, one vector (or one value) at a time, for float and double at every vector width.
/// </summary>
/// <remarks>
/// <para>Sigmoid is 1 / (1 + e^(−x)); tanh is sign(x)·(1 − e)/(1 + e) with e = e^(−2|x|), which never overflows and whose
/// absolute error is within a few units in the last place of 1 (about 1e−7 for float, 2e−16 for double) across the
/// whole range. The exponential is the runtime's vectorized <c>Exp</c>. HardSigmoid uses ONNX's alpha 0.2 and beta 0.5.</para>
/// <para>Every method is small and aggressively inlined so that generated kernels keep their values in registers.</para>
/// </remarks>
public static class CellMath
{

    // ---- float, scalar ----

    /// <summary>1 / (1 + e^(−x)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>tanh(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => MathF.Tanh(x);

    /// <summary>max(0, x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Relu(float x) => x > 0f ? x : 0f;

    /// <summary>max(0, min(1, 0.2·x + 0.5)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HardSigmoid(float x) => Math.Clamp(MathF.FusedMultiplyAdd(x, 0.2f, 0.5f), 0f, 1f);

    /// <summary>x / (1 + |x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Softsign(float x) => x / (1f + MathF.Abs(x));

    // ---- float, Vector512 ----

    /// <summary>1 / (1 + e^(−x)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-x));

    /// <summary>tanh(x), lane by lane: sign(x)·(1 − e)/(1 + e) with e = e^(−2|x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> e = Vector512.Exp(Vector512.Abs(x) * Vector512.Create(-2f));
        return Vector512.CopySign((Vector512<float>.One - e) / (Vector512<float>.One + e), x);
    }

    /// <summary>max(0, x), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Relu(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);

    /// <summary>max(0, min(1, 0.2·x + 0.5)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> HardSigmoid(Vector512<float> x) =>
        Vector512.Clamp(Vector512.FusedMultiplyAdd(x, Vector512.Create(0.2f), Vector512.Create(0.5f)), Vector512<float>.Zero, Vector512<float>.One);

    /// <summary>x / (1 + |x|), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Softsign(Vector512<float> x) => x / (Vector512<float>.One + Vector512.Abs(x));

    // ---- float, Vector256 ----

    /// <summary>1 / (1 + e^(−x)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));

    /// <summary>tanh(x), lane by lane: sign(x)·(1 − e)/(1 + e) with e = e^(−2|x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> e = Vector256.Exp(Vector256.Abs(x) * Vector256.Create(-2f));
        return Vector256.CopySign((Vector256<float>.One - e) / (Vector256<float>.One + e), x);
    }

    /// <summary>max(0, x), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Relu(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);

    /// <summary>max(0, min(1, 0.2·x + 0.5)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> HardSigmoid(Vector256<float> x) =>
        Vector256.Clamp(Vector256.FusedMultiplyAdd(x, Vector256.Create(0.2f), Vector256.Create(0.5f)), Vector256<float>.Zero, Vector256<float>.One);

    /// <summary>x / (1 + |x|), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Softsign(Vector256<float> x) => x / (Vector256<float>.One + Vector256.Abs(x));

    // ---- float, Vector128 ----

    /// <summary>1 / (1 + e^(−x)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x) => Vector128<float>.One / (Vector128<float>.One + Vector128.Exp(-x));

    /// <summary>tanh(x), lane by lane: sign(x)·(1 − e)/(1 + e) with e = e^(−2|x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        Vector128<float> e = Vector128.Exp(Vector128.Abs(x) * Vector128.Create(-2f));
        return Vector128.CopySign((Vector128<float>.One - e) / (Vector128<float>.One + e), x);
    }

    /// <summary>max(0, x), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Relu(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);

    /// <summary>max(0, min(1, 0.2·x + 0.5)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> HardSigmoid(Vector128<float> x) =>
        Vector128.Clamp(Vector128.FusedMultiplyAdd(x, Vector128.Create(0.2f), Vector128.Create(0.5f)), Vector128<float>.Zero, Vector128<float>.One);

    /// <summary>x / (1 + |x|), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Softsign(Vector128<float> x) => x / (Vector128<float>.One + Vector128.Abs(x));

    // ---- double, scalar ----

    /// <summary>1 / (1 + e^(−x)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sigmoid(double x) => 1d / (1d + Math.Exp(-x));

    /// <summary>tanh(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Tanh(double x) => Math.Tanh(x);

    /// <summary>max(0, x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Relu(double x) => x > 0d ? x : 0d;

    /// <summary>max(0, min(1, 0.2·x + 0.5)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double HardSigmoid(double x) => Math.Clamp(Math.FusedMultiplyAdd(x, 0.2d, 0.5d), 0d, 1d);

    /// <summary>x / (1 + |x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Softsign(double x) => x / (1d + Math.Abs(x));

    // ---- double, Vector512 ----

    /// <summary>1 / (1 + e^(−x)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sigmoid(Vector512<double> x) => Vector512<double>.One / (Vector512<double>.One + Vector512.Exp(-x));

    /// <summary>tanh(x), lane by lane: sign(x)·(1 − e)/(1 + e) with e = e^(−2|x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Tanh(Vector512<double> x)
    {
        Vector512<double> e = Vector512.Exp(Vector512.Abs(x) * Vector512.Create(-2d));
        return Vector512.CopySign((Vector512<double>.One - e) / (Vector512<double>.One + e), x);
    }

    /// <summary>max(0, x), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Relu(Vector512<double> x) => Vector512.Max(x, Vector512<double>.Zero);

    /// <summary>max(0, min(1, 0.2·x + 0.5)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> HardSigmoid(Vector512<double> x) =>
        Vector512.Clamp(Vector512.FusedMultiplyAdd(x, Vector512.Create(0.2d), Vector512.Create(0.5d)), Vector512<double>.Zero, Vector512<double>.One);

    /// <summary>x / (1 + |x|), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Softsign(Vector512<double> x) => x / (Vector512<double>.One + Vector512.Abs(x));

    // ---- double, Vector256 ----

    /// <summary>1 / (1 + e^(−x)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sigmoid(Vector256<double> x) => Vector256<double>.One / (Vector256<double>.One + Vector256.Exp(-x));

    /// <summary>tanh(x), lane by lane: sign(x)·(1 − e)/(1 + e) with e = e^(−2|x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Tanh(Vector256<double> x)
    {
        Vector256<double> e = Vector256.Exp(Vector256.Abs(x) * Vector256.Create(-2d));
        return Vector256.CopySign((Vector256<double>.One - e) / (Vector256<double>.One + e), x);
    }

    /// <summary>max(0, x), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Relu(Vector256<double> x) => Vector256.Max(x, Vector256<double>.Zero);

    /// <summary>max(0, min(1, 0.2·x + 0.5)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> HardSigmoid(Vector256<double> x) =>
        Vector256.Clamp(Vector256.FusedMultiplyAdd(x, Vector256.Create(0.2d), Vector256.Create(0.5d)), Vector256<double>.Zero, Vector256<double>.One);

    /// <summary>x / (1 + |x|), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Softsign(Vector256<double> x) => x / (Vector256<double>.One + Vector256.Abs(x));

    // ---- double, Vector128 ----

    /// <summary>1 / (1 + e^(−x)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Sigmoid(Vector128<double> x) => Vector128<double>.One / (Vector128<double>.One + Vector128.Exp(-x));

    /// <summary>tanh(x), lane by lane: sign(x)·(1 − e)/(1 + e) with e = e^(−2|x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Tanh(Vector128<double> x)
    {
        Vector128<double> e = Vector128.Exp(Vector128.Abs(x) * Vector128.Create(-2d));
        return Vector128.CopySign((Vector128<double>.One - e) / (Vector128<double>.One + e), x);
    }

    /// <summary>max(0, x), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Relu(Vector128<double> x) => Vector128.Max(x, Vector128<double>.Zero);

    /// <summary>max(0, min(1, 0.2·x + 0.5)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> HardSigmoid(Vector128<double> x) =>
        Vector128.Clamp(Vector128.FusedMultiplyAdd(x, Vector128.Create(0.2d), Vector128.Create(0.5d)), Vector128<double>.Zero, Vector128<double>.One);

    /// <summary>x / (1 + |x|), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Softsign(Vector128<double> x) => x / (Vector128<double>.One + Vector128.Abs(x));
}
