using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using CellGen.Tests.Numerics.Reference;
using CellGen.Tests.Numerics.Sweep;
using Xunit;

namespace CellGen.Tests.Numerics;

[LstmCell(Input = 64, Hidden = 4096, Peephole = true, Clip = 3, Output = 4096, OutputActivation = Activation.Softmax)]
public partial class LargestLstm { }

[GruCell(Input = 4096, Hidden = 4096, ResetAfter = false, Output = 4096, ElementType = typeof(double))]
public partial class LargestGru { }

[LstmCell(Input = 3, Hidden = 32)]
public partial class LstmAheadF32 { }

[LstmCell(Input = 3, Hidden = 32, Peephole = true)]
public partial class LstmPeepholeAheadF32 { }

/// <summary>
/// The dispatcher runs only the widest accelerated path, so on a machine with AVX-512 the 256-bit, 128-bit and scalar
/// kernels of a large cell never run. These tests call each width's kernel directly and require the same state from
/// all of them; and they bound the IL size of every generated method, whatever the cell's size, so that the JIT
/// always optimizes them fully (it gives up above about 60,000 IL bytes).
/// </summary>
public class WidthPathTests
{
    private delegate void Kernel(ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector512")]
    private static extern void Lstm512(LstmF33 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector256")]
    private static extern void Lstm256(LstmF33 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector128")]
    private static extern void Lstm128(LstmF33 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateScalar")]
    private static extern void LstmScalar(LstmF33 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector512")]
    private static extern void Lstm28At512(LstmF28 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector256")]
    private static extern void Lstm28At256(LstmF28 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector128")]
    private static extern void Lstm28At128(LstmF28 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateScalar")]
    private static extern void Lstm28Scalar(LstmF28 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector512")]
    private static extern void Gru512(GruBeforeF17 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector256")]
    private static extern void Gru256(GruBeforeF17 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector128")]
    private static extern void Gru128(GruBeforeF17 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateScalar")]
    private static extern void GruScalar(GruBeforeF17 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ProjectOutputVector512")]
    private static extern void Output512(RnnF1 cell, ReadOnlySpan<float> hidden, Span<float> output);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ProjectOutputVector256")]
    private static extern void Output256(RnnF1 cell, ReadOnlySpan<float> hidden, Span<float> output);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ProjectOutputVector128")]
    private static extern void Output128(RnnF1 cell, ReadOnlySpan<float> hidden, Span<float> output);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ProjectOutputScalar")]
    private static extern void OutputScalar(RnnF1 cell, ReadOnlySpan<float> hidden, Span<float> output);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector512")]
    private static extern void Lstm48At512(LstmF48 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector256")]
    private static extern void Lstm48At256(LstmF48 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector512")]
    private static extern void Lstm64At512(LstmI3H64F cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector256")]
    private static extern void Lstm64At256(LstmI3H64F cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector512")]
    private static extern void GruBefore64At512(GruBeforeF64 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector256")]
    private static extern void GruBefore64At256(GruBeforeF64 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector512")]
    private static extern void Ahead512(LstmAheadF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector256")]
    private static extern void Ahead256(LstmAheadF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector128")]
    private static extern void Ahead128(LstmAheadF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateScalar")]
    private static extern void AheadScalar(LstmAheadF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector512")]
    private static extern void PeepholeAhead512(LstmPeepholeAheadF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector256")]
    private static extern void PeepholeAhead256(LstmPeepholeAheadF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector128")]
    private static extern void PeepholeAhead128(LstmPeepholeAheadF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateScalar")]
    private static extern void PeepholeAheadScalar(LstmPeepholeAheadF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector512")]
    private static extern void GruAfter512(GruF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector256")]
    private static extern void GruAfter256(GruF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector128")]
    private static extern void GruAfter128(GruF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateScalar")]
    private static extern void GruAfterScalar(GruF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector512")]
    private static extern void GruBefore32At512(GruBeforeF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector256")]
    private static extern void GruBefore32At256(GruBeforeF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector128")]
    private static extern void GruBefore32At128(GruBeforeF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateScalar")]
    private static extern void GruBefore32Scalar(GruBeforeF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector512")]
    private static extern void Clipped512(LstmF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector256")]
    private static extern void Clipped256(LstmF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateVector128")]
    private static extern void Clipped128(LstmF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ComputeStateScalar")]
    private static extern void ClippedScalar(LstmF32 cell, ReadOnlySpan<float> input, ReadOnlySpan<float> state, Span<float> next);

    /// <summary>
    /// Below 512 bits, a step whose sums are parked applies the activations that read only their own sum ahead of the
    /// rest, one to a loop: all four gates of an LSTM, only the candidate of an LSTM with peepholes, none of an LSTM
    /// that clips, r and z of both GRUs and the reset-before GRU's candidate. 32 units are four tiles at 256 bits and
    /// eight at 128; every width must give the 512-bit step's state.
    /// </summary>
    [Fact]
    public void Steps_that_activate_ahead_agree_with_the_512_bit_step()
    {
        var lstm = Randomized(new LstmAheadF32());
        AssertAllAgree(LstmAheadF32.StateSize, LstmAheadF32.InputSize,
            (i, s, n) => Ahead512(lstm, i, s, n), (i, s, n) => Ahead256(lstm, i, s, n), (i, s, n) => Ahead128(lstm, i, s, n), (i, s, n) => AheadScalar(lstm, i, s, n));
        var peephole = Randomized(new LstmPeepholeAheadF32());
        AssertAllAgree(LstmPeepholeAheadF32.StateSize, LstmPeepholeAheadF32.InputSize,
            (i, s, n) => PeepholeAhead512(peephole, i, s, n), (i, s, n) => PeepholeAhead256(peephole, i, s, n), (i, s, n) => PeepholeAhead128(peephole, i, s, n), (i, s, n) => PeepholeAheadScalar(peephole, i, s, n));
        var clipped = Randomized(new LstmF32());
        AssertAllAgree(LstmF32.StateSize, LstmF32.InputSize,
            (i, s, n) => Clipped512(clipped, i, s, n), (i, s, n) => Clipped256(clipped, i, s, n), (i, s, n) => Clipped128(clipped, i, s, n), (i, s, n) => ClippedScalar(clipped, i, s, n));
        var gruAfter = Randomized(new GruF32());
        AssertAllAgree(GruF32.StateSize, GruF32.InputSize,
            (i, s, n) => GruAfter512(gruAfter, i, s, n), (i, s, n) => GruAfter256(gruAfter, i, s, n), (i, s, n) => GruAfter128(gruAfter, i, s, n), (i, s, n) => GruAfterScalar(gruAfter, i, s, n));
        var gruBefore = Randomized(new GruBeforeF32());
        AssertAllAgree(GruBeforeF32.StateSize, GruBeforeF32.InputSize,
            (i, s, n) => GruBefore32At512(gruBefore, i, s, n), (i, s, n) => GruBefore32At256(gruBefore, i, s, n), (i, s, n) => GruBefore32At128(gruBefore, i, s, n), (i, s, n) => GruBefore32Scalar(gruBefore, i, s, n));
    }

    /// <summary>
    /// Where the recurrent weights are in panels (H = 48 and 64 here) and the step reads more than 32 KB, the 256-bit step
    /// goes through its units in chunks of one panel, their sums parked and their activations right after, the chunks
    /// in alternating order from step to step, as the 512-bit step goes through its tiles. Each width runs in its own
    /// instance for six steps, so that both alternate; the states must agree after every step.
    /// </summary>
    [Fact]
    public void Chunked_256_bit_steps_agree_with_512_bit_steps_step_after_step()
    {
        LstmF48 lstm48Wide = Randomized(new LstmF48()), lstm48Narrow = Randomized(new LstmF48());
        AssertStepsAgree(nameof(LstmF48), LstmF48.StateSize, LstmF48.InputSize,
            (i, s, n) => Lstm48At512(lstm48Wide, i, s, n), (i, s, n) => Lstm48At256(lstm48Narrow, i, s, n));
        LstmI3H64F lstm64Wide = Randomized(new LstmI3H64F()), lstm64Narrow = Randomized(new LstmI3H64F());
        AssertStepsAgree(nameof(LstmI3H64F), LstmI3H64F.StateSize, LstmI3H64F.InputSize,
            (i, s, n) => Lstm64At512(lstm64Wide, i, s, n), (i, s, n) => Lstm64At256(lstm64Narrow, i, s, n));
        GruBeforeF64 gruWide = Randomized(new GruBeforeF64()), gruNarrow = Randomized(new GruBeforeF64());
        AssertStepsAgree(nameof(GruBeforeF64), GruBeforeF64.StateSize, GruBeforeF64.InputSize,
            (i, s, n) => GruBefore64At512(gruWide, i, s, n), (i, s, n) => GruBefore64At256(gruNarrow, i, s, n));
    }

    /// <summary>Six steps of each kernel from the same state and inputs, each kernel going on from its own state.</summary>
    private static void AssertStepsAgree(string cell, int stateLength, int inputLength, Kernel vector512, Kernel vector256)
    {
        var random = new Random(17);
        float[] wideState = RandomValues(random, stateLength);
        float[] narrowState = (float[])wideState.Clone();
        for (int step = 0; step < 6; step++)
        {
            float[] input = RandomValues(random, inputLength);
            float[] wideNext = new float[stateLength], narrowNext = new float[stateLength];
            vector512(input, wideState, wideNext);
            vector256(input, narrowState, narrowNext);
            AssertAgree(wideNext, narrowNext, $"{cell}, step {step}, ");
            (wideState, narrowState) = (wideNext, narrowNext);
        }
    }

    [Fact]
    public void Lstm_kernels_of_every_width_agree()
    {
        var cell = Randomized(new LstmF33());
        AssertAllAgree(cell.CreateState().Values.Length, LstmF33.InputSize,
            (i, s, n) => Lstm512(cell, i, s, n), (i, s, n) => Lstm256(cell, i, s, n), (i, s, n) => Lstm128(cell, i, s, n), (i, s, n) => LstmScalar(cell, i, s, n));
    }

    /// <summary>
    /// Hidden size 28 ends each width's tiles in narrower vectors: 16 + 8 + 4 units at 512 bits, 3 × 8 + 4 at 256. Every
    /// kernel also writes its new state over the old one, as Step does for such a size, and must give the same values.
    /// </summary>
    [Fact]
    public void Kernels_that_end_in_narrower_vectors_agree_and_update_in_place()
    {
        var cell = Randomized(new LstmF28());
        Kernel[] kernels =
        {
            (i, s, n) => Lstm28At512(cell, i, s, n), (i, s, n) => Lstm28At256(cell, i, s, n), (i, s, n) => Lstm28At128(cell, i, s, n), (i, s, n) => Lstm28Scalar(cell, i, s, n),
        };
        AssertAllAgree(LstmF28.StateSize, LstmF28.InputSize, kernels[0], kernels[1], kernels[2], kernels[3]);

        var random = new Random(3);
        float[] input = RandomValues(random, LstmF28.InputSize);
        float[] state = RandomValues(random, LstmF28.StateSize);
        foreach (Kernel kernel in kernels)
        {
            float[] expected = new float[state.Length];
            kernel(input, state, expected);
            float[] inPlace = (float[])state.Clone();
            kernel(input, inPlace, inPlace);
            Assert.Equal(expected, inPlace);
        }
    }

    [Fact]
    public void Reset_before_gru_kernels_of_every_width_agree()
    {
        var cell = Randomized(new GruBeforeF17());
        AssertAllAgree(GruBeforeF17.StateSize, GruBeforeF17.InputSize,
            (i, s, n) => Gru512(cell, i, s, n), (i, s, n) => Gru256(cell, i, s, n), (i, s, n) => Gru128(cell, i, s, n), (i, s, n) => GruScalar(cell, i, s, n));
    }

    [Fact]
    public void Output_layer_kernels_of_every_width_agree()
    {
        // RnnF1 has one hidden unit and 33 outputs: the output layer tiles 33 = 2 × 16 + 1.
        var cell = Randomized(new RnnF1());
        AssertAllAgree(RnnF1.HiddenSize, 0,
            (_, h, y) => Output512(cell, h, y), (_, h, y) => Output256(cell, h, y), (_, h, y) => Output128(cell, h, y), (_, h, y) => OutputScalar(cell, h, y),
            outputLength: RnnF1.OutputSize);
    }

    [Fact]
    public void Every_generated_method_stays_small_whatever_the_cell_size()
    {
        var cellTypes = typeof(WidthPathTests).Assembly.GetTypes()
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRecurrentCell<>)))
            .ToList();
        Assert.Contains(typeof(LargestLstm), cellTypes);
        Assert.Contains(typeof(LargestGru), cellTypes);

        int largest = 0;
        string largestName = "";
        foreach (Type type in cellTypes)
        {
            foreach (MethodInfo method in type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                int size = method.GetMethodBody()?.GetILAsByteArray()?.Length ?? 0;
                if (size > largest)
                {
                    (largest, largestName) = (size, type.Name + "." + method.Name);
                }
            }
        }

        // Measured: the largest is the training forward step of this wide LSTM at 512 bits, 9,613 bytes of IL: its gates
        // are computed in separate passes of 16 tiles each, unrolled so that the accumulators stay in registers. The bound
        // leaves room to grow and stays far below the JIT's MinOpts thresholds (60,000 IL bytes, 2,000 basic blocks).
        // Sizes only change constants, never the amount of code.
        Assert.True(largest <= 12288, $"{largestName} has {largest} bytes of IL");
    }

    private static TCell Randomized<TCell>(TCell cell)
        where TCell : IRecurrentCell<float>
    {
        var random = new Random(5);
        Span<float> parameters = cell.Parameters;
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = (float)(random.NextDouble() - 0.5);
        }

        return cell;
    }

    private static void AssertAllAgree(int stateLength, int inputLength, Kernel vector512, Kernel vector256, Kernel vector128, Kernel scalar, int outputLength = -1)
    {
        var random = new Random(11);
        float[] input = RandomValues(random, inputLength);
        float[] state = RandomValues(random, stateLength);
        int length = outputLength < 0 ? stateLength : outputLength;

        float[] reference = new float[length];
        vector512(input, state, reference);
        foreach (Kernel kernel in new[] { vector256, vector128, scalar })
        {
            float[] next = new float[length];
            kernel(input, state, next);
            AssertAgree(reference, next, "");
        }
    }

    private static float[] RandomValues(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    /// <summary>Every value of <paramref name="actual"/> within 1e−6 of <paramref name="reference"/>'s.</summary>
    private static void AssertAgree(float[] reference, float[] actual, string where)
    {
        for (int j = 0; j < reference.Length; j++)
        {
            // Same products in the same order; only exp and tanh may differ in their last bits between widths.
            Assert.True(Math.Abs(reference[j] - actual[j]) <= 1e-6, $"{where}value {j}: {actual[j]} vs {reference[j]}");
        }
    }
}
