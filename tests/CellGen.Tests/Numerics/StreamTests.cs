using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using CellGen.Tests.Numerics.Reference;
using CellGen.Tests.Numerics.Streams;
using Xunit;

namespace CellGen.Tests.Numerics.Streams
{
    // Sizes where the multi-stream kernels chunk their tiles (several chunks, a remainder, an overlapping last tile).
    [LstmCell(Input = 16, Hidden = 128)] public partial class LstmI16H128F { }
    [LstmCell(Input = 5, Hidden = 100, Peephole = true, Clip = 2, ElementType = typeof(double))] public partial class LstmI5H100D { }
    [GruCell(Input = 6, Hidden = 72)] public partial class GruI6H72F { }
    [RnnCell(Input = 2, Hidden = 200, Output = 5, OutputActivation = Activation.Softmax)] public partial class RnnI2H200F { }

    // Sizes whose 512-bit backward reads U transposed with one sum over all of j (BackwardKernels.UsesColumns and
    // SumsInQuarters): eight 512-bit vectors of h and more, 144 floats and 72 doubles leaving one vector past the four a
    // block of streams takes at a time.
    [GruCell(Input = 4, Hidden = 128)] public partial class GruI4H128F { }
    [RnnCell(Input = 3, Hidden = 144)] public partial class RnnI3H144F { }
    [GruCell(Input = 2, Hidden = 72, ElementType = typeof(double))] public partial class GruI2H72D { }
}

namespace CellGen.Tests.Numerics
{
    /// <summary>
    /// StepStreams and ForwardStreams give every stream exactly (bit for bit) what Step and Forward give it alone, for
    /// every cell kind, width path and stream count around the kernel's block (4) and chunk (16) sizes; Forward, which
    /// computes the input projection of several steps at once, gives exactly what Step by Step does.
    /// </summary>
    public class StreamTests
    {
        private static readonly int[] StreamCounts = { 0, 1, 3, 4, 5, 8, 16, 17, 23, 37 };

        public static IEnumerable<object[]> FloatCells() => new object[][]
        {
            new object[] { new LstmI1H8F() },
            new object[] { new LstmI3H64F() },
            new object[] { new LstmI7H33F() },
            new object[] { new LstmPeepholeF() },
            new object[] { new LstmEverythingF() },
            new object[] { new LstmNoBiasF() },
            new object[] { new LstmI16H128F() },
            new object[] { new GruI7H33F() },
            new object[] { new GruI1H3F() },
            new object[] { new GruNoBiasLinearF() },
            new object[] { new GruResetBeforeF() },
            new object[] { new GruEverythingF() },
            new object[] { new GruI6H72F() },
            new object[] { new GruI4H128F() },
            new object[] { new RnnI3H144F() },
            new object[] { new RnnTanhI7H33F() },
            new object[] { new RnnReluI1H20F() },
            new object[] { new RnnSoftsignF() },
            new object[] { new RnnLinearClipF() },
            new object[] { new RnnI2H200F() },
            new object[] { new JordanSoftmaxF() },
        };

        public static IEnumerable<object[]> DoubleCells() => new object[][]
        {
            new object[] { new LstmI3H64D() },
            new object[] { new LstmI5H100D() },
            new object[] { new GruI2H72D() },
            new object[] { new LstmEverythingD() },
            new object[] { new GruI7H33D() },
            new object[] { new GruResetBeforeD() },
            new object[] { new RnnTanhI7H33D() },
            new object[] { new JordanSigmoidD() },
        };

        [Theory]
        [MemberData(nameof(FloatCells))]
        public void Float_streams_match_single_steps_exactly(IRecurrentCell<float> cell) => Check(cell);

        [Theory]
        [MemberData(nameof(DoubleCells))]
        public void Double_streams_match_single_steps_exactly(IRecurrentCell<double> cell) => Check(cell);

        private static void Check<T>(IRecurrentCell<T> cell)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var random = new Random(cell.HiddenSize * 31 + cell.InputSize);
            Randomize(cell, random);

            const int steps = 3;
            foreach (int streams in StreamCounts)
            {
                T[] inputs = Values<T>(random, steps * streams * cell.InputSize, 4);
                T[] initial = Values<T>(random, streams * cell.StateSize, 1);

                // Each stream alone, Step by Step.
                T[] expectedStates = (T[])initial.Clone();
                var expectedOutputs = new T[steps * streams * cell.OutputSize];
                for (int t = 0; t < steps; t++)
                {
                    for (int s = 0; s < streams; s++)
                    {
                        cell.Step(
                            inputs.AsSpan((t * streams + s) * cell.InputSize, cell.InputSize),
                            expectedStates.AsSpan(s * cell.StateSize, cell.StateSize),
                            expectedOutputs.AsSpan((t * streams + s) * cell.OutputSize, cell.OutputSize));
                    }
                }

                T[] states = (T[])initial.Clone();
                var outputs = new T[expectedOutputs.Length];
                for (int t = 0; t < steps; t++)
                {
                    cell.StepStreams(
                        inputs.AsSpan(t * streams * cell.InputSize, streams * cell.InputSize),
                        states,
                        outputs.AsSpan(t * streams * cell.OutputSize, streams * cell.OutputSize));
                }

                AssertIdentical(cell, $"StepStreams, S = {streams}, outputs", expectedOutputs, outputs);
                AssertIdentical(cell, $"StepStreams, S = {streams}, states", expectedStates, states);

                T[] forwardStates = (T[])initial.Clone();
                var forwardOutputs = new T[expectedOutputs.Length];
                cell.ForwardStreams(inputs, forwardStates, forwardOutputs);
                AssertIdentical(cell, $"ForwardStreams, S = {streams}, outputs", expectedOutputs, forwardOutputs);
                AssertIdentical(cell, $"ForwardStreams, S = {streams}, states", expectedStates, forwardStates);
            }
        }

