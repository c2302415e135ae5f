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

    // ---- gradients, float, scalar: each takes the activation's output y and the gradient dy of its output ----

    /// <summary>dy · (1 − y²), the gradient through y = tanh(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float TanhGradient(float y, float dy) => dy * (1f - y * y);

    /// <summary>dy · y(1 − y), the gradient through y = σ(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SigmoidGradient(float y, float dy) => dy * (y * (1f - y));

    /// <summary>dy where y &gt; 0, else 0: the gradient through y = max(0, x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ReluGradient(float y, float dy) => y > 0f ? dy : 0f;

    /// <summary>0.2 · dy where 0 &lt; y &lt; 1, else 0: the gradient through y = max(0, min(1, 0.2·x + 0.5)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HardSigmoidGradient(float y, float dy) => y > 0f && y < 1f ? 0.2f * dy : 0f;

    /// <summary>dy · (1 − |y|)², the gradient through y = x / (1 + |x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SoftsignGradient(float y, float dy)
    {
        float d = 1f - MathF.Abs(y);
        return dy * (d * d);
    }

    /// <summary>dy where −clip ≤ x ≤ clip, else 0: the gradient through clamping x to ±clip.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ClipGradient(float x, float clip, float dy) => x >= -clip && x <= clip ? dy : 0f;

    // ---- gradients, float, Vector512 ----

    /// <summary>dy · (1 − y²), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> TanhGradient(Vector512<float> y, Vector512<float> dy) => dy * (Vector512<float>.One - y * y);

    /// <summary>dy · y(1 − y), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SigmoidGradient(Vector512<float> y, Vector512<float> dy) => dy * (y * (Vector512<float>.One - y));

    /// <summary>dy where y &gt; 0, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ReluGradient(Vector512<float> y, Vector512<float> dy) => Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), dy, Vector512<float>.Zero);

    /// <summary>0.2 · dy where 0 &lt; y &lt; 1, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> HardSigmoidGradient(Vector512<float> y, Vector512<float> dy) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero) & Vector512.LessThan(y, Vector512<float>.One), dy * Vector512.Create(0.2f), Vector512<float>.Zero);

    /// <summary>dy · (1 − |y|)², lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SoftsignGradient(Vector512<float> y, Vector512<float> dy)
    {
        Vector512<float> d = Vector512<float>.One - Vector512.Abs(y);
        return dy * (d * d);
    }

    /// <summary>dy where −clip ≤ x ≤ clip, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ClipGradient(Vector512<float> x, float clip, Vector512<float> dy) =>
        Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512.Create(-clip)) & Vector512.LessThanOrEqual(x, Vector512.Create(clip)), dy, Vector512<float>.Zero);

    // ---- gradients, float, Vector256 ----

    /// <summary>dy · (1 − y²), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> TanhGradient(Vector256<float> y, Vector256<float> dy) => dy * (Vector256<float>.One - y * y);

    /// <summary>dy · y(1 − y), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SigmoidGradient(Vector256<float> y, Vector256<float> dy) => dy * (y * (Vector256<float>.One - y));

    /// <summary>dy where y &gt; 0, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ReluGradient(Vector256<float> y, Vector256<float> dy) => Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), dy, Vector256<float>.Zero);

    /// <summary>0.2 · dy where 0 &lt; y &lt; 1, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> HardSigmoidGradient(Vector256<float> y, Vector256<float> dy) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero) & Vector256.LessThan(y, Vector256<float>.One), dy * Vector256.Create(0.2f), Vector256<float>.Zero);

    /// <summary>dy · (1 − |y|)², lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SoftsignGradient(Vector256<float> y, Vector256<float> dy)
    {
        Vector256<float> d = Vector256<float>.One - Vector256.Abs(y);
        return dy * (d * d);
    }

    /// <summary>dy where −clip ≤ x ≤ clip, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ClipGradient(Vector256<float> x, float clip, Vector256<float> dy) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256.Create(-clip)) & Vector256.LessThanOrEqual(x, Vector256.Create(clip)), dy, Vector256<float>.Zero);

    // ---- gradients, float, Vector128 ----

    /// <summary>dy · (1 − y²), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> TanhGradient(Vector128<float> y, Vector128<float> dy) => dy * (Vector128<float>.One - y * y);

    /// <summary>dy · y(1 − y), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SigmoidGradient(Vector128<float> y, Vector128<float> dy) => dy * (y * (Vector128<float>.One - y));

    /// <summary>dy where y &gt; 0, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ReluGradient(Vector128<float> y, Vector128<float> dy) => Vector128.ConditionalSelect(Vector128.GreaterThan(y, Vector128<float>.Zero), dy, Vector128<float>.Zero);

    /// <summary>0.2 · dy where 0 &lt; y &lt; 1, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> HardSigmoidGradient(Vector128<float> y, Vector128<float> dy) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(y, Vector128<float>.Zero) & Vector128.LessThan(y, Vector128<float>.One), dy * Vector128.Create(0.2f), Vector128<float>.Zero);

    /// <summary>dy · (1 − |y|)², lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SoftsignGradient(Vector128<float> y, Vector128<float> dy)
    {
        Vector128<float> d = Vector128<float>.One - Vector128.Abs(y);
        return dy * (d * d);
    }

    /// <summary>dy where −clip ≤ x ≤ clip, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ClipGradient(Vector128<float> x, float clip, Vector128<float> dy) =>
        Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128.Create(-clip)) & Vector128.LessThanOrEqual(x, Vector128.Create(clip)), dy, Vector128<float>.Zero);

    // ---- gradients, double, scalar: each takes the activation's output y and the gradient dy of its output ----

    /// <summary>dy · (1 − y²), the gradient through y = tanh(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TanhGradient(double y, double dy) => dy * (1d - y * y);

    /// <summary>dy · y(1 − y), the gradient through y = σ(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SigmoidGradient(double y, double dy) => dy * (y * (1d - y));

    /// <summary>dy where y &gt; 0, else 0: the gradient through y = max(0, x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ReluGradient(double y, double dy) => y > 0d ? dy : 0d;

    /// <summary>0.2 · dy where 0 &lt; y &lt; 1, else 0: the gradient through y = max(0, min(1, 0.2·x + 0.5)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double HardSigmoidGradient(double y, double dy) => y > 0d && y < 1d ? 0.2d * dy : 0d;

    /// <summary>dy · (1 − |y|)², the gradient through y = x / (1 + |x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SoftsignGradient(double y, double dy)
    {
        double d = 1d - Math.Abs(y);
        return dy * (d * d);
    }

    /// <summary>dy where −clip ≤ x ≤ clip, else 0: the gradient through clamping x to ±clip.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ClipGradient(double x, double clip, double dy) => x >= -clip && x <= clip ? dy : 0d;

    // ---- gradients, double, Vector512 ----

    /// <summary>dy · (1 − y²), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> TanhGradient(Vector512<double> y, Vector512<double> dy) => dy * (Vector512<double>.One - y * y);

    /// <summary>dy · y(1 − y), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> SigmoidGradient(Vector512<double> y, Vector512<double> dy) => dy * (y * (Vector512<double>.One - y));

    /// <summary>dy where y &gt; 0, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ReluGradient(Vector512<double> y, Vector512<double> dy) => Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<double>.Zero), dy, Vector512<double>.Zero);

    /// <summary>0.2 · dy where 0 &lt; y &lt; 1, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> HardSigmoidGradient(Vector512<double> y, Vector512<double> dy) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<double>.Zero) & Vector512.LessThan(y, Vector512<double>.One), dy * Vector512.Create(0.2d), Vector512<double>.Zero);

    /// <summary>dy · (1 − |y|)², lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> SoftsignGradient(Vector512<double> y, Vector512<double> dy)
    {
        Vector512<double> d = Vector512<double>.One - Vector512.Abs(y);
        return dy * (d * d);
    }

    /// <summary>dy where −clip ≤ x ≤ clip, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ClipGradient(Vector512<double> x, double clip, Vector512<double> dy) =>
        Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512.Create(-clip)) & Vector512.LessThanOrEqual(x, Vector512.Create(clip)), dy, Vector512<double>.Zero);

    // ---- gradients, double, Vector256 ----

    /// <summary>dy · (1 − y²), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> TanhGradient(Vector256<double> y, Vector256<double> dy) => dy * (Vector256<double>.One - y * y);

    /// <summary>dy · y(1 − y), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> SigmoidGradient(Vector256<double> y, Vector256<double> dy) => dy * (y * (Vector256<double>.One - y));

    /// <summary>dy where y &gt; 0, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ReluGradient(Vector256<double> y, Vector256<double> dy) => Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<double>.Zero), dy, Vector256<double>.Zero);

    /// <summary>0.2 · dy where 0 &lt; y &lt; 1, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> HardSigmoidGradient(Vector256<double> y, Vector256<double> dy) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<double>.Zero) & Vector256.LessThan(y, Vector256<double>.One), dy * Vector256.Create(0.2d), Vector256<double>.Zero);

    /// <summary>dy · (1 − |y|)², lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> SoftsignGradient(Vector256<double> y, Vector256<double> dy)
    {
        Vector256<double> d = Vector256<double>.One - Vector256.Abs(y);
        return dy * (d * d);
    }

    /// <summary>dy where −clip ≤ x ≤ clip, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ClipGradient(Vector256<double> x, double clip, Vector256<double> dy) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256.Create(-clip)) & Vector256.LessThanOrEqual(x, Vector256.Create(clip)), dy, Vector256<double>.Zero);

    // ---- gradients, double, Vector128 ----

    /// <summary>dy · (1 − y²), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> TanhGradient(Vector128<double> y, Vector128<double> dy) => dy * (Vector128<double>.One - y * y);

    /// <summary>dy · y(1 − y), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> SigmoidGradient(Vector128<double> y, Vector128<double> dy) => dy * (y * (Vector128<double>.One - y));

    /// <summary>dy where y &gt; 0, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> ReluGradient(Vector128<double> y, Vector128<double> dy) => Vector128.ConditionalSelect(Vector128.GreaterThan(y, Vector128<double>.Zero), dy, Vector128<double>.Zero);

    /// <summary>0.2 · dy where 0 &lt; y &lt; 1, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> HardSigmoidGradient(Vector128<double> y, Vector128<double> dy) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(y, Vector128<double>.Zero) & Vector128.LessThan(y, Vector128<double>.One), dy * Vector128.Create(0.2d), Vector128<double>.Zero);

    /// <summary>dy · (1 − |y|)², lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> SoftsignGradient(Vector128<double> y, Vector128<double> dy)
    {
        Vector128<double> d = Vector128<double>.One - Vector128.Abs(y);
        return dy * (d * d);
    }

    /// <summary>dy where −clip ≤ x ≤ clip, else 0, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> ClipGradient(Vector128<double> x, double clip, Vector128<double> dy) =>
        Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128.Create(-clip)) & Vector128.LessThanOrEqual(x, Vector128.Create(clip)), dy, Vector128<double>.Zero);
}
