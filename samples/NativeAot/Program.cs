// A vibration sensor's next-value predictor shipped as one native executable: trained, saved as safetensors and as
// ONNX, loaded back from both and run, with no JIT and no reflection. `dotnet run` gives the JIT build; `dotnet publish
// -r linux-x64` the native one, which prints the same numbers (CI compares the two).
using System;
using System.IO;
using System.Linq;
using CellGen;

const int Steps = 40, Iterations = 2000;

// 1. The signal: two vibration modes and sensor noise, from a seeded generator.
var random = new Random(2026);
float[] signal = new float[4000];
for (int t = 0; t < signal.Length; t++)
{
    signal[t] = (float)(Math.Sin(2 * Math.PI * t / 25) + 0.5 * Math.Sin(2 * Math.PI * t / 7) + 0.05 * (random.NextDouble() - 0.5));
}

// 2. Training: windows of 40 samples, each step predicting the next sample; MSE, Adam.
var predictor = new Predictor();
Initializers.Glorot(predictor, seed: 1);
var tape = new SequenceTape<float>();
var adam = new Adam<float>(Predictor.ParameterCount, learningRate: 1e-3);
float[] inputs = new float[Steps], targets = new float[Steps], outputs = new float[Steps], outputGradients = new float[Steps];
float[] gradients = new float[Predictor.ParameterCount];
float[] state = new float[Predictor.StateSize], stateGradient = new float[Predictor.StateSize];
for (int iteration = 1; iteration <= Iterations; iteration++)
{
    int start = random.Next(0, 3000 - Steps - 1);
    signal.AsSpan(start, Steps).CopyTo(inputs);
    signal.AsSpan(start + 1, Steps).CopyTo(targets);
    Array.Clear(state);
    Array.Clear(stateGradient);
    predictor.Forward(inputs, state, outputs, tape);
    float loss = Losses.MeanSquaredError<float>(outputs, targets, outputGradients);
    predictor.Backward(inputs, outputGradients, stateGradient, Span<float>.Empty, gradients, tape);
    GradientClipping.ByGlobalNorm<float>(gradients, 1f);
    adam.Step(predictor.Parameters, gradients);
    if (iteration % 500 == 0)
    {
        Console.WriteLine($"iteration {iteration}: training MSE {loss:R}");
    }
}

// 3. Held-out: the last 1,000 samples, streamed one Step at a time, against repeating the last sample.
float Evaluate(Predictor cell)
{
    var memory = cell.CreateState();
    float[] y = new float[1];
    double error = 0;
    for (int t = 3000; t < signal.Length - 1; t++)
    {
        cell.Step(signal.AsSpan(t, 1), memory, y);
        error += (y[0] - signal[t + 1]) * (y[0] - signal[t + 1]);
    }

    return (float)(error / (signal.Length - 3001));
}

float heldOut = Evaluate(predictor);
double repeat = Enumerable.Range(3000, signal.Length - 3001).Average(t => (signal[t] - signal[t + 1]) * (signal[t] - signal[t + 1]));
Console.WriteLine($"held-out MSE, one Step per sample: {heldOut:R} (repeating the last sample: {repeat:F5})");

// 4. Saved as safetensors (PyTorch's names) and as ONNX, loaded into fresh cells, which must predict the same.
string folder = Path.Combine(Path.GetTempPath(), "cellgen-nativeaot-" + Environment.ProcessId);
Directory.CreateDirectory(folder);
try
{
    string safetensors = Path.Combine(folder, "predictor.safetensors"), onnx = Path.Combine(folder, "predictor.onnx");
    SafeTensors.Save(safetensors, new[] { new LayerCell<float>(predictor) });
    OnnxModel.Save(onnx, predictor);

    var fromSafetensors = new Predictor();
    SafeTensors.Load(safetensors, new[] { new LayerCell<float>(fromSafetensors) });
    var fromOnnx = new Predictor();
    OnnxModel.Load(onnx, fromOnnx);
    Console.WriteLine($"reloaded from safetensors ({new FileInfo(safetensors).Length:N0} bytes): held-out MSE {Evaluate(fromSafetensors):R}");
    Console.WriteLine($"reloaded from ONNX ({new FileInfo(onnx).Length:N0} bytes): held-out MSE {Evaluate(fromOnnx):R}");
    foreach (OnnxRecurrentNode node in OnnxModel.Describe(onnx))
    {
        Console.WriteLine($"the ONNX model holds {node.Operator} node '{node.Node}' ({node.Direction}): declare {node.Cell}");
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}

[LstmCell(Input = 1, Hidden = 16, Output = 1, Peephole = true)]
public partial class Predictor { }
