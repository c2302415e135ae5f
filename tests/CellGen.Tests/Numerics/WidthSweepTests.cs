using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using CellGen.Tests.Numerics.Sweep;
using Xunit;

namespace CellGen.Tests.Numerics;

/// <summary>
/// Every hidden size from 1 to 2·16+1 that changes how tiles fall (full tiles, an overlapping last tile, the next
/// narrower width, scalars), and 20, 28 and 6 doubles, where a step ends in narrower vectors with nothing left over
/// (16 + 4, 16 + 8 + 4, 4 + 2) and writes its new state over the old one, and 48 floats and 24 doubles, whose recurrent
/// weights are in three panels (chunks that start inside a panel), and cells whose steps go chunk by chunk (64 and 256
/// floats, 32 doubles), compared with <see cref="NaiveCell"/>, a
/// plain double-precision loop over the same parameters. Tolerance 1e−5 for float (roundoff 6e−8 over 6 steps), 1e−13 for double.
/// </summary>
public class WidthSweepTests
{
    public static IEnumerable<object[]> FloatCells() => new object[][]
    {
        new object[] { new LstmF1() },
        new object[] { new GruF1() },
        new object[] { new GruBeforeF1() },
        new object[] { new RnnF1() },
        new object[] { new LstmF2() },
        new object[] { new GruF2() },
        new object[] { new GruBeforeF2() },
        new object[] { new RnnF2() },
        new object[] { new LstmF3() },
        new object[] { new GruF3() },
        new object[] { new GruBeforeF3() },
        new object[] { new RnnF3() },
        new object[] { new LstmF4() },
        new object[] { new GruF4() },
        new object[] { new GruBeforeF4() },
        new object[] { new RnnF4() },
        new object[] { new LstmF5() },
        new object[] { new GruF5() },
        new object[] { new GruBeforeF5() },
        new object[] { new RnnF5() },
        new object[] { new LstmF7() },
        new object[] { new GruF7() },
        new object[] { new GruBeforeF7() },
        new object[] { new RnnF7() },
        new object[] { new LstmF8() },
        new object[] { new GruF8() },
        new object[] { new GruBeforeF8() },
        new object[] { new RnnF8() },
        new object[] { new LstmF9() },
        new object[] { new GruF9() },
        new object[] { new GruBeforeF9() },
        new object[] { new RnnF9() },
        new object[] { new LstmF15() },
        new object[] { new GruF15() },
        new object[] { new GruBeforeF15() },
        new object[] { new RnnF15() },
        new object[] { new LstmF16() },
        new object[] { new GruF16() },
        new object[] { new GruBeforeF16() },
        new object[] { new RnnF16() },
        new object[] { new LstmF17() },
        new object[] { new GruF17() },
        new object[] { new GruBeforeF17() },
        new object[] { new RnnF17() },
        new object[] { new LstmF20() },
        new object[] { new GruF20() },
        new object[] { new GruBeforeF20() },
        new object[] { new RnnF20() },
        new object[] { new LstmF28() },
        new object[] { new GruF28() },
        new object[] { new GruBeforeF28() },
        new object[] { new RnnF28() },
        new object[] { new LstmF31() },
        new object[] { new GruF31() },
        new object[] { new GruBeforeF31() },
        new object[] { new RnnF31() },
        new object[] { new LstmF32() },
        new object[] { new GruF32() },
        new object[] { new GruBeforeF32() },
        new object[] { new RnnF32() },
        new object[] { new LstmF33() },
        new object[] { new GruF33() },
        new object[] { new GruBeforeF33() },
        new object[] { new RnnF33() },
        new object[] { new LstmF48() },
        new object[] { new GruF48() },
        new object[] { new GruBeforeF48() },
        new object[] { new RnnF48() },
        new object[] { new GruBeforeF80() },
        new object[] { new RnnF80() },
        new object[] { new GruF64() },
        new object[] { new GruBeforeF64() },
        new object[] { new RnnF256() },
        new object[] { new GruBeforeF32Wide() },
    };

    public static IEnumerable<object[]> DoubleCells() => new object[][]
    {
        new object[] { new LstmD1() },
        new object[] { new JordanD1() },
        new object[] { new LstmD2() },
        new object[] { new JordanD2() },
        new object[] { new LstmD3() },
        new object[] { new JordanD3() },
        new object[] { new LstmD4() },
        new object[] { new JordanD4() },
        new object[] { new LstmD5() },
        new object[] { new JordanD5() },
        new object[] { new LstmD6() },
        new object[] { new JordanD6() },
        new object[] { new LstmD7() },
        new object[] { new JordanD7() },
        new object[] { new LstmD8() },
        new object[] { new JordanD8() },
        new object[] { new LstmD9() },
        new object[] { new JordanD9() },
        new object[] { new LstmD15() },
        new object[] { new JordanD15() },
        new object[] { new LstmD16() },
        new object[] { new JordanD16() },
        new object[] { new LstmD17() },
        new object[] { new JordanD17() },
        new object[] { new LstmD24() },
        new object[] { new JordanD24() },
        new object[] { new LstmD32() },
    };

    [Theory]
    [MemberData(nameof(FloatCells))]
    public void Float_cells_match_the_naive_loop(IRecurrentCell<float> cell) => Check(cell, 1e-5);

    [Theory]
    [MemberData(nameof(DoubleCells))]
    public void Double_cells_match_the_naive_loop(IRecurrentCell<double> cell) => Check(cell, 1e-13);

    private static void Check<T>(IRecurrentCell<T> cell, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(cell.HiddenSize * 7919 + cell.InputSize);
        Span<T> parameters = cell.Parameters;
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = T.CreateChecked((random.NextDouble() * 2 - 1) * 1.2 / Math.Sqrt(cell.HiddenSize));
        }

        const int steps = 6;
        double[] inputs = Enumerable.Range(0, steps * cell.InputSize).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        double[] initial = Enumerable.Range(0, cell.StateSize).Select(_ => random.NextDouble() - 0.5).ToArray();

        T[] state = ReferenceCase.Convert<T>(initial);
        var outputs = new T[steps * cell.OutputSize];
        cell.Forward(ReferenceCase.Convert<T>(inputs), state, outputs);

        // The naive loop computes from the very values the cell holds.
        var naive = new NaiveCell(cell.GetType().Name, cell.ParameterLayout, parameters.ToArray().Select(double.CreateChecked).ToArray(), cell.InputSize, cell.HiddenSize, cell.OutputSize);
        double[] naiveState = (double[])initial.Clone();
        double[] expected = naive.Forward(inputs, naiveState);

        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - double.CreateChecked(outputs[i])) <= tolerance, $"{cell.GetType().Name}: output {i}: {outputs[i]} vs {expected[i]}");
        }

        for (int i = 0; i < naiveState.Length; i++)
        {
            Assert.True(Math.Abs(naiveState[i] - double.CreateChecked(state[i])) <= tolerance, $"{cell.GetType().Name}: state {i}: {state[i]} vs {naiveState[i]}");
        }
    }
}
