using System;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using CellGen.Numerics;

namespace CellGen.Benchmarks;

/// <summary>
/// One pass over an LSTM's parameters, as many bytes as a streaming step of that LSTM reads, at the speed of whichever
/// cache holds them: the weight-read floor of a step on this machine, measured in the same run as the cells.
/// </summary>
[MedianColumn]
public class LstmWeightReadBenchmarks
{
    private const int Passes = 16;

    private AlignedBuffer<float> _weights = new(16);

    /// <summary>The benchmark LSTM whose parameters one pass reads, as "Input x Hidden". The column is named Shape, as in
    /// the peers' benchmarks, so that the plot draws this floor beside the cells.</summary>
    [Params("1x8", "3x32", "3x64", "16x128", "64x256")]
    public string Shape { get; set; } = "3x64";

    [GlobalSetup]
    public void Setup()
    {
        int count = Shape switch
        {
            "1x8" => Lstm1x8.ParameterCount,
            "3x32" => Lstm3x32.ParameterCount,
            "3x64" => Lstm3x64.ParameterCount,
            "16x128" => Lstm16x128.ParameterCount,
            "64x256" => Lstm64x256.ParameterCount,
            _ => throw new ArgumentException($"No benchmark LSTM has the shape '{Shape}'.", nameof(Shape)),
        };
        // Whole 512-bit vectors; the rounding adds at most 15 floats to the pass.
        _weights = new AlignedBuffer<float>((count + 15) / 16 * 16);
        _weights.AsSpan().Fill(0.5f);
    }

    /// <summary>One pass over the parameters with 512-bit loads into eight sums, repeated.</summary>
    [Benchmark(OperationsPerInvoke = Passes)]
    public Vector512<float> ReadWeights()
    {
        ref float start = ref _weights.Reference;
        nuint length = (nuint)_weights.Length;
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
        Vector512<float> s4 = default, s5 = default, s6 = default, s7 = default;
        for (int pass = 0; pass < Passes; pass++)
        {
            nuint i = 0;
            for (; i + 128 <= length; i += 128)
            {
                s0 += Vector512.LoadUnsafe(ref start, i);
                s1 += Vector512.LoadUnsafe(ref start, i + 16);
                s2 += Vector512.LoadUnsafe(ref start, i + 32);
                s3 += Vector512.LoadUnsafe(ref start, i + 48);
                s4 += Vector512.LoadUnsafe(ref start, i + 64);
                s5 += Vector512.LoadUnsafe(ref start, i + 80);
                s6 += Vector512.LoadUnsafe(ref start, i + 96);
                s7 += Vector512.LoadUnsafe(ref start, i + 112);
            }

            for (; i < length; i += 16)
            {
                s0 += Vector512.LoadUnsafe(ref start, i);
            }
        }

        return (s0 + s1) + (s2 + s3) + ((s4 + s5) + (s6 + s7));
    }

    /// <summary>
    /// The same passes, every other one from the end back to the start, as the tiled step goes through its tiles: each
    /// pass starts on what the pass before ended on, which the first-level cache still holds. Where the weights outgrow
    /// that cache this reads faster than <see cref="ReadWeights"/>, and it is the floor of a step that alternates.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Passes)]
    public Vector512<float> ReadWeightsAlternating()
    {
        ref float start = ref _weights.Reference;
        nuint length = (nuint)_weights.Length;
        nuint blocks = length / 128;
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
        Vector512<float> s4 = default, s5 = default, s6 = default, s7 = default;
        for (int pass = 0; pass < Passes; pass++)
        {
            for (nuint b = 0; b < blocks; b++)
            {
                nuint i = (pass & 1) == 0 ? b * 128 : (blocks - 1 - b) * 128;
                s0 += Vector512.LoadUnsafe(ref start, i);
                s1 += Vector512.LoadUnsafe(ref start, i + 16);
                s2 += Vector512.LoadUnsafe(ref start, i + 32);
                s3 += Vector512.LoadUnsafe(ref start, i + 48);
                s4 += Vector512.LoadUnsafe(ref start, i + 64);
                s5 += Vector512.LoadUnsafe(ref start, i + 80);
                s6 += Vector512.LoadUnsafe(ref start, i + 96);
                s7 += Vector512.LoadUnsafe(ref start, i + 112);
            }

            for (nuint i = blocks * 128; i < length; i += 16)
            {
                s0 += Vector512.LoadUnsafe(ref start, i);
            }
        }

        return (s0 + s1) + (s2 + s3) + ((s4 + s5) + (s6 + s7));
    }
}
