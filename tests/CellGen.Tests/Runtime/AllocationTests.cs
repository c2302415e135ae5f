using System;
using CellGen.Tests.Numerics.Reference;
using Xunit;

namespace CellGen.Tests.Runtime;

/// <summary>After construction (and the first multi-stream step), stepping and running sequences allocate nothing (measured with the GC's per-thread counter).</summary>
public class AllocationTests
{
    [Fact]
    public void Step_and_Forward_allocate_nothing()
    {
        var lstm = new LstmPeepholeF();
        var gru = new GruEverythingD();
        var jordan = new JordanSoftmaxF();
        var rnn = new RnnLinearClipF();
        lstm.Parameters.Fill(0.01f);
        gru.Parameters.Fill(0.01);
        jordan.Parameters.Fill(0.01f);
        rnn.Parameters.Fill(0.01f);
        var lstmState = lstm.CreateState();
        var gruState = gru.CreateState();
        var jordanState = jordan.CreateState();
        var rnnState = rnn.CreateState();
        float[] lstmInputs = new float[3 * 50], lstmOutputs = new float[17 * 50];
        double[] gruInputs = new double[2 * 50], gruOutputs = new double[2 * 50];
        float[] jordanInputs = new float[2 * 50], jordanOutputs = new float[3 * 50];
        float[] rnnInputs = new float[2 * 50], rnnOutputs = new float[3 * 50];
        float[] lstmStreams = new float[5 * 34]; // 5 streams (a block and one more) of 10 steps in lstmInputs

        void RunAll()
        {
            lstm.Forward(lstmInputs, lstmState, lstmOutputs);
            lstm.Step(lstmInputs.AsSpan(0, 3), lstmState, lstmOutputs.AsSpan(0, 17));
            gru.Forward(gruInputs, gruState, gruOutputs);
            jordan.Forward(jordanInputs, jordanState, jordanOutputs);
            rnn.Forward(rnnInputs, rnnState, rnnOutputs);
            lstm.ForwardStreams(lstmInputs, lstmStreams, lstmOutputs);
            lstm.StepStreams(lstmInputs.AsSpan(0, 3 * 5), lstmStreams, lstmOutputs.AsSpan(0, 17 * 5));
        }

        RunAll();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            RunAll();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

/// <summary>Training forward and backward allocate nothing once the tape has grown to the sequence length.</summary>
public class TrainingAllocationTests
{
    [Fact]
    public void Training_forward_and_backward_allocate_nothing_after_the_first_sequence()
    {
        IRecurrentCell<float> lstm = new LstmPeepholeF();
        IRecurrentCell<double> gru = new GruEverythingD();
        IRecurrentCell<float> jordan = new JordanSoftmaxF();
        var floatTape = new SequenceTape<float>();
        var doubleTape = new SequenceTape<double>();
        const int steps = 30;
        float[] lstmInputs = new float[steps * lstm.InputSize], lstmOutputs = new float[steps * lstm.OutputSize], lstmState = new float[lstm.StateSize];
        float[] lstmInputGradients = new float[lstmInputs.Length], lstmGradients = new float[lstm.ParameterCount];
        double[] gruInputs = new double[steps * gru.InputSize], gruOutputs = new double[steps * gru.OutputSize], gruState = new double[gru.StateSize];
        double[] gruGradients = new double[gru.ParameterCount];
        float[] jordanInputs = new float[steps * jordan.InputSize], jordanOutputs = new float[steps * jordan.OutputSize], jordanState = new float[jordan.StateSize];
        float[] jordanGradients = new float[jordan.ParameterCount];
        float[] lstmStreamStates = new float[5 * lstm.StateSize]; // 5 streams (a block and one more) of 6 steps in lstmInputs

        void Train()
        {
            lstm.Forward(lstmInputs, lstmState, lstmOutputs, floatTape);
            lstm.Backward(lstmInputs, lstmOutputs, lstmState, lstmInputGradients, lstmGradients, floatTape);
            gru.Forward(gruInputs, gruState, gruOutputs, doubleTape);
            gru.Backward(gruInputs, gruOutputs, gruState, Span<double>.Empty, gruGradients, doubleTape);
            jordan.Forward(jordanInputs, jordanState, jordanOutputs, floatTape);
            jordan.Backward(jordanInputs, jordanOutputs, jordanState, Span<float>.Empty, jordanGradients, floatTape);
            lstm.ForwardStreams(lstmInputs, lstmStreamStates, lstmOutputs, floatTape);
            lstm.BackwardStreams(lstmInputs, lstmOutputs, lstmStreamStates, lstmInputGradients, lstmGradients, floatTape);
        }

        Train();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            Train();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
