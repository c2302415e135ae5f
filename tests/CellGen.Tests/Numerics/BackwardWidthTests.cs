using System;
using System.Linq;
using System.Runtime.CompilerServices;
using CellGen.Tests.Numerics.Sweep;
using Xunit;

namespace CellGen.Tests.Numerics;

/// <summary>
/// The backward kernels of every width, called directly (the dispatcher runs only the widest one the machine has), on
/// the same recorded steps. The weight gradients summed over a sequence must agree bit for bit: each element is the
/// same chain of multiply-adds over the steps, in step order, at every width. One backward step must agree to float
/// rounding: its row products are summed across lanes, whose grouping depends on the width.
/// </summary>
public class BackwardWidthTests
{
    private const int Steps = 7;

    private delegate void StepKernel<TCell>(
        TCell cell, ReadOnlySpan<float> input, ReadOnlySpan<float> record, ReadOnlySpan<float> stepGradient, Span<float> previousGradient,
        Span<float> inputGradient, Span<float> parameterGradients, Span<float> gateGradients);

    private delegate void SumKernel<TCell>(TCell cell, ReadOnlySpan<float> inputs, ReadOnlySpan<float> records, ReadOnlySpan<float> gateGradients, int steps, Span<float> parameterGradients);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "BackwardStepVector512")]
    private static extern void LstmStep512(LstmF33 c, ReadOnlySpan<float> i, ReadOnlySpan<float> r, ReadOnlySpan<float> g, Span<float> p, Span<float> dx, Span<float> dt, Span<float> dz);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "BackwardStepVector256")]
    private static extern void LstmStep256(LstmF33 c, ReadOnlySpan<float> i, ReadOnlySpan<float> r, ReadOnlySpan<float> g, Span<float> p, Span<float> dx, Span<float> dt, Span<float> dz);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "BackwardStepVector128")]
    private static extern void LstmStep128(LstmF33 c, ReadOnlySpan<float> i, ReadOnlySpan<float> r, ReadOnlySpan<float> g, Span<float> p, Span<float> dx, Span<float> dt, Span<float> dz);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "BackwardStepScalar")]
    private static extern void LstmStepScalar(LstmF33 c, ReadOnlySpan<float> i, ReadOnlySpan<float> r, ReadOnlySpan<float> g, Span<float> p, Span<float> dx, Span<float> dt, Span<float> dz);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "AccumulateWeightGradientsVector512")]
    private static extern void LstmSum512(LstmF33 c, ReadOnlySpan<float> i, ReadOnlySpan<float> r, ReadOnlySpan<float> dz, int steps, Span<float> dt);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "AccumulateWeightGradientsVector256")]
    private static extern void LstmSum256(LstmF33 c, ReadOnlySpan<float> i, ReadOnlySpan<float> r, ReadOnlySpan<float> dz, int steps, Span<float> dt);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "AccumulateWeightGradientsVector128")]
    private static extern void LstmSum128(LstmF33 c, ReadOnlySpan<float> i, ReadOnlySpan<float> r, ReadOnlySpan<float> dz, int steps, Span<float> dt);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "AccumulateWeightGradientsScalar")]
    private static extern void LstmSumScalar(LstmF33 c, ReadOnlySpan<float> i, ReadOnlySpan<float> r, ReadOnlySpan<float> dz, int steps, Span<float> dt);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "BackwardStepVector512")]
    private static extern void GruStep512(GruBeforeF17 c, ReadOnlySpan<float> i, ReadOnlySpan<float> r, ReadOnlySpan<float> g, Span<float> p, Span<float> dx, Span<float> dt, Span<float> dz);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "BackwardStepVector256")]
    private static extern void GruStep256(GruBeforeF17 c, ReadOnlySpan<float> i, ReadOnlySpan<float> r, ReadOnlySpan<float> g, Span<float> p, Span<float> dx, Span<float> dt, Span<float> dz);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "BackwardStepVector128")]
    private static extern void GruStep128(GruBeforeF17 c, ReadOnlySpan<float> i, ReadOnlySpan<float> r, ReadOnlySpan<float> g, Span<float> p, Span<float> dx, Span<float> dt, Span<float> dz);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "BackwardStepScalar")]
    private static extern void GruStepScalar(GruBeforeF17 c, ReadOnlySpan<float> i, ReadOnlySpan<float> r, ReadOnlySpan<float> g, Span<float> p, Span<float> dx, Span<float> dt, Span<float> dz);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "AccumulateWeightGradientsVector512")]
    private static extern void GruSum512(GruBeforeF17 c, ReadOnlySpan<float> i, ReadOnlySpan<float> r, ReadOnlySpan<float> dz, int steps, Span<float> dt);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "AccumulateWeightGradientsVector256")]
    private static extern void GruSum256(GruBeforeF17 c, ReadOnlySpan<float> i, ReadOnlySpan<float> r, ReadOnlySpan<float> dz, int steps, Span<float> dt);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "AccumulateWeightGradientsVector128")]
    private static extern void GruSum128(GruBeforeF17 c, ReadOnlySpan<float> i, ReadOnlySpan<float> r, ReadOnlySpan<float> dz, int steps, Span<float> dt);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "AccumulateWeightGradientsScalar")]
    private static extern void GruSumScalar(GruBeforeF17 c, ReadOnlySpan<float> i, ReadOnlySpan<float> r, ReadOnlySpan<float> dz, int steps, Span<float> dt);

    [Fact]
    public void Lstm_backward_kernels_of_every_width_agree() =>
        // Hidden 33 rows and columns: four-row blocks and a tail row; 2 × 16, 32 + 1 and 4 × 8 + 1 columns.
        AssertAllAgree(new LstmF33(), LstmF33.TapeValuesPerStep, 4 * LstmF33.HiddenSize,
            new StepKernel<LstmF33>[] { LstmStep512, LstmStep256, LstmStep128, LstmStepScalar },
            new SumKernel<LstmF33>[] { LstmSum512, LstmSum256, LstmSum128, LstmSumScalar });

    [Fact]
    public void Reset_before_gru_backward_kernels_of_every_width_agree() =>
        // The candidate's recurrent weights read r ⊙ h(t−1) and have their own pass.
        AssertAllAgree(new GruBeforeF17(), GruBeforeF17.TapeValuesPerStep, 4 * GruBeforeF17.HiddenSize,
            new StepKernel<GruBeforeF17>[] { GruStep512, GruStep256, GruStep128, GruStepScalar },
            new SumKernel<GruBeforeF17>[] { GruSum512, GruSum256, GruSum128, GruSumScalar });

    private static void AssertAllAgree<TCell>(TCell cell, int tapeValuesPerStep, int gateGradientsPerStep, StepKernel<TCell>[] steps, SumKernel<TCell>[] sums)
        where TCell : IRecurrentCell<float>
    {
        var random = new Random(3);
        Span<float> parameters = cell.Parameters;
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = (float)(random.NextDouble() - 0.5);
        }

        float[] inputs = Enumerable.Range(0, Steps * cell.InputSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] state = Enumerable.Range(0, cell.StateSize).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var tape = new SequenceTape<float>();
        cell.Forward(inputs, state, new float[Steps * cell.OutputSize], tape);
        float[] records = tape.Read(cell, tapeValuesPerStep, Steps).ToArray();
        float[] stepGradient = Enumerable.Range(0, cell.StateSize).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] lastInput = inputs.AsSpan((Steps - 1) * cell.InputSize, cell.InputSize).ToArray();
        float[] lastRecord = records.AsSpan((Steps - 1) * tapeValuesPerStep, tapeValuesPerStep).ToArray();

        (float[] Previous, float[] Input, float[] Parameters, float[] Gates) Step(StepKernel<TCell> kernel)
        {
            var result = (new float[cell.StateSize], new float[cell.InputSize], new float[cell.ParameterCount], new float[gateGradientsPerStep]);
            kernel(cell, lastInput, lastRecord, stepGradient, result.Item1, result.Item2, result.Item3, result.Item4);
            return result;
        }

        var reference = Step(steps[0]);
        Assert.Contains(reference.Previous, v => v != 0);
        Assert.Contains(reference.Input, v => v != 0);
        foreach (StepKernel<TCell> kernel in steps.Skip(1))
        {
            var other = Step(kernel);
            AssertClose(reference.Previous, other.Previous, "dstate");
            AssertClose(reference.Input, other.Input, "dx");
            AssertClose(reference.Parameters, other.Parameters, "bias gradients");
            AssertClose(reference.Gates, other.Gates, "gate gradients");
        }

        float[] gateGradients = Enumerable.Range(0, Steps * gateGradientsPerStep).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] Sum(SumKernel<TCell> kernel)
        {
            float[] gradients = Enumerable.Range(0, cell.ParameterCount).Select(i => i * 1e-3f).ToArray();
            kernel(cell, inputs, records, gateGradients, Steps, gradients);
            return gradients;
        }

        float[] expected = Sum(sums[0]);
        Assert.Contains(Enumerable.Range(0, expected.Length), i => expected[i] != i * 1e-3f);
        foreach (SumKernel<TCell> kernel in sums.Skip(1))
        {
            Assert.Equal(expected, Sum(kernel));
        }
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"{what}[{i}]: {actual[i]} vs {expected[i]}");
        }
    }
}
