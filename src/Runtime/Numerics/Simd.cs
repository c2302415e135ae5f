// The vector operations .NET 9 added to Vector128, Vector256 and Vector512 and CellGen uses: on .NET 9 and later they
// are the runtime's own (the aliases below), on .NET 8 CellGen's (the classes after them). The CellGen build for .NET 8
// calls them, and so does the code the generator writes for a project that targets .NET 8.
#if NET9_0_OR_GREATER
global using Simd128 = System.Runtime.Intrinsics.Vector128;
global using Simd256 = System.Runtime.Intrinsics.Vector256;
global using Simd512 = System.Runtime.Intrinsics.Vector512;
#else
using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace CellGen.Numerics;

/// <summary>
/// What .NET 9's <see cref="Vector128"/> has and .NET 8's lacks, for CellGen's .NET 8 build and the cells generated in
/// projects that target .NET 8. Fused multiply-adds round once, as .NET 9's do, on every machine.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Simd128
{
    /// <summary>a × b + c, rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> FusedMultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c)
    {
        if (Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a, b, c);
        }

        if (AdvSimd.IsSupported)
        {
            return AdvSimd.FusedMultiplyAdd(c, a, b);
        }

        return Vector128.Create(
            MathF.FusedMultiplyAdd(a[0], b[0], c[0]), MathF.FusedMultiplyAdd(a[1], b[1], c[1]),
            MathF.FusedMultiplyAdd(a[2], b[2], c[2]), MathF.FusedMultiplyAdd(a[3], b[3], c[3]));
    }

    /// <summary>a × b + c, rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> FusedMultiplyAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c)
    {
        if (Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a, b, c);
        }

        if (AdvSimd.Arm64.IsSupported)
        {
            return AdvSimd.Arm64.FusedMultiplyAdd(c, a, b);
        }

        return Vector128.Create(Math.FusedMultiplyAdd(a[0], b[0], c[0]), Math.FusedMultiplyAdd(a[1], b[1], c[1]));
    }

    /// <summary>Each lane of <paramref name="value"/> limited to [min, max].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Clamp<T>(Vector128<T> value, Vector128<T> min, Vector128<T> max) =>
        Vector128.Min(Vector128.Max(value, min), max);

    /// <summary>The larger of each pair of lanes, as the hardware's instruction gives it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MaxNative<T>(Vector128<T> left, Vector128<T> right) => Vector128.Max(left, right);

    /// <summary>The smaller of each pair of lanes, as the hardware's instruction gives it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MinNative<T>(Vector128<T> left, Vector128<T> right) => Vector128.Min(left, right);

    /// <summary>The magnitude of <paramref name="value"/> with the sign of <paramref name="sign"/>, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> CopySign(Vector128<float> value, Vector128<float> sign) =>
        Vector128.ConditionalSelect(Vector128.Create(-0f), sign, value);

    /// <summary>The magnitude of <paramref name="value"/> with the sign of <paramref name="sign"/>, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> CopySign(Vector128<double> value, Vector128<double> sign) =>
        Vector128.ConditionalSelect(Vector128.Create(-0d), sign, value);
}

/// <summary>What .NET 9's <see cref="Vector256"/> has and .NET 8's lacks (see <see cref="Simd128"/>).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Simd256
{
    /// <summary>a × b + c, rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FusedMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported
            ? Fma.MultiplyAdd(a, b, c)
            : Vector256.Create(
                Simd128.FusedMultiplyAdd(a.GetLower(), b.GetLower(), c.GetLower()),
                Simd128.FusedMultiplyAdd(a.GetUpper(), b.GetUpper(), c.GetUpper()));

    /// <summary>a × b + c, rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> FusedMultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
        Fma.IsSupported
            ? Fma.MultiplyAdd(a, b, c)
            : Vector256.Create(
                Simd128.FusedMultiplyAdd(a.GetLower(), b.GetLower(), c.GetLower()),
                Simd128.FusedMultiplyAdd(a.GetUpper(), b.GetUpper(), c.GetUpper()));

    /// <summary>Each lane of <paramref name="value"/> limited to [min, max].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Clamp<T>(Vector256<T> value, Vector256<T> min, Vector256<T> max) =>
        Vector256.Min(Vector256.Max(value, min), max);

    /// <summary>The larger of each pair of lanes, as the hardware's instruction gives it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MaxNative<T>(Vector256<T> left, Vector256<T> right) => Vector256.Max(left, right);

    /// <summary>The smaller of each pair of lanes, as the hardware's instruction gives it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MinNative<T>(Vector256<T> left, Vector256<T> right) => Vector256.Min(left, right);

    /// <summary>The magnitude of <paramref name="value"/> with the sign of <paramref name="sign"/>, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> CopySign(Vector256<float> value, Vector256<float> sign) =>
        Vector256.ConditionalSelect(Vector256.Create(-0f), sign, value);

    /// <summary>The magnitude of <paramref name="value"/> with the sign of <paramref name="sign"/>, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> CopySign(Vector256<double> value, Vector256<double> sign) =>
        Vector256.ConditionalSelect(Vector256.Create(-0d), sign, value);
}

/// <summary>What .NET 9's <see cref="Vector512"/> has and .NET 8's lacks (see <see cref="Simd128"/>).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Simd512
{
    /// <summary>a × b + c, rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Avx512F.IsSupported
            ? Avx512F.FusedMultiplyAdd(a, b, c)
            : Vector512.Create(
                Simd256.FusedMultiplyAdd(a.GetLower(), b.GetLower(), c.GetLower()),
                Simd256.FusedMultiplyAdd(a.GetUpper(), b.GetUpper(), c.GetUpper()));

    /// <summary>a × b + c, rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> FusedMultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) =>
        Avx512F.IsSupported
            ? Avx512F.FusedMultiplyAdd(a, b, c)
            : Vector512.Create(
                Simd256.FusedMultiplyAdd(a.GetLower(), b.GetLower(), c.GetLower()),
                Simd256.FusedMultiplyAdd(a.GetUpper(), b.GetUpper(), c.GetUpper()));

    /// <summary>Each lane of <paramref name="value"/> limited to [min, max].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Clamp<T>(Vector512<T> value, Vector512<T> min, Vector512<T> max) =>
        Vector512.Min(Vector512.Max(value, min), max);

    /// <summary>The larger of each pair of lanes, as the hardware's instruction gives it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MaxNative<T>(Vector512<T> left, Vector512<T> right) => Vector512.Max(left, right);

    /// <summary>The smaller of each pair of lanes, as the hardware's instruction gives it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MinNative<T>(Vector512<T> left, Vector512<T> right) => Vector512.Min(left, right);

    /// <summary>The magnitude of <paramref name="value"/> with the sign of <paramref name="sign"/>, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> CopySign(Vector512<float> value, Vector512<float> sign) =>
        Vector512.ConditionalSelect(Vector512.Create(-0f), sign, value);

    /// <summary>The magnitude of <paramref name="value"/> with the sign of <paramref name="sign"/>, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> CopySign(Vector512<double> value, Vector512<double> sign) =>
        Vector512.ConditionalSelect(Vector512.Create(-0d), sign, value);
}
#endif
