using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using CellGen.Numerics;

namespace CellGen.Benchmarks;

/// <summary>
/// What this machine allows a step, measured in the same run as the cells: the latency and throughput of a 512-bit
/// fused multiply-add, and the latency of CellMath's activations and of the LSTM's activation chain (with
/// <see cref="LstmWeightReadBenchmarks"/>, the time to read a cell's weights). A step cannot beat the chain of work it must
/// wait on, so the speed issue's absolute targets are read against these (bench/README.md).
/// </summary>
/// <remarks>Every method reports per operation (<c>OperationsPerInvoke</c>): one multiply-add, one activation, or one LSTM
/// step's activations.</remarks>
[MedianColumn]
public class FloorBenchmarks
{
    private const int ChainLength = 1024;

    /// <summary>One multiply-add that waits for the one before it: the cost of each link in a chain of sums.</summary>
    [Benchmark(OperationsPerInvoke = ChainLength)]
    public Vector512<float> FmaLatency()
    {
        Vector512<float> sum = Vector512.Create(0.25f), factor = Vector512.Create(0.999f);
        for (int i = 0; i < ChainLength; i += 4)
        {
            sum = Vector512.FusedMultiplyAdd(sum, factor, factor);
            sum = Vector512.FusedMultiplyAdd(sum, factor, factor);
            sum = Vector512.FusedMultiplyAdd(sum, factor, factor);
            sum = Vector512.FusedMultiplyAdd(sum, factor, factor);
        }

        return sum;
    }

    /// <summary>Twelve independent chains: as many 512-bit multiply-adds per nanosecond as the core retires.</summary>
    [Benchmark(OperationsPerInvoke = ChainLength * 12)]
    public Vector512<float> FmaThroughput()
    {
        Vector512<float> factor = Vector512.Create(0.999f);
        Vector512<float> s0 = factor, s1 = factor, s2 = factor, s3 = factor, s4 = factor, s5 = factor;
        Vector512<float> s6 = factor, s7 = factor, s8 = factor, s9 = factor, s10 = factor, s11 = factor;
        for (int i = 0; i < ChainLength; i++)
        {
            s0 = Vector512.FusedMultiplyAdd(s0, factor, factor);
            s1 = Vector512.FusedMultiplyAdd(s1, factor, factor);
            s2 = Vector512.FusedMultiplyAdd(s2, factor, factor);
            s3 = Vector512.FusedMultiplyAdd(s3, factor, factor);
            s4 = Vector512.FusedMultiplyAdd(s4, factor, factor);
            s5 = Vector512.FusedMultiplyAdd(s5, factor, factor);
            s6 = Vector512.FusedMultiplyAdd(s6, factor, factor);
            s7 = Vector512.FusedMultiplyAdd(s7, factor, factor);
            s8 = Vector512.FusedMultiplyAdd(s8, factor, factor);
            s9 = Vector512.FusedMultiplyAdd(s9, factor, factor);
            s10 = Vector512.FusedMultiplyAdd(s10, factor, factor);
            s11 = Vector512.FusedMultiplyAdd(s11, factor, factor);
        }

        return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11;
    }

    /// <summary>CellMath.Sigmoid on 8 floats, each call waiting for the one before.</summary>
    [Benchmark(OperationsPerInvoke = ChainLength)]
    public Vector256<float> SigmoidLatency()
    {
        Vector256<float> value = Vector256.Create(0.3f);
        for (int i = 0; i < ChainLength; i++)
        {
            value = CellMath.Sigmoid(value);
        }

        return value;
    }

    /// <summary>CellMath.Tanh on 8 floats, each call waiting for the one before.</summary>
    [Benchmark(OperationsPerInvoke = ChainLength)]
    public Vector256<float> TanhLatency()
    {
        Vector256<float> value = Vector256.Create(0.3f);
        for (int i = 0; i < ChainLength; i++)
        {
            value = CellMath.Tanh(value);
        }

        return value;
    }

    /// <summary>
    /// An 8-unit LSTM step without its products: the gates' activations (independent of each other), c(t) = f ⊙ c + i ⊙ g,
    /// then h(t) = o ⊙ tanh(c(t)), each step waiting for the h and c before it. This chain is what remains of LSTM(1, 8)'s
    /// step once its 9-deep chain of multiply-adds is done.
    /// </summary>
    [Benchmark(OperationsPerInvoke = ChainLength)]
    public Vector256<float> LstmActivationChain()
    {
        Vector256<float> hidden = Vector256.Create(0.3f), cell = Vector256.Create(0.1f);
        for (int i = 0; i < ChainLength; i++)
        {
            Vector256<float> inputGate = CellMath.Sigmoid(hidden);
            Vector256<float> forgetGate = CellMath.Sigmoid(hidden + Vector256.Create(0.5f));
            Vector256<float> candidate = CellMath.Tanh(hidden - Vector256.Create(0.25f));
            Vector256<float> outputGate = CellMath.Sigmoid(hidden * Vector256.Create(0.5f));
            cell = Vector256.FusedMultiplyAdd(forgetGate, cell, inputGate * candidate);
            hidden = outputGate * CellMath.Tanh(cell);
        }

        return hidden + cell;
    }
}
