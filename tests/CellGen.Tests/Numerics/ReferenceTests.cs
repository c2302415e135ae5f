using System;
using System.Linq;
using System.Numerics;
using CellGen.Tests.Numerics.Reference;
using Xunit;

namespace CellGen.Tests.Numerics;

/// <summary>
/// Forward results of every cell kind and option against PyTorch in float64 (ReferenceData/, made by
/// tools/reference/make_vectors.py with Debian's python3-torch). Tolerances: 1e−12 in double, where only summation
/// order and the last bits of exp/tanh differ; 1e−5 in float, whose unit roundoff is 6e−8 and grows over the steps.
/// </summary>
public class ReferenceTests
{
    private const double DoubleTolerance = 1e-12;
    private const double FloatTolerance = 1e-5;
    private const double GradientTolerance = 1e-10;

    public static TheoryData<string> CaseNames => new()
    {
        "rnn_tanh_i7_h33", "rnn_relu_i1_h20", "rnn_softsign_nobias_i3_h5_o4_softmax", "rnn_linear_clip_i2_h16_o3_sigmoid",
        "lstm_i7_h33", "lstm_i1_h8", "lstm_i3_h64", "lstm_peephole_i3_h17", "lstm_peephole_clip_hardsigmoid_i5_h6_o3", "lstm_nobias_i4_h2",
        "gru_i7_h33", "gru_i1_h3", "gru_reset_before_i4_h9", "gru_reset_before_clip_hardsigmoid_i2_h5_o2_softmax", "gru_nobias_linear_i3_h12",
        "jordan_i3_h10_o4", "jordan_i2_h7_o3_softmax", "jordan_nobias_i1_h4_o1",
    };

    private static (IRecurrentCell<float> Float, IRecurrentCell<double> Double) Cells(string name) => name switch
    {
        "rnn_tanh_i7_h33" => (new RnnTanhI7H33F(), new RnnTanhI7H33D()),
        "rnn_relu_i1_h20" => (new RnnReluI1H20F(), new RnnReluI1H20D()),
        "rnn_softsign_nobias_i3_h5_o4_softmax" => (new RnnSoftsignF(), new RnnSoftsignD()),
        "rnn_linear_clip_i2_h16_o3_sigmoid" => (new RnnLinearClipF(), new RnnLinearClipD()),
        "lstm_i7_h33" => (new LstmI7H33F(), new LstmI7H33D()),
        "lstm_i1_h8" => (new LstmI1H8F(), new LstmI1H8D()),
        "lstm_i3_h64" => (new LstmI3H64F(), new LstmI3H64D()),
        "lstm_peephole_i3_h17" => (new LstmPeepholeF(), new LstmPeepholeD()),
        "lstm_peephole_clip_hardsigmoid_i5_h6_o3" => (new LstmEverythingF(), new LstmEverythingD()),
        "lstm_nobias_i4_h2" => (new LstmNoBiasF(), new LstmNoBiasD()),
        "gru_i7_h33" => (new GruI7H33F(), new GruI7H33D()),
        "gru_i1_h3" => (new GruI1H3F(), new GruI1H3D()),
        "gru_reset_before_i4_h9" => (new GruResetBeforeF(), new GruResetBeforeD()),
        "gru_reset_before_clip_hardsigmoid_i2_h5_o2_softmax" => (new GruEverythingF(), new GruEverythingD()),
        "gru_nobias_linear_i3_h12" => (new GruNoBiasLinearF(), new GruNoBiasLinearD()),
        "jordan_i3_h10_o4" => (new JordanSigmoidF(), new JordanSigmoidD()),
        "jordan_i2_h7_o3_softmax" => (new JordanSoftmaxF(), new JordanSoftmaxD()),
        "jordan_nobias_i1_h4_o1" => (new JordanNoBiasF(), new JordanNoBiasD()),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no cell declared for this reference case"),
    };

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Double_cell_matches_PyTorch_float64(string name) => Check(name, Cells(name).Double, DoubleTolerance);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Float_cell_matches_PyTorch_float64(string name) => Check(name, Cells(name).Float, FloatTolerance);

