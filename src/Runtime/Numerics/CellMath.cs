using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CellGen.Numerics;

/// <summary>
/// The activations generated cells apply, one vector (or one value) at a time, for float and double at every vector width.
/// </summary>
/// <remarks>
/// <para>Sigmoid is 1 / (1 + e^(−x)). In float vectors the exponential is <see cref="Exp(Vector512{float})"/>, CellGen's own
/// (within one unit in the last place), and tanh is sign(x)·(1 − e)/(1 + e) with e = e^(−2|x|), which never overflows,
/// its numerator computed as −(e^(−2|x|) − 1) so that it keeps its precision near 0: one formula for every x, with no
/// branch to compute and select. Measured against Math.Tanh and 1/(1 + Math.Exp(−x)) over every float in [−20, 20], at
/// every width: tanh within 1.96 units in the last place and 1.09e−7 absolute, sigmoid within 2.48 units in the last
/// place and 8.9e−8 absolute (CellMathTests checks a sample of the same floats).
/// Double vectors use the same formulas with CellGen's double exponential (degree-13 polynomial, inlined: the runtime's
/// vectorized double Exp is a call), within 4e−16 absolute and a few units in the last place of Math.Tanh and
/// 1/(1 + Math.Exp(−x)) (CellMathTests). HardSigmoid uses ONNX's alpha 0.2 and beta 0.5.</para>
/// <para>Every method is small and aggressively inlined so that generated kernels keep their values in registers.</para>
/// </remarks>
public static class CellMath
{
    // e^x in float: the range where the result is a normal float, log2(e), ln 2 split so that n·Ln2High is exact for
    // |n| ≤ 128, and the minimax coefficients of (e^r − 1 − r)/r² on |r| ≤ ln 2 / 2 (Cephes' expf).
    private const float ExpLowest = -87.33654f;
    private const float ExpHighest = 88.3762626647949f;
    private const float Log2E = 1.44269504088896341f;
    private const float RoundingShift = 12582912f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    private const float ExpP0 = 1.9875691500e-4f;
    private const float ExpP1 = 1.3981999507e-3f;
    private const float ExpP2 = 8.3334519073e-3f;
    private const float ExpP3 = 4.1665795894e-2f;
    private const float ExpP4 = 1.6666665459e-1f;
    private const float ExpP5 = 5.0000001201e-1f;

    // e^x in double, the same way, and inlined like the float one: the runtime's vectorized double Exp is a call, around
    // which a kernel spills its live vectors to a stack that is not kept 64-byte aligned, which made double steps 1.5–4×
    // slower depending on where the stack happened to fall. The range where e^x and 2ⁿ are normal doubles (e^−708 ≈
    // 3.3e−308, e^709 ≈ 8.2e307), ln 2 split so that n·Ln2HighDouble is exact for |n| < 2²⁰ (fdlibm's), and 1/(k + 2)!
    // for (e^r − 1 − r)/r² on |r| ≤ ln 2 / 2, truncated after r¹¹ (the first term left out, r¹⁴/14!, is below 2⁻⁵⁶ of
    // e^r − 1).
    private const double ExpLowestDouble = -708d;
    private const double ExpHighestDouble = 709d;
    private const double Log2EDouble = 1.4426950408889634;
    private const double RoundingShiftDouble = 6755399441055744d;
    private const double Ln2HighDouble = 6.93147180369123816490e-01;
    private const double Ln2LowDouble = 1.90821492927058770002e-10;

