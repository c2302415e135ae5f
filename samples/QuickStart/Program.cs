using System;
using System.Diagnostics;
using CellGen;

namespace QuickStart;

// The lecture notes' Elman network: 2 inputs, 2 hidden units, 2 outputs, all weights 1, no bias, linear activations.
[RnnCell(Input = 2, Hidden = 2, Output = 2, Bias = false, Activation = Activation.Linear)]
public partial class ElmanNetwork { }

// The notes' "human LSTM": one cell, 3 inputs, g and h linear, weights set by hand below.
[LstmCell(Input = 3, Hidden = 1, CandidateActivation = Activation.Linear, CellActivation = Activation.Linear)]
public partial class HumanLstm { }

// A GRU set up as a low-pass filter, and an LSTM set up as an integrator, on a noisy signal.
[GruCell(Input = 1, Hidden = 1, CandidateActivation = Activation.Linear, ElementType = typeof(double))]
public partial class SmoothingGru { }

[LstmCell(Input = 1, Hidden = 1, CandidateActivation = Activation.Linear, CellActivation = Activation.Linear, ElementType = typeof(double))]
public partial class IntegratingLstm { }

// A realistically sized cell, for a feel of the speed.
[LstmCell(Input = 3, Hidden = 64, Peephole = true)]
public partial class SensorLstm { }

public static class Program
{
    public static void Main()
    {
        Console.WriteLine("CellGen quick start: cells generated at compile time from their attributes.");
        Console.WriteLine();
        Elman();
        HumanLstmExample();
        Filters();
        Speed();
    }

    private static void Elman()
    {
        Console.WriteLine("1. Elman network of the notes (all weights 1, linear), memory starting at 0:");
        var net = new ElmanNetwork();
        net.Parameters.Fill(1);
        var state = net.CreateState();
        float[] inputs = { 1, 1, 1, 1, 2, 2 };
        float[] outputs = new float[6];
        net.Forward(inputs, state, outputs);
        for (int t = 0; t < 3; t++)
        {
            Console.WriteLine($"   x = [{inputs[2 * t]}, {inputs[2 * t + 1]}]  ->  y = [{outputs[2 * t]}, {outputs[2 * t + 1]}]");
        }

        Console.WriteLine("   (the notes: [4, 4], [12, 12], [32, 32])");
        Console.WriteLine();
    }

    private static void HumanLstmExample()
    {
        Console.WriteLine("2. The notes' human LSTM: x2 = 1 stores x1, x2 = -1 resets, x3 = 1 shows the memory:");
        var lstm = new HumanLstm();
        lstm.CandidateInputWeights[0] = 1;      // z = x1
        lstm.InputGateInputWeights[1] = 100;    // input gate 100·x2 − 10
        lstm.InputGateInputBias[0] = -10;
        lstm.ForgetGateInputWeights[1] = 100;   // forget gate 100·x2 + 10
        lstm.ForgetGateInputBias[0] = 10;
        lstm.OutputGateInputWeights[2] = 100;   // output gate 100·x3 − 10
        lstm.OutputGateInputBias[0] = -10;

        float[] inputs = { 1, 0, 0, 3, 1, 0, 2, 0, 0, 4, 1, 0, 2, 0, 0, 1, 0, 1, 3, -1, 0, 6, 1, 0, 1, 0, 1 };
        float[] outputs = new float[9];
        var state = lstm.CreateState();
        lstm.Forward(inputs, state, outputs);
        for (int t = 0; t < 9; t++)
        {
            Console.WriteLine($"   x = ({inputs[3 * t],2}, {inputs[3 * t + 1],2}, {inputs[3 * t + 2]})  ->  y = {outputs[t],6:F3}");
        }

        Console.WriteLine("   (the notes: 0, 0, 0, 0, 0, 7, 0, 0, 6)");
        Console.WriteLine();
    }

    private static void Filters()
    {
        Console.WriteLine("3. A GRU as a low-pass filter and an LSTM as an integrator, on a noisy 1 Hz sine sampled at 50 Hz:");

        // GRU: update gate z = σ(b) = 0.9 and candidate n = x, so h(t) = 0.1·x(t) + 0.9·h(t−1), an exponential moving average.
        var gru = new SmoothingGru();
        gru.UpdateGateInputBias[0] = Math.Log(0.9 / 0.1);
        gru.CandidateInputWeights[0] = 1;

        // LSTM: input and forget gates wide open, output gate open, g and h linear: c(t) = c(t−1) + x(t)·dt.
        var lstm = new IntegratingLstm();
        lstm.InputGateInputBias[0] = 40;
        lstm.ForgetGateInputBias[0] = 40;
        lstm.OutputGateInputBias[0] = 40;
        lstm.CandidateInputWeights[0] = 1.0 / 50;

        const int steps = 100;
        var random = new Random(7);
        double[] signal = new double[steps];
        for (int t = 0; t < steps; t++)
        {
            signal[t] = Math.Sin(2 * Math.PI * t / 50) + 0.3 * (random.NextDouble() * 2 - 1);
        }

        double[] smoothed = new double[steps], integral = new double[steps];
        gru.Forward(signal, gru.CreateState(), smoothed);
        lstm.Forward(signal, lstm.CreateState(), integral);

        double average = 0, sum = 0, worstFilter = 0, worstIntegral = 0;
        Console.WriteLine("      t    noisy   GRU filter   exact EMA   LSTM integral   exact sum");
        for (int t = 0; t < steps; t++)
        {
            average = 0.1 * signal[t] + 0.9 * average;
            sum += signal[t] / 50;
            worstFilter = Math.Max(worstFilter, Math.Abs(average - smoothed[t]));
            worstIntegral = Math.Max(worstIntegral, Math.Abs(sum - integral[t]));
            if (t % 10 == 0)
            {
                Console.WriteLine($"   {t,4}  {signal[t],7:F3}   {smoothed[t],10:F5}  {average,10:F5}   {integral[t],13:F5}  {sum,10:F5}");
            }
        }

        Console.WriteLine($"   largest difference from the closed forms: filter {worstFilter:0.0e0}, integral {worstIntegral:0.0e0}");
        Console.WriteLine("   (gates at σ(40) are 1 − 4e−18 open: the integral matches to rounding)");
        Console.WriteLine();
    }

    private static void Speed()
    {
        var lstm = new SensorLstm();
        var random = new Random(1);
        Span<float> parameters = lstm.Parameters;
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = (float)((random.NextDouble() * 2 - 1) / Math.Sqrt(SensorLstm.HiddenSize));
        }

        float[] inputs = new float[3 * 1000];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)Math.Sin(i * 0.01);
        }

        float[] outputs = new float[SensorLstm.HiddenSize * 1000];
        var state = lstm.CreateState();
        for (int warm = 0; warm < 50; warm++)
        {
            lstm.Forward(inputs, state, outputs);
        }

        const int rounds = 200;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int round = 0; round < rounds; round++)
        {
            lstm.Forward(inputs, state, outputs);
        }

        double nanoseconds = Stopwatch.GetElapsedTime(start).TotalNanoseconds / (rounds * 1000.0);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine($"4. LSTM(Input = 3, Hidden = 64, peepholes), {SensorLstm.ParameterCount} parameters: {nanoseconds:F0} ns per time step, {allocated} bytes allocated over {rounds * 1000} steps.");
        Console.WriteLine("   (a rough Stopwatch figure; bench/ measures properly with BenchmarkDotNet)");
    }
}
