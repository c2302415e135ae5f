using System;
using Xunit;

namespace CellGen.Tests.Numerics;

[RnnCell(Input = 2, Hidden = 2, Output = 2, Bias = false, Activation = Activation.Linear)]
public partial class ElmanExample { }

[RnnCell(Input = 2, Hidden = 2, Output = 2, Bias = false, Activation = Activation.Linear, ElementType = typeof(double))]
public partial class ElmanExampleDouble { }

[LstmCell(Input = 3, Hidden = 1, CandidateActivation = Activation.Linear, CellActivation = Activation.Linear)]
public partial class LstmExample { }

[LstmCell(Input = 3, Hidden = 1, CandidateActivation = Activation.Linear, CellActivation = Activation.Linear, ElementType = typeof(double))]
public partial class LstmExampleDouble { }

/// <summary>
/// The worked examples of the lecture notes (shared/seeds/002_8d8557c58fd0f5b7.txt and 001_0fd4639c3cb26f4c.txt),
/// computed by generated cells.
/// </summary>
public class WorkedExampleTests
{
    /// <summary>
    /// All weights 1, no bias, linear activations, memory starting at 0: [1,1], [1,1], [2,2] give [4,4], [12,12], [32,32].
    /// Exact in both precisions, since every value is a small integer.
    /// </summary>
    [Fact]
    public void Elman_network_with_unit_weights_gives_4_12_32()
    {
        var cell = new ElmanExample();
        cell.Parameters.Fill(1f);
        var state = cell.CreateState();
        var outputs = new float[6];

        cell.Forward(new float[] { 1, 1, 1, 1, 2, 2 }, state, outputs);

        Assert.Equal(new float[] { 4, 4, 12, 12, 32, 32 }, outputs);
        Assert.Equal(new float[] { 16, 16 }, state.Hidden.ToArray());

        var cellDouble = new ElmanExampleDouble();
        cellDouble.Parameters.Fill(1d);
        var outputsDouble = new double[6];
        cellDouble.Forward(new double[] { 1, 1, 1, 1, 2, 2 }, cellDouble.CreateState(), outputsDouble);
        Assert.Equal(new double[] { 4, 4, 12, 12, 32, 32 }, outputsDouble);
    }

    public static TheoryData<double[], double[]> LstmSequences => new()
    {
        // x2 = 1 writes x1 into the memory, x2 = −1 clears it, x3 = 1 opens the output gate.
        { new double[] { 3, 1, 0, 4, 1, 0, 2, 0, 0, 1, 0, 1, 3, -1, 0 }, new double[] { 0, 0, 0, 7, 0 } },
        {
            new double[] { 1, 0, 0, 3, 1, 0, 2, 0, 0, 4, 1, 0, 2, 0, 0, 1, 0, 1, 3, -1, 0, 6, 1, 0, 1, 0, 1 },
            new double[] { 0, 0, 0, 0, 0, 7, 0, 0, 6 }
        },
    };

    /// <summary>
    /// The "human LSTM" of the notes: cell input z = x1; input gate 100·x2 − 10; forget gate 100·x2 + 10; output gate
    /// 100·x3 − 10; g and h linear; no recurrent weights. Sigmoid(±10) is 4.5e−5 away from 0 or 1, hence the
    /// notes' "≈" and the tolerance of 0.01.
    /// </summary>
    [Theory]
    [MemberData(nameof(LstmSequences))]
    public void Lstm_cell_remembers_forgets_and_shows_as_in_the_notes(double[] inputs, double[] expected)
    {
        var cellDouble = new LstmExampleDouble();
        SetUpHumanLstm(cellDouble.CandidateInputWeights, cellDouble.InputGateInputWeights, cellDouble.InputGateInputBias,
            cellDouble.ForgetGateInputWeights, cellDouble.ForgetGateInputBias, cellDouble.OutputGateInputWeights, cellDouble.OutputGateInputBias, 1d);
        var outputsDouble = new double[expected.Length];
        cellDouble.Forward(inputs, cellDouble.CreateState(), outputsDouble);

        var cell = new LstmExample();
        SetUpHumanLstm(cell.CandidateInputWeights, cell.InputGateInputWeights, cell.InputGateInputBias,
            cell.ForgetGateInputWeights, cell.ForgetGateInputBias, cell.OutputGateInputWeights, cell.OutputGateInputBias, 1f);
        var outputs = new float[expected.Length];
        cell.Forward(Array.ConvertAll(inputs, v => (float)v), cell.CreateState(), outputs);

        for (int t = 0; t < expected.Length; t++)
        {
            Assert.InRange(outputsDouble[t], expected[t] - 0.01, expected[t] + 0.01);
            Assert.InRange(outputs[t], expected[t] - 0.01, expected[t] + 0.01);
        }
    }

    private static void SetUpHumanLstm<T>(
        Span<T> candidate, Span<T> inputGate, Span<T> inputGateBias, Span<T> forgetGate, Span<T> forgetGateBias,
        Span<T> outputGate, Span<T> outputGateBias, T one)
        where T : System.Numerics.INumber<T>
    {
        // Weight matrices are [Input, Hidden] = [3, 1]: row k is input k.
        candidate[0] = one;
        inputGate[1] = T.CreateChecked(100) * one;
        inputGateBias[0] = T.CreateChecked(-10) * one;
        forgetGate[1] = T.CreateChecked(100) * one;
        forgetGateBias[0] = T.CreateChecked(10) * one;
        outputGate[2] = T.CreateChecked(100) * one;
        outputGateBias[0] = T.CreateChecked(-10) * one;
    }
}