    /// <summary>
    /// destination[i] = left[i] + right[i] for every i of <paramref name="destination"/>, in <see cref="System.Numerics.Vector{T}"/>s:
    /// the backward pass adds the gradient from step t+1 and the step's output gradient with it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="left"/> or <paramref name="right"/> is shorter than <paramref name="destination"/>.</exception>
    public static void Add<T>(ReadOnlySpan<T> left, ReadOnlySpan<T> right, Span<T> destination)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        if (left.Length < destination.Length || right.Length < destination.Length)
        {
            throw new ArgumentException($"{nameof(left)} ({left.Length} values) and {nameof(right)} ({right.Length}) must hold at least the {destination.Length} values of {nameof(destination)}.", left.Length < destination.Length ? nameof(left) : nameof(right));
        }

        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && System.Numerics.Vector<T>.IsSupported)
        {
            for (; i <= destination.Length - System.Numerics.Vector<T>.Count; i += System.Numerics.Vector<T>.Count)
            {
                (new System.Numerics.Vector<T>(left.Slice(i)) + new System.Numerics.Vector<T>(right.Slice(i))).CopyTo(destination.Slice(i));
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = left[i] + right[i];
        }
    }

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

    /// <summary>e^x, lane by lane, within one unit in the last place (0.99 measured) over [−87.33, 88.37]; +∞ above
    /// 88.376 and 0 below −87.337, where the true value is in the top 0.35 of float's range or subnormal; NaN stays
    /// NaN.</summary>
    /// <remarks>Cody–Waite reduction x = n·ln 2 + r, a degree-6 polynomial for e^r (Cephes' coefficients), and n written
    /// into the exponent: all in float, about twice as fast as the runtime's vectorized Exp, which works in double.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        Vector512<float> y = ExpInRange(x);
        y = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(ExpHighest)), Vector512.Create(float.PositiveInfinity), y);
        return Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(ExpLowest)), Vector512<float>.Zero, y);
    }

    /// <summary>e^x with x clamped to [ExpLowest, ExpHighest], NaN kept: what the activations need, a few instructions
    /// shorter than <see cref="Exp(Vector512{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ExpInRange(Vector512<float> x)
    {
        // The bounds come first: the native max and min return their second operand when either is NaN, so NaN passes.
        Vector512<float> clamped = Simd512.MinNative(Vector512.Create(ExpHighest), Simd512.MaxNative(Vector512.Create(ExpLowest), x));
        Vector512<float> shifted = RoundToPowerOfTwo(clamped);
        Vector512<float> scale = PowerOfTwo(shifted);
        return Simd512.FusedMultiplyAdd(ExpMinusOne(Reduce(clamped, shifted)), scale, scale);
    }

    /// <summary>x·log2(e) + 1.5·2²³: adding 1.5·2²³ rounds x·log2(e) to the integer n and leaves n in the low mantissa bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> RoundToPowerOfTwo(Vector512<float> x) =>
        Simd512.FusedMultiplyAdd(x, Vector512.Create(Log2E), Vector512.Create(RoundingShift));

    /// <summary>2ⁿ from <see cref="RoundToPowerOfTwo(Vector512{float})"/>: the shift by 23 drops the bits of 1.5·2²³ and keeps n + 127 as the exponent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> PowerOfTwo(Vector512<float> shifted) => ((shifted.AsInt32() + Vector512.Create(127)) << 23).AsSingle();

    /// <summary>r = x − n·ln 2 (Cody–Waite, in two parts), |r| ≤ ln 2 / 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Reduce(Vector512<float> x, Vector512<float> shifted)
    {
        Vector512<float> n = shifted - Vector512.Create(RoundingShift);
        return Simd512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Low), Simd512.FusedMultiplyAdd(n, Vector512.Create(-Ln2High), x));
    }

    /// <summary>e^r − 1 for |r| ≤ ln 2 / 2, accurate relative to itself near 0: r + r²·P(r), P in Estrin's form (three
    /// independent pairs, then two steps in r², a shorter chain than Horner's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ExpMinusOne(Vector512<float> r)
    {
        Vector512<float> r2 = r * r;
        Vector512<float> high = Simd512.FusedMultiplyAdd(Vector512.Create(ExpP0), r, Vector512.Create(ExpP1));
        Vector512<float> middle = Simd512.FusedMultiplyAdd(Vector512.Create(ExpP2), r, Vector512.Create(ExpP3));
        Vector512<float> low = Simd512.FusedMultiplyAdd(Vector512.Create(ExpP4), r, Vector512.Create(ExpP5));
        Vector512<float> p = Simd512.FusedMultiplyAdd(Simd512.FusedMultiplyAdd(high, r2, middle), r2, low);
        return Simd512.FusedMultiplyAdd(p, r2, r);
    }

    /// <summary>1 / (1 + e^(−x)), lane by lane, with <see cref="Exp(Vector512{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + ExpInRange(-x));

    /// <summary>tanh(x), lane by lane: sign(x)·(1 − e)/(1 + e) with e = e^(−2|x|), one formula for every x, whose
    /// numerator 1 − e is computed as −(e^(−2|x|) − 1) so that it keeps its precision near 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        // −2|x| ≤ 0 needs no upper bound; below ExpLowest, e is 0 in float and tanh is ±1. NaN passes, as in ExpInRange.
        Vector512<float> y = Simd512.MaxNative(Vector512.Create(ExpLowest), Vector512.Abs(x) * Vector512.Create(-2f));
        Vector512<float> shifted = RoundToPowerOfTwo(y);
        Vector512<float> scale = PowerOfTwo(shifted);
        Vector512<float> q = ExpMinusOne(Reduce(y, shifted));
        // e − 1 = 2ⁿ·q + (2ⁿ − 1) and 1 + e = 2ⁿ·q + (2ⁿ + 1), each rounded once (2ⁿ ± 1 is exact while e matters).
        Vector512<float> eMinusOne = Simd512.FusedMultiplyAdd(scale, q, scale - Vector512<float>.One);
        Vector512<float> onePlusE = Simd512.FusedMultiplyAdd(scale, q, scale + Vector512<float>.One);
        return Simd512.CopySign(-eMinusOne / onePlusE, x);
    }

    /// <summary>max(0, x), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Relu(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);

    /// <summary>max(0, min(1, 0.2·x + 0.5)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> HardSigmoid(Vector512<float> x) =>
        Simd512.Clamp(Simd512.FusedMultiplyAdd(x, Vector512.Create(0.2f), Vector512.Create(0.5f)), Vector512<float>.Zero, Vector512<float>.One);

    /// <summary>x / (1 + |x|), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Softsign(Vector512<float> x) => x / (Vector512<float>.One + Vector512.Abs(x));

    // ---- float, Vector256 ----

    /// <summary>e^x, lane by lane, within one unit in the last place (0.99 measured) over [−87.33, 88.37]; +∞ above
    /// 88.376 and 0 below −87.337, where the true value is in the top 0.35 of float's range or subnormal; NaN stays
    /// NaN.</summary>
    /// <remarks>Cody–Waite reduction x = n·ln 2 + r, a degree-6 polynomial for e^r (Cephes' coefficients), and n written
    /// into the exponent: all in float, about twice as fast as the runtime's vectorized Exp, which works in double.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        Vector256<float> y = ExpInRange(x);
        y = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(ExpHighest)), Vector256.Create(float.PositiveInfinity), y);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(ExpLowest)), Vector256<float>.Zero, y);
    }

    /// <summary>e^x with x clamped to [ExpLowest, ExpHighest], NaN kept: what the activations need, a few instructions
    /// shorter than <see cref="Exp(Vector256{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ExpInRange(Vector256<float> x)
    {
        // The bounds come first: the native max and min return their second operand when either is NaN, so NaN passes.
        Vector256<float> clamped = Simd256.MinNative(Vector256.Create(ExpHighest), Simd256.MaxNative(Vector256.Create(ExpLowest), x));
        Vector256<float> shifted = RoundToPowerOfTwo(clamped);
        Vector256<float> scale = PowerOfTwo(shifted);
        return Simd256.FusedMultiplyAdd(ExpMinusOne(Reduce(clamped, shifted)), scale, scale);
    }

    /// <summary>x·log2(e) + 1.5·2²³: adding 1.5·2²³ rounds x·log2(e) to the integer n and leaves n in the low mantissa bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> RoundToPowerOfTwo(Vector256<float> x) =>
        Simd256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(RoundingShift));

    /// <summary>2ⁿ from <see cref="RoundToPowerOfTwo(Vector256{float})"/>: the shift by 23 drops the bits of 1.5·2²³ and keeps n + 127 as the exponent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> PowerOfTwo(Vector256<float> shifted) => ((shifted.AsInt32() + Vector256.Create(127)) << 23).AsSingle();

    /// <summary>r = x − n·ln 2 (Cody–Waite, in two parts), |r| ≤ ln 2 / 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Reduce(Vector256<float> x, Vector256<float> shifted)
    {
        Vector256<float> n = shifted - Vector256.Create(RoundingShift);
        return Simd256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Low), Simd256.FusedMultiplyAdd(n, Vector256.Create(-Ln2High), x));
    }

    /// <summary>e^r − 1 for |r| ≤ ln 2 / 2, accurate relative to itself near 0: r + r²·P(r), P in Estrin's form (three
    /// independent pairs, then two steps in r², a shorter chain than Horner's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ExpMinusOne(Vector256<float> r)
    {
        Vector256<float> r2 = r * r;
        Vector256<float> high = Simd256.FusedMultiplyAdd(Vector256.Create(ExpP0), r, Vector256.Create(ExpP1));
        Vector256<float> middle = Simd256.FusedMultiplyAdd(Vector256.Create(ExpP2), r, Vector256.Create(ExpP3));
        Vector256<float> low = Simd256.FusedMultiplyAdd(Vector256.Create(ExpP4), r, Vector256.Create(ExpP5));
        Vector256<float> p = Simd256.FusedMultiplyAdd(Simd256.FusedMultiplyAdd(high, r2, middle), r2, low);
        return Simd256.FusedMultiplyAdd(p, r2, r);
    }

    /// <summary>1 / (1 + e^(−x)), lane by lane, with <see cref="Exp(Vector256{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + ExpInRange(-x));

    /// <summary>tanh(x), lane by lane: sign(x)·(1 − e)/(1 + e) with e = e^(−2|x|), one formula for every x, whose
    /// numerator 1 − e is computed as −(e^(−2|x|) − 1) so that it keeps its precision near 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        // −2|x| ≤ 0 needs no upper bound; below ExpLowest, e is 0 in float and tanh is ±1. NaN passes, as in ExpInRange.
        Vector256<float> y = Simd256.MaxNative(Vector256.Create(ExpLowest), Vector256.Abs(x) * Vector256.Create(-2f));
        Vector256<float> shifted = RoundToPowerOfTwo(y);
        Vector256<float> scale = PowerOfTwo(shifted);
        Vector256<float> q = ExpMinusOne(Reduce(y, shifted));
        // e − 1 = 2ⁿ·q + (2ⁿ − 1) and 1 + e = 2ⁿ·q + (2ⁿ + 1), each rounded once (2ⁿ ± 1 is exact while e matters).
        Vector256<float> eMinusOne = Simd256.FusedMultiplyAdd(scale, q, scale - Vector256<float>.One);
        Vector256<float> onePlusE = Simd256.FusedMultiplyAdd(scale, q, scale + Vector256<float>.One);
        return Simd256.CopySign(-eMinusOne / onePlusE, x);
    }

    /// <summary>max(0, x), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Relu(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);

    /// <summary>max(0, min(1, 0.2·x + 0.5)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> HardSigmoid(Vector256<float> x) =>
        Simd256.Clamp(Simd256.FusedMultiplyAdd(x, Vector256.Create(0.2f), Vector256.Create(0.5f)), Vector256<float>.Zero, Vector256<float>.One);

    /// <summary>x / (1 + |x|), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Softsign(Vector256<float> x) => x / (Vector256<float>.One + Vector256.Abs(x));

    // ---- float, Vector128 ----

    /// <summary>e^x, lane by lane, within one unit in the last place (0.99 measured) over [−87.33, 88.37]; +∞ above
    /// 88.376 and 0 below −87.337, where the true value is in the top 0.35 of float's range or subnormal; NaN stays
    /// NaN.</summary>
    /// <remarks>Cody–Waite reduction x = n·ln 2 + r, a degree-6 polynomial for e^r (Cephes' coefficients), and n written
    /// into the exponent: all in float, about twice as fast as the runtime's vectorized Exp, which works in double.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x)
    {
        Vector128<float> y = ExpInRange(x);
        y = Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(ExpHighest)), Vector128.Create(float.PositiveInfinity), y);
        return Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128.Create(ExpLowest)), Vector128<float>.Zero, y);
    }

    /// <summary>e^x with x clamped to [ExpLowest, ExpHighest], NaN kept: what the activations need, a few instructions
    /// shorter than <see cref="Exp(Vector128{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ExpInRange(Vector128<float> x)
    {
        // The bounds come first: the native max and min return their second operand when either is NaN, so NaN passes.
        Vector128<float> clamped = Simd128.MinNative(Vector128.Create(ExpHighest), Simd128.MaxNative(Vector128.Create(ExpLowest), x));
        Vector128<float> shifted = RoundToPowerOfTwo(clamped);
        Vector128<float> scale = PowerOfTwo(shifted);
        return Simd128.FusedMultiplyAdd(ExpMinusOne(Reduce(clamped, shifted)), scale, scale);
    }

    /// <summary>x·log2(e) + 1.5·2²³: adding 1.5·2²³ rounds x·log2(e) to the integer n and leaves n in the low mantissa bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> RoundToPowerOfTwo(Vector128<float> x) =>
        Simd128.FusedMultiplyAdd(x, Vector128.Create(Log2E), Vector128.Create(RoundingShift));

    /// <summary>2ⁿ from <see cref="RoundToPowerOfTwo(Vector128{float})"/>: the shift by 23 drops the bits of 1.5·2²³ and keeps n + 127 as the exponent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> PowerOfTwo(Vector128<float> shifted) => ((shifted.AsInt32() + Vector128.Create(127)) << 23).AsSingle();

    /// <summary>r = x − n·ln 2 (Cody–Waite, in two parts), |r| ≤ ln 2 / 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Reduce(Vector128<float> x, Vector128<float> shifted)
    {
        Vector128<float> n = shifted - Vector128.Create(RoundingShift);
        return Simd128.FusedMultiplyAdd(n, Vector128.Create(-Ln2Low), Simd128.FusedMultiplyAdd(n, Vector128.Create(-Ln2High), x));
    }

    /// <summary>e^r − 1 for |r| ≤ ln 2 / 2, accurate relative to itself near 0: r + r²·P(r), P in Estrin's form (three
    /// independent pairs, then two steps in r², a shorter chain than Horner's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ExpMinusOne(Vector128<float> r)
    {
        Vector128<float> r2 = r * r;
        Vector128<float> high = Simd128.FusedMultiplyAdd(Vector128.Create(ExpP0), r, Vector128.Create(ExpP1));
        Vector128<float> middle = Simd128.FusedMultiplyAdd(Vector128.Create(ExpP2), r, Vector128.Create(ExpP3));
        Vector128<float> low = Simd128.FusedMultiplyAdd(Vector128.Create(ExpP4), r, Vector128.Create(ExpP5));
        Vector128<float> p = Simd128.FusedMultiplyAdd(Simd128.FusedMultiplyAdd(high, r2, middle), r2, low);
        return Simd128.FusedMultiplyAdd(p, r2, r);
    }

    /// <summary>1 / (1 + e^(−x)), lane by lane, with <see cref="Exp(Vector128{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x) => Vector128<float>.One / (Vector128<float>.One + ExpInRange(-x));

    /// <summary>tanh(x), lane by lane: sign(x)·(1 − e)/(1 + e) with e = e^(−2|x|), one formula for every x, whose
    /// numerator 1 − e is computed as −(e^(−2|x|) − 1) so that it keeps its precision near 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        // −2|x| ≤ 0 needs no upper bound; below ExpLowest, e is 0 in float and tanh is ±1. NaN passes, as in ExpInRange.
        Vector128<float> y = Simd128.MaxNative(Vector128.Create(ExpLowest), Vector128.Abs(x) * Vector128.Create(-2f));
        Vector128<float> shifted = RoundToPowerOfTwo(y);
        Vector128<float> scale = PowerOfTwo(shifted);
        Vector128<float> q = ExpMinusOne(Reduce(y, shifted));
        // e − 1 = 2ⁿ·q + (2ⁿ − 1) and 1 + e = 2ⁿ·q + (2ⁿ + 1), each rounded once (2ⁿ ± 1 is exact while e matters).
        Vector128<float> eMinusOne = Simd128.FusedMultiplyAdd(scale, q, scale - Vector128<float>.One);
        Vector128<float> onePlusE = Simd128.FusedMultiplyAdd(scale, q, scale + Vector128<float>.One);
        return Simd128.CopySign(-eMinusOne / onePlusE, x);
    }

    /// <summary>max(0, x), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Relu(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);

    /// <summary>max(0, min(1, 0.2·x + 0.5)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> HardSigmoid(Vector128<float> x) =>
        Simd128.Clamp(Simd128.FusedMultiplyAdd(x, Vector128.Create(0.2f), Vector128.Create(0.5f)), Vector128<float>.Zero, Vector128<float>.One);

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

    /// <summary>1 / (1 + e^(−x)), lane by lane, with CellGen's double exponential (see <see cref="Tanh(Vector512{double})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sigmoid(Vector512<double> x) => Vector512<double>.One / (Vector512<double>.One + ExpInRange(-x));

    /// <summary>tanh(x), lane by lane: sign(x)·(1 − e)/(1 + e) with e = e^(−2|x|), the float formula in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Tanh(Vector512<double> x)
    {
        // Below ExpLowestDouble, e is under 2⁻¹⁰²¹ and tanh is ±1. NaN passes, as in ExpInRange.
        Vector512<double> y = Simd512.MaxNative(Vector512.Create(ExpLowestDouble), Vector512.Abs(x) * Vector512.Create(-2d));
        Vector512<double> shifted = RoundToPowerOfTwo(y);
        Vector512<double> scale = PowerOfTwo(shifted);
        Vector512<double> q = ExpMinusOne(Reduce(y, shifted));
        Vector512<double> eMinusOne = Simd512.FusedMultiplyAdd(scale, q, scale - Vector512<double>.One);
        Vector512<double> onePlusE = Simd512.FusedMultiplyAdd(scale, q, scale + Vector512<double>.One);
        return Simd512.CopySign(-eMinusOne / onePlusE, x);
    }

    /// <summary>e^x with x clamped to [ExpLowestDouble, ExpHighestDouble], NaN kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ExpInRange(Vector512<double> x)
    {
        Vector512<double> clamped = Simd512.MinNative(Vector512.Create(ExpHighestDouble), Simd512.MaxNative(Vector512.Create(ExpLowestDouble), x));
        Vector512<double> shifted = RoundToPowerOfTwo(clamped);
        Vector512<double> scale = PowerOfTwo(shifted);
        return Simd512.FusedMultiplyAdd(ExpMinusOne(Reduce(clamped, shifted)), scale, scale);
    }

    /// <summary>x·log2(e) + 1.5·2⁵², which leaves n = round(x·log2(e)) in the low mantissa bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> RoundToPowerOfTwo(Vector512<double> x) =>
        Simd512.FusedMultiplyAdd(x, Vector512.Create(Log2EDouble), Vector512.Create(RoundingShiftDouble));

    /// <summary>2ⁿ: the shift by 52 drops the bits of 1.5·2⁵² and keeps n + 1023 as the exponent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> PowerOfTwo(Vector512<double> shifted) => ((shifted.AsInt64() + Vector512.Create(1023L)) << 52).AsDouble();

    /// <summary>r = x − n·ln 2 in two parts, |r| ≤ ln 2 / 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Reduce(Vector512<double> x, Vector512<double> shifted)
    {
        Vector512<double> n = shifted - Vector512.Create(RoundingShiftDouble);
        return Simd512.FusedMultiplyAdd(n, Vector512.Create(-Ln2LowDouble), Simd512.FusedMultiplyAdd(n, Vector512.Create(-Ln2HighDouble), x));
    }

    /// <summary>e^r − 1 for |r| ≤ ln 2 / 2: r + r²·P(r), P's twelve terms in Estrin's form (six pairs, then r², r⁴, r⁸).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ExpMinusOne(Vector512<double> r)
    {
        Vector512<double> r2 = r * r;
        Vector512<double> r4 = r2 * r2;
        Vector512<double> p01 = Simd512.FusedMultiplyAdd(Vector512.Create(1d / 6), r, Vector512.Create(1d / 2));
        Vector512<double> p23 = Simd512.FusedMultiplyAdd(Vector512.Create(1d / 120), r, Vector512.Create(1d / 24));
        Vector512<double> p45 = Simd512.FusedMultiplyAdd(Vector512.Create(1d / 5040), r, Vector512.Create(1d / 720));
        Vector512<double> p67 = Simd512.FusedMultiplyAdd(Vector512.Create(1d / 362880), r, Vector512.Create(1d / 40320));
        Vector512<double> p89 = Simd512.FusedMultiplyAdd(Vector512.Create(1d / 39916800), r, Vector512.Create(1d / 3628800));
        Vector512<double> p1011 = Simd512.FusedMultiplyAdd(Vector512.Create(1d / 6227020800), r, Vector512.Create(1d / 479001600));
        Vector512<double> low = Simd512.FusedMultiplyAdd(p23, r2, p01);
        Vector512<double> middle = Simd512.FusedMultiplyAdd(p67, r2, p45);
        Vector512<double> high = Simd512.FusedMultiplyAdd(p1011, r2, p89);
        Vector512<double> p = Simd512.FusedMultiplyAdd(Simd512.FusedMultiplyAdd(high, r4, middle), r4, low);
        return Simd512.FusedMultiplyAdd(p, r2, r);
    }

    /// <summary>max(0, x), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Relu(Vector512<double> x) => Vector512.Max(x, Vector512<double>.Zero);

    /// <summary>max(0, min(1, 0.2·x + 0.5)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> HardSigmoid(Vector512<double> x) =>
        Simd512.Clamp(Simd512.FusedMultiplyAdd(x, Vector512.Create(0.2d), Vector512.Create(0.5d)), Vector512<double>.Zero, Vector512<double>.One);

    /// <summary>x / (1 + |x|), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Softsign(Vector512<double> x) => x / (Vector512<double>.One + Vector512.Abs(x));

    // ---- double, Vector256 ----

    /// <summary>1 / (1 + e^(−x)), lane by lane, with CellGen's double exponential (see <see cref="Tanh(Vector256{double})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sigmoid(Vector256<double> x) => Vector256<double>.One / (Vector256<double>.One + ExpInRange(-x));

    /// <summary>tanh(x), lane by lane: sign(x)·(1 − e)/(1 + e) with e = e^(−2|x|), the float formula in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Tanh(Vector256<double> x)
    {
        // Below ExpLowestDouble, e is under 2⁻¹⁰²¹ and tanh is ±1. NaN passes, as in ExpInRange.
        Vector256<double> y = Simd256.MaxNative(Vector256.Create(ExpLowestDouble), Vector256.Abs(x) * Vector256.Create(-2d));
        Vector256<double> shifted = RoundToPowerOfTwo(y);
        Vector256<double> scale = PowerOfTwo(shifted);
        Vector256<double> q = ExpMinusOne(Reduce(y, shifted));
        Vector256<double> eMinusOne = Simd256.FusedMultiplyAdd(scale, q, scale - Vector256<double>.One);
        Vector256<double> onePlusE = Simd256.FusedMultiplyAdd(scale, q, scale + Vector256<double>.One);
        return Simd256.CopySign(-eMinusOne / onePlusE, x);
    }

    /// <summary>e^x with x clamped to [ExpLowestDouble, ExpHighestDouble], NaN kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpInRange(Vector256<double> x)
    {
        Vector256<double> clamped = Simd256.MinNative(Vector256.Create(ExpHighestDouble), Simd256.MaxNative(Vector256.Create(ExpLowestDouble), x));
        Vector256<double> shifted = RoundToPowerOfTwo(clamped);
        Vector256<double> scale = PowerOfTwo(shifted);
        return Simd256.FusedMultiplyAdd(ExpMinusOne(Reduce(clamped, shifted)), scale, scale);
    }

    /// <summary>x·log2(e) + 1.5·2⁵², which leaves n = round(x·log2(e)) in the low mantissa bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> RoundToPowerOfTwo(Vector256<double> x) =>
        Simd256.FusedMultiplyAdd(x, Vector256.Create(Log2EDouble), Vector256.Create(RoundingShiftDouble));

    /// <summary>2ⁿ: the shift by 52 drops the bits of 1.5·2⁵² and keeps n + 1023 as the exponent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> PowerOfTwo(Vector256<double> shifted) => ((shifted.AsInt64() + Vector256.Create(1023L)) << 52).AsDouble();

    /// <summary>r = x − n·ln 2 in two parts, |r| ≤ ln 2 / 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Reduce(Vector256<double> x, Vector256<double> shifted)
    {
        Vector256<double> n = shifted - Vector256.Create(RoundingShiftDouble);
        return Simd256.FusedMultiplyAdd(n, Vector256.Create(-Ln2LowDouble), Simd256.FusedMultiplyAdd(n, Vector256.Create(-Ln2HighDouble), x));
    }

    /// <summary>e^r − 1 for |r| ≤ ln 2 / 2: r + r²·P(r), P's twelve terms in Estrin's form (six pairs, then r², r⁴, r⁸).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpMinusOne(Vector256<double> r)
    {
        Vector256<double> r2 = r * r;
        Vector256<double> r4 = r2 * r2;
        Vector256<double> p01 = Simd256.FusedMultiplyAdd(Vector256.Create(1d / 6), r, Vector256.Create(1d / 2));
        Vector256<double> p23 = Simd256.FusedMultiplyAdd(Vector256.Create(1d / 120), r, Vector256.Create(1d / 24));
        Vector256<double> p45 = Simd256.FusedMultiplyAdd(Vector256.Create(1d / 5040), r, Vector256.Create(1d / 720));
        Vector256<double> p67 = Simd256.FusedMultiplyAdd(Vector256.Create(1d / 362880), r, Vector256.Create(1d / 40320));
        Vector256<double> p89 = Simd256.FusedMultiplyAdd(Vector256.Create(1d / 39916800), r, Vector256.Create(1d / 3628800));
        Vector256<double> p1011 = Simd256.FusedMultiplyAdd(Vector256.Create(1d / 6227020800), r, Vector256.Create(1d / 479001600));
        Vector256<double> low = Simd256.FusedMultiplyAdd(p23, r2, p01);
        Vector256<double> middle = Simd256.FusedMultiplyAdd(p67, r2, p45);
        Vector256<double> high = Simd256.FusedMultiplyAdd(p1011, r2, p89);
        Vector256<double> p = Simd256.FusedMultiplyAdd(Simd256.FusedMultiplyAdd(high, r4, middle), r4, low);
        return Simd256.FusedMultiplyAdd(p, r2, r);
    }

    /// <summary>max(0, x), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Relu(Vector256<double> x) => Vector256.Max(x, Vector256<double>.Zero);

    /// <summary>max(0, min(1, 0.2·x + 0.5)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> HardSigmoid(Vector256<double> x) =>
        Simd256.Clamp(Simd256.FusedMultiplyAdd(x, Vector256.Create(0.2d), Vector256.Create(0.5d)), Vector256<double>.Zero, Vector256<double>.One);

    /// <summary>x / (1 + |x|), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Softsign(Vector256<double> x) => x / (Vector256<double>.One + Vector256.Abs(x));

    // ---- double, Vector128 ----

    /// <summary>1 / (1 + e^(−x)), lane by lane, with CellGen's double exponential (see <see cref="Tanh(Vector128{double})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Sigmoid(Vector128<double> x) => Vector128<double>.One / (Vector128<double>.One + ExpInRange(-x));

    /// <summary>tanh(x), lane by lane: sign(x)·(1 − e)/(1 + e) with e = e^(−2|x|), the float formula in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Tanh(Vector128<double> x)
    {
        // Below ExpLowestDouble, e is under 2⁻¹⁰²¹ and tanh is ±1. NaN passes, as in ExpInRange.
        Vector128<double> y = Simd128.MaxNative(Vector128.Create(ExpLowestDouble), Vector128.Abs(x) * Vector128.Create(-2d));
        Vector128<double> shifted = RoundToPowerOfTwo(y);
        Vector128<double> scale = PowerOfTwo(shifted);
        Vector128<double> q = ExpMinusOne(Reduce(y, shifted));
        Vector128<double> eMinusOne = Simd128.FusedMultiplyAdd(scale, q, scale - Vector128<double>.One);
        Vector128<double> onePlusE = Simd128.FusedMultiplyAdd(scale, q, scale + Vector128<double>.One);
        return Simd128.CopySign(-eMinusOne / onePlusE, x);
    }

    /// <summary>e^x with x clamped to [ExpLowestDouble, ExpHighestDouble], NaN kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> ExpInRange(Vector128<double> x)
    {
        Vector128<double> clamped = Simd128.MinNative(Vector128.Create(ExpHighestDouble), Simd128.MaxNative(Vector128.Create(ExpLowestDouble), x));
        Vector128<double> shifted = RoundToPowerOfTwo(clamped);
        Vector128<double> scale = PowerOfTwo(shifted);
        return Simd128.FusedMultiplyAdd(ExpMinusOne(Reduce(clamped, shifted)), scale, scale);
    }

    /// <summary>x·log2(e) + 1.5·2⁵², which leaves n = round(x·log2(e)) in the low mantissa bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> RoundToPowerOfTwo(Vector128<double> x) =>
        Simd128.FusedMultiplyAdd(x, Vector128.Create(Log2EDouble), Vector128.Create(RoundingShiftDouble));

    /// <summary>2ⁿ: the shift by 52 drops the bits of 1.5·2⁵² and keeps n + 1023 as the exponent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> PowerOfTwo(Vector128<double> shifted) => ((shifted.AsInt64() + Vector128.Create(1023L)) << 52).AsDouble();

    /// <summary>r = x − n·ln 2 in two parts, |r| ≤ ln 2 / 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Reduce(Vector128<double> x, Vector128<double> shifted)
    {
        Vector128<double> n = shifted - Vector128.Create(RoundingShiftDouble);
        return Simd128.FusedMultiplyAdd(n, Vector128.Create(-Ln2LowDouble), Simd128.FusedMultiplyAdd(n, Vector128.Create(-Ln2HighDouble), x));
    }

    /// <summary>e^r − 1 for |r| ≤ ln 2 / 2: r + r²·P(r), P's twelve terms in Estrin's form (six pairs, then r², r⁴, r⁸).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> ExpMinusOne(Vector128<double> r)
    {
        Vector128<double> r2 = r * r;
        Vector128<double> r4 = r2 * r2;
        Vector128<double> p01 = Simd128.FusedMultiplyAdd(Vector128.Create(1d / 6), r, Vector128.Create(1d / 2));
        Vector128<double> p23 = Simd128.FusedMultiplyAdd(Vector128.Create(1d / 120), r, Vector128.Create(1d / 24));
        Vector128<double> p45 = Simd128.FusedMultiplyAdd(Vector128.Create(1d / 5040), r, Vector128.Create(1d / 720));
        Vector128<double> p67 = Simd128.FusedMultiplyAdd(Vector128.Create(1d / 362880), r, Vector128.Create(1d / 40320));
        Vector128<double> p89 = Simd128.FusedMultiplyAdd(Vector128.Create(1d / 39916800), r, Vector128.Create(1d / 3628800));
        Vector128<double> p1011 = Simd128.FusedMultiplyAdd(Vector128.Create(1d / 6227020800), r, Vector128.Create(1d / 479001600));
        Vector128<double> low = Simd128.FusedMultiplyAdd(p23, r2, p01);
        Vector128<double> middle = Simd128.FusedMultiplyAdd(p67, r2, p45);
        Vector128<double> high = Simd128.FusedMultiplyAdd(p1011, r2, p89);
        Vector128<double> p = Simd128.FusedMultiplyAdd(Simd128.FusedMultiplyAdd(high, r4, middle), r4, low);
        return Simd128.FusedMultiplyAdd(p, r2, r);
    }

    /// <summary>max(0, x), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Relu(Vector128<double> x) => Vector128.Max(x, Vector128<double>.Zero);

    /// <summary>max(0, min(1, 0.2·x + 0.5)), lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> HardSigmoid(Vector128<double> x) =>
        Simd128.Clamp(Simd128.FusedMultiplyAdd(x, Vector128.Create(0.2d), Vector128.Create(0.5d)), Vector128<double>.Zero, Vector128<double>.One);

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

    /// <summary>
    /// One level of <see cref="Vector512.Sum{T}(Vector512{T})"/>'s tree for two vectors at once:
    /// [a0 + a1, a2 + a3, …, a14 + a15, b0 + b1, …, b14 + b15]. Four levels over sixteen vectors (then over the
    /// halves of the last one) give the sixteen sums in one vector, each added in exactly the order Sum adds it, for a
    /// fraction of Sum's shuffles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> PairSums(Vector512<float> a, Vector512<float> b)
    {
        if (Avx512F.IsSupported)
        {
            Vector512<int> even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            Vector512<int> odd = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
            return Avx512F.PermuteVar16x32x2(a, even, b) + Avx512F.PermuteVar16x32x2(a, odd, b);
        }

        return PairSumsOneByOne(a, b);
    }

    /// <summary>PairSums without AVX-512's two-source permute, a lane at a time.</summary>
    private static Vector512<T> PairSumsOneByOne<T>(Vector512<T> a, Vector512<T> b)
        where T : unmanaged, System.Numerics.IAdditionOperators<T, T, T>
    {
        int half = Vector512<T>.Count / 2;
        Span<T> sums = stackalloc T[Vector512<T>.Count];
        for (int i = 0; i < half; i++)
        {
            sums[i] = a.GetElement(2 * i) + a.GetElement(2 * i + 1);
            sums[half + i] = b.GetElement(2 * i) + b.GetElement(2 * i + 1);
        }

        return Vector512.Create<T>(sums);
    }

    /// <summary>As <see cref="PairSums(Vector512{float}, Vector512{float})"/> for doubles: [a0 + a1, …, a6 + a7, b0 + b1, …, b6 + b7].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> PairSums(Vector512<double> a, Vector512<double> b)
    {
        if (Avx512F.IsSupported)
        {
            Vector512<long> even = Vector512.Create(0L, 2, 4, 6, 8, 10, 12, 14);
            Vector512<long> odd = Vector512.Create(1L, 3, 5, 7, 9, 11, 13, 15);
            return Avx512F.PermuteVar8x64x2(a, even, b) + Avx512F.PermuteVar8x64x2(a, odd, b);
        }

        return PairSumsOneByOne(a, b);
    }

    /// <summary>
    /// Copies the 16 × 16 block at <paramref name="source"/> (rows <paramref name="sourceStride"/> values apart) transposed
    /// to <paramref name="destination"/> (rows <paramref name="destinationStride"/> values apart): destination[j, k] =
    /// source[k, j]. With AVX-512 in 4 stages of two-source permutes, each swapping the off-diagonal blocks of 8, 4, 2, 1 lanes.
    /// The generated cells copy their recurrent weights transposed with it before a backward pass.
    /// </summary>
    public static void TransposeBlock(ref float source, nuint sourceStride, ref float destination, nuint destinationStride)
    {
        if (!Avx512F.IsSupported)
        {
            TransposeOneByOne(ref source, sourceStride, ref destination, destinationStride, 16);
            return;
        }

        Vector512<float> r0 = Vector512.LoadUnsafe(ref source);
        Vector512<float> r1 = Vector512.LoadUnsafe(ref source, sourceStride);
        Vector512<float> r2 = Vector512.LoadUnsafe(ref source, 2 * sourceStride);
        Vector512<float> r3 = Vector512.LoadUnsafe(ref source, 3 * sourceStride);
        Vector512<float> r4 = Vector512.LoadUnsafe(ref source, 4 * sourceStride);
        Vector512<float> r5 = Vector512.LoadUnsafe(ref source, 5 * sourceStride);
        Vector512<float> r6 = Vector512.LoadUnsafe(ref source, 6 * sourceStride);
        Vector512<float> r7 = Vector512.LoadUnsafe(ref source, 7 * sourceStride);
        Vector512<float> r8 = Vector512.LoadUnsafe(ref source, 8 * sourceStride);
        Vector512<float> r9 = Vector512.LoadUnsafe(ref source, 9 * sourceStride);
        Vector512<float> r10 = Vector512.LoadUnsafe(ref source, 10 * sourceStride);
        Vector512<float> r11 = Vector512.LoadUnsafe(ref source, 11 * sourceStride);
        Vector512<float> r12 = Vector512.LoadUnsafe(ref source, 12 * sourceStride);
        Vector512<float> r13 = Vector512.LoadUnsafe(ref source, 13 * sourceStride);
        Vector512<float> r14 = Vector512.LoadUnsafe(ref source, 14 * sourceStride);
        Vector512<float> r15 = Vector512.LoadUnsafe(ref source, 15 * sourceStride);

        // Blocks of 8 lanes: in rows i and i + 8, the blocks off the diagonal change places.
        Vector512<int> low8 = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
        Vector512<int> high8 = Vector512.Create(8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
        (r0, r8) = (Avx512F.PermuteVar16x32x2(r0, low8, r8), Avx512F.PermuteVar16x32x2(r0, high8, r8));
        (r1, r9) = (Avx512F.PermuteVar16x32x2(r1, low8, r9), Avx512F.PermuteVar16x32x2(r1, high8, r9));
        (r2, r10) = (Avx512F.PermuteVar16x32x2(r2, low8, r10), Avx512F.PermuteVar16x32x2(r2, high8, r10));
        (r3, r11) = (Avx512F.PermuteVar16x32x2(r3, low8, r11), Avx512F.PermuteVar16x32x2(r3, high8, r11));
        (r4, r12) = (Avx512F.PermuteVar16x32x2(r4, low8, r12), Avx512F.PermuteVar16x32x2(r4, high8, r12));
        (r5, r13) = (Avx512F.PermuteVar16x32x2(r5, low8, r13), Avx512F.PermuteVar16x32x2(r5, high8, r13));
        (r6, r14) = (Avx512F.PermuteVar16x32x2(r6, low8, r14), Avx512F.PermuteVar16x32x2(r6, high8, r14));
        (r7, r15) = (Avx512F.PermuteVar16x32x2(r7, low8, r15), Avx512F.PermuteVar16x32x2(r7, high8, r15));

        // Blocks of 4 lanes: in rows i and i + 4, the blocks off the diagonal change places.
        Vector512<int> low4 = Vector512.Create(0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27);
        Vector512<int> high4 = Vector512.Create(4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31);
        (r0, r4) = (Avx512F.PermuteVar16x32x2(r0, low4, r4), Avx512F.PermuteVar16x32x2(r0, high4, r4));
        (r1, r5) = (Avx512F.PermuteVar16x32x2(r1, low4, r5), Avx512F.PermuteVar16x32x2(r1, high4, r5));
        (r2, r6) = (Avx512F.PermuteVar16x32x2(r2, low4, r6), Avx512F.PermuteVar16x32x2(r2, high4, r6));
        (r3, r7) = (Avx512F.PermuteVar16x32x2(r3, low4, r7), Avx512F.PermuteVar16x32x2(r3, high4, r7));
        (r8, r12) = (Avx512F.PermuteVar16x32x2(r8, low4, r12), Avx512F.PermuteVar16x32x2(r8, high4, r12));
        (r9, r13) = (Avx512F.PermuteVar16x32x2(r9, low4, r13), Avx512F.PermuteVar16x32x2(r9, high4, r13));
        (r10, r14) = (Avx512F.PermuteVar16x32x2(r10, low4, r14), Avx512F.PermuteVar16x32x2(r10, high4, r14));
        (r11, r15) = (Avx512F.PermuteVar16x32x2(r11, low4, r15), Avx512F.PermuteVar16x32x2(r11, high4, r15));

        // Blocks of 2 lanes: in rows i and i + 2, the blocks off the diagonal change places.
        Vector512<int> low2 = Vector512.Create(0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29);
        Vector512<int> high2 = Vector512.Create(2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31);
        (r0, r2) = (Avx512F.PermuteVar16x32x2(r0, low2, r2), Avx512F.PermuteVar16x32x2(r0, high2, r2));
        (r1, r3) = (Avx512F.PermuteVar16x32x2(r1, low2, r3), Avx512F.PermuteVar16x32x2(r1, high2, r3));
        (r4, r6) = (Avx512F.PermuteVar16x32x2(r4, low2, r6), Avx512F.PermuteVar16x32x2(r4, high2, r6));
        (r5, r7) = (Avx512F.PermuteVar16x32x2(r5, low2, r7), Avx512F.PermuteVar16x32x2(r5, high2, r7));
        (r8, r10) = (Avx512F.PermuteVar16x32x2(r8, low2, r10), Avx512F.PermuteVar16x32x2(r8, high2, r10));
        (r9, r11) = (Avx512F.PermuteVar16x32x2(r9, low2, r11), Avx512F.PermuteVar16x32x2(r9, high2, r11));
        (r12, r14) = (Avx512F.PermuteVar16x32x2(r12, low2, r14), Avx512F.PermuteVar16x32x2(r12, high2, r14));
        (r13, r15) = (Avx512F.PermuteVar16x32x2(r13, low2, r15), Avx512F.PermuteVar16x32x2(r13, high2, r15));

        // Single lanes: in rows i and i + 1, the lanes off the diagonal change places.
        Vector512<int> low1 = Vector512.Create(0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30);
        Vector512<int> high1 = Vector512.Create(1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31);
        (r0, r1) = (Avx512F.PermuteVar16x32x2(r0, low1, r1), Avx512F.PermuteVar16x32x2(r0, high1, r1));
        (r2, r3) = (Avx512F.PermuteVar16x32x2(r2, low1, r3), Avx512F.PermuteVar16x32x2(r2, high1, r3));
        (r4, r5) = (Avx512F.PermuteVar16x32x2(r4, low1, r5), Avx512F.PermuteVar16x32x2(r4, high1, r5));
        (r6, r7) = (Avx512F.PermuteVar16x32x2(r6, low1, r7), Avx512F.PermuteVar16x32x2(r6, high1, r7));
        (r8, r9) = (Avx512F.PermuteVar16x32x2(r8, low1, r9), Avx512F.PermuteVar16x32x2(r8, high1, r9));
        (r10, r11) = (Avx512F.PermuteVar16x32x2(r10, low1, r11), Avx512F.PermuteVar16x32x2(r10, high1, r11));
        (r12, r13) = (Avx512F.PermuteVar16x32x2(r12, low1, r13), Avx512F.PermuteVar16x32x2(r12, high1, r13));
        (r14, r15) = (Avx512F.PermuteVar16x32x2(r14, low1, r15), Avx512F.PermuteVar16x32x2(r14, high1, r15));

        r0.StoreUnsafe(ref destination);
        r1.StoreUnsafe(ref destination, destinationStride);
        r2.StoreUnsafe(ref destination, 2 * destinationStride);
        r3.StoreUnsafe(ref destination, 3 * destinationStride);
        r4.StoreUnsafe(ref destination, 4 * destinationStride);
        r5.StoreUnsafe(ref destination, 5 * destinationStride);
        r6.StoreUnsafe(ref destination, 6 * destinationStride);
        r7.StoreUnsafe(ref destination, 7 * destinationStride);
        r8.StoreUnsafe(ref destination, 8 * destinationStride);
        r9.StoreUnsafe(ref destination, 9 * destinationStride);
        r10.StoreUnsafe(ref destination, 10 * destinationStride);
        r11.StoreUnsafe(ref destination, 11 * destinationStride);
        r12.StoreUnsafe(ref destination, 12 * destinationStride);
        r13.StoreUnsafe(ref destination, 13 * destinationStride);
        r14.StoreUnsafe(ref destination, 14 * destinationStride);
        r15.StoreUnsafe(ref destination, 15 * destinationStride);
    }

    /// <summary>
    /// Copies the 8 × 8 block at <paramref name="source"/> (rows <paramref name="sourceStride"/> values apart) transposed
    /// to <paramref name="destination"/> (rows <paramref name="destinationStride"/> values apart): destination[j, k] =
    /// source[k, j]. With AVX-512 in 3 stages of two-source permutes, each swapping the off-diagonal blocks of 4, 2, 1 lanes.
    /// The generated cells copy their recurrent weights transposed with it before a backward pass.
    /// </summary>
    public static void TransposeBlock(ref double source, nuint sourceStride, ref double destination, nuint destinationStride)
    {
        if (!Avx512F.IsSupported)
        {
            TransposeOneByOne(ref source, sourceStride, ref destination, destinationStride, 8);
            return;
        }

        Vector512<double> r0 = Vector512.LoadUnsafe(ref source);
        Vector512<double> r1 = Vector512.LoadUnsafe(ref source, sourceStride);
        Vector512<double> r2 = Vector512.LoadUnsafe(ref source, 2 * sourceStride);
        Vector512<double> r3 = Vector512.LoadUnsafe(ref source, 3 * sourceStride);
        Vector512<double> r4 = Vector512.LoadUnsafe(ref source, 4 * sourceStride);
        Vector512<double> r5 = Vector512.LoadUnsafe(ref source, 5 * sourceStride);
        Vector512<double> r6 = Vector512.LoadUnsafe(ref source, 6 * sourceStride);
        Vector512<double> r7 = Vector512.LoadUnsafe(ref source, 7 * sourceStride);

        // Blocks of 4 lanes: in rows i and i + 4, the blocks off the diagonal change places.
        Vector512<long> low4 = Vector512.Create(0L, 1, 2, 3, 8, 9, 10, 11);
        Vector512<long> high4 = Vector512.Create(4L, 5, 6, 7, 12, 13, 14, 15);
        (r0, r4) = (Avx512F.PermuteVar8x64x2(r0, low4, r4), Avx512F.PermuteVar8x64x2(r0, high4, r4));
        (r1, r5) = (Avx512F.PermuteVar8x64x2(r1, low4, r5), Avx512F.PermuteVar8x64x2(r1, high4, r5));
        (r2, r6) = (Avx512F.PermuteVar8x64x2(r2, low4, r6), Avx512F.PermuteVar8x64x2(r2, high4, r6));
        (r3, r7) = (Avx512F.PermuteVar8x64x2(r3, low4, r7), Avx512F.PermuteVar8x64x2(r3, high4, r7));

        // Blocks of 2 lanes: in rows i and i + 2, the blocks off the diagonal change places.
        Vector512<long> low2 = Vector512.Create(0L, 1, 8, 9, 4, 5, 12, 13);
        Vector512<long> high2 = Vector512.Create(2L, 3, 10, 11, 6, 7, 14, 15);
        (r0, r2) = (Avx512F.PermuteVar8x64x2(r0, low2, r2), Avx512F.PermuteVar8x64x2(r0, high2, r2));
        (r1, r3) = (Avx512F.PermuteVar8x64x2(r1, low2, r3), Avx512F.PermuteVar8x64x2(r1, high2, r3));
        (r4, r6) = (Avx512F.PermuteVar8x64x2(r4, low2, r6), Avx512F.PermuteVar8x64x2(r4, high2, r6));
        (r5, r7) = (Avx512F.PermuteVar8x64x2(r5, low2, r7), Avx512F.PermuteVar8x64x2(r5, high2, r7));

        // Single lanes: in rows i and i + 1, the lanes off the diagonal change places.
        Vector512<long> low1 = Vector512.Create(0L, 8, 2, 10, 4, 12, 6, 14);
        Vector512<long> high1 = Vector512.Create(1L, 9, 3, 11, 5, 13, 7, 15);
        (r0, r1) = (Avx512F.PermuteVar8x64x2(r0, low1, r1), Avx512F.PermuteVar8x64x2(r0, high1, r1));
        (r2, r3) = (Avx512F.PermuteVar8x64x2(r2, low1, r3), Avx512F.PermuteVar8x64x2(r2, high1, r3));
        (r4, r5) = (Avx512F.PermuteVar8x64x2(r4, low1, r5), Avx512F.PermuteVar8x64x2(r4, high1, r5));
        (r6, r7) = (Avx512F.PermuteVar8x64x2(r6, low1, r7), Avx512F.PermuteVar8x64x2(r6, high1, r7));

        r0.StoreUnsafe(ref destination);
        r1.StoreUnsafe(ref destination, destinationStride);
        r2.StoreUnsafe(ref destination, 2 * destinationStride);
        r3.StoreUnsafe(ref destination, 3 * destinationStride);
        r4.StoreUnsafe(ref destination, 4 * destinationStride);
        r5.StoreUnsafe(ref destination, 5 * destinationStride);
        r6.StoreUnsafe(ref destination, 6 * destinationStride);
        r7.StoreUnsafe(ref destination, 7 * destinationStride);
    }

    /// <summary>TransposeBlock without AVX-512: the <paramref name="size"/> × <paramref name="size"/> block a value at a time.</summary>
    private static void TransposeOneByOne<T>(ref T source, nuint sourceStride, ref T destination, nuint destinationStride, nuint size)
    {
        for (nuint k = 0; k < size; k++)
        {
            for (nuint j = 0; j < size; j++)
            {
                Unsafe.Add(ref destination, j * destinationStride + k) = Unsafe.Add(ref source, k * sourceStride + j);
            }
        }
    }
}
