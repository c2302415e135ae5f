using System;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using CellGen.Numerics;

namespace CellGen.Benchmarks;

/// <summary>
/// The float activations over 1,024 values: the runtime's Vector512.Exp, CellMath's vectorized tanh and sigmoid, and
/// scalar MathF.Tanh, in one run. These are throughputs (every vector independent of the others);
/// <see cref="FloorBenchmarks"/> has their latencies.
/// </summary>
public class ActivationBenchmarks
{
    private readonly float[] _values = new float[1024];
    private readonly float[] _results = new float[1024];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (int i = 0; i < _values.Length; i++)
        {
            _values[i] = (float)(random.NextDouble() * 16 - 8);
        }
    }

    [Benchmark(Baseline = true)]
    public void Exp_Vector512Exp()
    {
        for (int i = 0; i < _values.Length; i += 16)
        {
            Vector512.Exp(Vector512.LoadUnsafe(ref _values[i])).StoreUnsafe(ref _results[i]);
        }
    }

    [Benchmark]
    public void Tanh_CellMath()
    {
        for (int i = 0; i < _values.Length; i += 16)
        {
            CellMath.Tanh(Vector512.LoadUnsafe(ref _values[i])).StoreUnsafe(ref _results[i]);
        }
    }

    [Benchmark]
    public void Sigmoid_CellMath()
    {
        for (int i = 0; i < _values.Length; i += 16)
        {
            CellMath.Sigmoid(Vector512.LoadUnsafe(ref _values[i])).StoreUnsafe(ref _results[i]);
        }
    }

    [Benchmark]
    public void Tanh_ScalarMathF()
    {
        for (int i = 0; i < _values.Length; i++)
        {
            _results[i] = MathF.Tanh(_values[i]);
        }
    }
}