        [Theory]
        [MemberData(nameof(FloatCells))]
        public void Float_Forward_matches_single_steps_exactly(IRecurrentCell<float> cell) => CheckForward(cell);

        [Theory]
        [MemberData(nameof(DoubleCells))]
        public void Double_Forward_matches_single_steps_exactly(IRecurrentCell<double> cell) => CheckForward(cell);

        /// <summary>Forward computes the input projection of up to 16 steps at once; each step must still be exactly Step's.</summary>
        private static void CheckForward<T>(IRecurrentCell<T> cell)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var random = new Random(cell.HiddenSize * 17 + cell.InputSize);
            Randomize(cell, random);

            foreach (int steps in new[] { 0, 1, 3, 4, 15, 16, 17, 37 })
            {
                T[] inputs = Values<T>(random, steps * cell.InputSize, 4);
                T[] initial = Values<T>(random, cell.StateSize, 1);

                T[] expectedState = (T[])initial.Clone();
                var expectedOutputs = new T[steps * cell.OutputSize];
                for (int t = 0; t < steps; t++)
                {
                    cell.Step(inputs.AsSpan(t * cell.InputSize, cell.InputSize), expectedState, expectedOutputs.AsSpan(t * cell.OutputSize, cell.OutputSize));
                }

                T[] state = (T[])initial.Clone();
                var outputs = new T[expectedOutputs.Length];
                cell.Forward(inputs, state, outputs);
                AssertIdentical(cell, $"Forward, T = {steps}, outputs", expectedOutputs, outputs);
                AssertIdentical(cell, $"Forward, T = {steps}, state", expectedState, state);
            }
        }

        /// <summary>Parameters U(±1.5/√H): large enough that the gates are not all near their midpoints.</summary>
        private static void Randomize<T>(IRecurrentCell<T> cell, Random random)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            Span<T> parameters = cell.Parameters;
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i] = T.CreateChecked((random.NextDouble() * 2 - 1) * 1.5 / Math.Sqrt(cell.HiddenSize));
            }
        }

        private static T[] Values<T>(Random random, int count, double range)
            where T : unmanaged, IFloatingPointIeee754<T> =>
            Enumerable.Range(0, count).Select(_ => T.CreateChecked((random.NextDouble() * 2 - 1) * range)).ToArray();

        private static void AssertIdentical<T>(IRecurrentCell<T> cell, string what, T[] expected, T[] actual)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (int i = 0; i < expected.Length; i++)
            {
                // Bit for bit: the same operations in the same order.
                Assert.True(expected[i].Equals(actual[i]), $"{cell.GetType().Name}, {what}[{i}]: {actual[i]} vs {expected[i]} from single steps");
            }
        }

        [Fact]
        public void Wrong_lengths_are_refused_naming_the_argument_and_nothing_changes()
        {
            var cell = new LstmI3H64F();
            cell.Parameters.Fill(0.1f);
            float[] states = Enumerable.Range(0, 4 * LstmI3H64F.StateSize).Select(i => i * 0.001f).ToArray();
            float[] before = (float[])states.Clone();
            var inputs = new float[4 * LstmI3H64F.InputSize];
            var outputs = new float[4 * LstmI3H64F.OutputSize];

            var wrongStates = Assert.Throws<ArgumentException>(() => cell.StepStreams(inputs, states.AsSpan(1), outputs));
            Assert.Equal("states", wrongStates.ParamName);
            Assert.Contains("not a whole number of states", wrongStates.Message);
            Assert.Contains("S × 128", wrongStates.Message);

            var wrongInputs = Assert.Throws<ArgumentException>(() => cell.StepStreams(inputs.AsSpan(3), states, outputs));
            Assert.Equal("inputs", wrongInputs.ParamName);
            Assert.Contains("S = 4 streams", wrongInputs.Message);
            Assert.Contains("4 × 3 = 12", wrongInputs.Message);

            var wrongOutputs = Assert.Throws<ArgumentException>(() => cell.StepStreams(inputs, states, outputs.AsSpan(64)));
            Assert.Equal("outputs", wrongOutputs.ParamName);
            Assert.Contains("4 × 64 = 256", wrongOutputs.Message);

            var sequenceInputs = new float[5 * 4 * 3 + 1];
            var wrongSequence = Assert.Throws<ArgumentException>(() => cell.ForwardStreams(sequenceInputs, states, new float[5 * 4 * 64]));
            Assert.Equal("inputs", wrongSequence.ParamName);
            Assert.Contains("T × 4 × 3", wrongSequence.Message);

            var wrongSequenceOutputs = Assert.Throws<ArgumentException>(() => cell.ForwardStreams(new float[5 * 4 * 3], states, new float[4 * 4 * 64]));
            Assert.Equal("outputs", wrongSequenceOutputs.ParamName);
            Assert.Contains("5 × 4 × 64 = 1280", wrongSequenceOutputs.Message);

            Assert.Equal(before, states);
        }
    }
}