    /// <summary>
    /// The generated backward pass against PyTorch's autograd in float64, for L = Σ w · y + Σ v · state(T): every
    /// parameter tensor, the inputs and the initial state. PyTorch's own modules for RNN, LSTM and GRU; the script's
    /// hand-written cells (checked against those modules) for peepholes, reset-before GRU, clipping, Jordan networks
    /// and output layers. Tolerance 1e−10, as the issue asks; only summation order differs.
    /// </summary>
    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Double_cell_gradients_match_PyTorch_autograd(string name)
    {
        ReferenceCase reference = ReferenceCase.Load(name);
        IRecurrentCell<double> cell = Cells(name).Double;
        reference.LoadInto(cell);

        var tape = new SequenceTape<double>();
        double[] state = (double[])reference.InitialState.Clone();
        cell.Forward(reference.Inputs, state, new double[reference.Outputs.Length], tape);
        double[] stateGradient = (double[])reference.StateWeights.Clone();
        double[] inputGradients = new double[reference.Inputs.Length];
        double[] parameterGradients = new double[cell.ParameterCount];
        cell.Backward(reference.Inputs, reference.OutputWeights, stateGradient, inputGradients, parameterGradients, tape);

        var ours = ReferenceCase.ToPyTorch(cell.ParameterLayout, parameterGradients, reference.ParameterGradients);
        foreach ((string tensor, double[] expected) in reference.ParameterGradients)
        {
            AssertClose(expected, ours[tensor], GradientTolerance, $"{name} d{tensor}");
        }

        AssertClose(reference.InputGradients, inputGradients, GradientTolerance, name + " dinputs");
        AssertClose(reference.InitialStateGradient, stateGradient, GradientTolerance, name + " dstate0");
    }

    [Fact]
    public void Every_reference_file_has_a_test()
    {
        var files = System.IO.Directory.GetFiles(ReferenceCase.Directory, "*.json").Select(f => System.IO.Path.GetFileNameWithoutExtension(f)).Order();
        Assert.Equal(Enumerable.Select<object[], string>(CaseNames, row => (string)row[0]).Order(), files);
    }

    private static void Check<T>(string name, IRecurrentCell<T> cell, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReferenceCase reference = ReferenceCase.Load(name);
        Assert.Equal(reference.Input, cell.InputSize);
        Assert.Equal(reference.Hidden, cell.HiddenSize);
        Assert.Equal(reference.Output == 0 ? reference.Hidden : reference.Output, cell.OutputSize);
        reference.LoadInto(cell);

        // The whole sequence at once.
        T[] state = ReferenceCase.Convert<T>(reference.InitialState);
        var outputs = new T[reference.Steps * cell.OutputSize];
        cell.Forward(ReferenceCase.Convert<T>(reference.Inputs), state, outputs);
        AssertClose(reference.Outputs, outputs, tolerance, name + " outputs");
        AssertClose(reference.FinalState, state, tolerance, name + " final state");

        // The same, one step at a time, must give the very same numbers.
        T[] stepState = ReferenceCase.Convert<T>(reference.InitialState);
        T[] inputs = ReferenceCase.Convert<T>(reference.Inputs);
        var stepOutputs = new T[outputs.Length];
        for (int t = 0; t < reference.Steps; t++)
        {
            cell.Step(inputs.AsSpan(t * cell.InputSize, cell.InputSize), stepState, stepOutputs.AsSpan(t * cell.OutputSize, cell.OutputSize));
        }

        Assert.Equal(outputs, stepOutputs);
        Assert.Equal(state, stepState);
    }

    private static void AssertClose<T>(double[] expected, T[] actual, double tolerance, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        int worstIndex = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - double.CreateChecked(actual[i]));
            if (!(error <= worst))
            {
                worst = error;
                worstIndex = i;
            }
        }

        Assert.True(worst <= tolerance, $"{what}: max abs error {worst:E3} at [{worstIndex}] (expected {expected[worstIndex]:R}, got {actual[worstIndex]}) exceeds {tolerance:E0}");
    }
}
