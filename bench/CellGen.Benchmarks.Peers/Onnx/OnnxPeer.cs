using System;
using Microsoft.ML.OnnxRuntime;

namespace CellGen.Benchmarks.Peers.Onnx;

/// <summary>
/// ONNX Runtime (CPU execution provider) running the standard LSTM/GRU/RNN operator, on one thread, with every
/// input and output an <see cref="OrtValue"/> created once over a managed array (pinned by the OrtValue for its
/// lifetime) and <see cref="InferenceSession.Run(RunOptions, System.Collections.Generic.IReadOnlyCollection{string}, System.Collections.Generic.IReadOnlyCollection{OrtValue}, System.Collections.Generic.IReadOnlyCollection{string}, System.Collections.Generic.IReadOnlyCollection{OrtValue})"/>
/// writing into the pre-allocated outputs.
/// </summary>
/// <remarks>
/// That Run overload still allocates about 240 bytes per call on the managed side: it builds arrays of the names'
/// UTF-8 pointers and of the values' handles (and enumerates the collections through their interfaces) before calling
/// the native OrtRun. <see cref="StepBound"/> runs the same step through an <see cref="OrtIoBinding"/> bound once,
/// which calls the native function directly and allocates nothing.
/// </remarks>
public sealed class OnnxPeer : IDisposable
{
    private readonly SessionOptions _options;
    private readonly RunOptions _runOptions = new();
    private readonly InferenceSession _sequenceSession, _stepSession;

    // The whole-sequence model: X [T, 1, I], zero initial state, outputs Y, Y_h (, Y_c).
    private readonly string[] _sequenceInputNames, _sequenceOutputNames;
    private readonly OrtValue[] _sequenceInputs, _sequenceOutputs;
    private readonly float[] _sequenceY;

    // The one-step model: X [1, 1, I] and the state in, the new state out. The state lives in two buffer sets that
    // swap roles every call (A → B, then B → A), since an output must not alias an input.
    private readonly string[] _stepInputNames, _stepOutputNames;
    private readonly OrtValue[][] _stepInputs = new OrtValue[2][], _stepOutputs = new OrtValue[2][];
    private readonly float[][] _hidden = new float[2][], _cell = new float[2][];
    private readonly OrtIoBinding[] _stepBindings = new OrtIoBinding[2];
    private readonly float[] _stepX;
    private int _current;

    public OnnxPeer(TorchWeights weights, float[] sequenceInputs, int steps)
    {
        int input = weights.Input, hidden = weights.Hidden;
        bool lstm = weights.Kind == CellKind.Lstm;
        _options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _sequenceSession = new InferenceSession(OnnxModel.Build(weights, steps, sequenceOutput: true), _options);
        _stepSession = new InferenceSession(OnnxModel.Build(weights, 1, sequenceOutput: false), _options);

        long[] stateShape = { 1, 1, hidden };
        _sequenceY = new float[steps * hidden];
        float[] sequenceH = new float[hidden], sequenceC = new float[hidden];
        float[] zeroH = new float[hidden], zeroC = new float[hidden];
        _sequenceInputNames = lstm ? new[] { "X", "initial_h", "initial_c" } : new[] { "X", "initial_h" };
        _sequenceOutputNames = lstm ? new[] { "Y", "Y_h", "Y_c" } : new[] { "Y", "Y_h" };
        OrtValue x = OrtValue.CreateTensorValueFromMemory(sequenceInputs, new long[] { steps, 1, input });
        OrtValue h0 = OrtValue.CreateTensorValueFromMemory(zeroH, stateShape);
        OrtValue y = OrtValue.CreateTensorValueFromMemory(_sequenceY, new long[] { steps, 1, 1, hidden });
        OrtValue yh = OrtValue.CreateTensorValueFromMemory(sequenceH, stateShape);
        _sequenceInputs = lstm ? new[] { x, h0, OrtValue.CreateTensorValueFromMemory(zeroC, stateShape) } : new[] { x, h0 };
        _sequenceOutputs = lstm ? new[] { y, yh, OrtValue.CreateTensorValueFromMemory(sequenceC, stateShape) } : new[] { y, yh };

        _stepX = sequenceInputs.AsSpan(0, input).ToArray();
        OrtValue stepX = OrtValue.CreateTensorValueFromMemory(_stepX, new long[] { 1, 1, input });
        _stepInputNames = _sequenceInputNames;
        _stepOutputNames = lstm ? new[] { "Y_h", "Y_c" } : new[] { "Y_h" };
        var h = new OrtValue[2];
        var c = new OrtValue[2];
        for (int s = 0; s < 2; s++)
        {
            _hidden[s] = new float[hidden];
            _cell[s] = new float[hidden];
            h[s] = OrtValue.CreateTensorValueFromMemory(_hidden[s], stateShape);
            c[s] = OrtValue.CreateTensorValueFromMemory(_cell[s], stateShape);
        }

        for (int s = 0; s < 2; s++)
        {
            int next = 1 - s;
            _stepInputs[s] = lstm ? new[] { stepX, h[s], c[s] } : new[] { stepX, h[s] };
            _stepOutputs[s] = lstm ? new[] { h[next], c[next] } : new[] { h[next] };
            _stepBindings[s] = _stepSession.CreateIoBinding();
            for (int i = 0; i < _stepInputNames.Length; i++)
            {
                _stepBindings[s].BindInput(_stepInputNames[i], _stepInputs[s][i]);
            }

            for (int i = 0; i < _stepOutputNames.Length; i++)
            {
                _stepBindings[s].BindOutput(_stepOutputNames[i], _stepOutputs[s][i]);
            }
        }
    }

    /// <summary>h after the last <see cref="Step"/>.</summary>
    public ReadOnlySpan<float> StepHidden => _hidden[_current];

    /// <summary>Y, every h(t) of the last <see cref="Sequence"/>, [T, H].</summary>
    public ReadOnlySpan<float> SequenceOutputs => _sequenceY;

    /// <summary>One time step from the state the previous call left.</summary>
    public void Step()
    {
        int current = _current;
        _stepSession.Run(_runOptions, _stepInputNames, _stepInputs[current], _stepOutputNames, _stepOutputs[current]);
        _current = 1 - current;
    }

    /// <summary>
    /// The step model stepped through <paramref name="inputs"/> (T × I) from a zero state, by <see cref="StepBound"/>
    /// or <see cref="Step"/>: every h(t), [T, H], for the correctness check. Leaves the state zero and the step input at the first row of <paramref name="inputs"/>.
    /// </summary>
    public float[] StepOutputs(ReadOnlySpan<float> inputs, bool bound)
    {
        int input = _stepX.Length, hidden = _hidden[0].Length, steps = inputs.Length / input;
        var outputs = new float[steps * hidden];
        ResetStepState();
        for (int t = 0; t < steps; t++)
        {
            inputs.Slice(t * input, input).CopyTo(_stepX);
            if (bound)
            {
                StepBound();
            }
            else
            {
                Step();
            }

            StepHidden.CopyTo(outputs.AsSpan(t * hidden));
        }

        ResetStepState();
        inputs.Slice(0, input).CopyTo(_stepX);
        return outputs;
    }

    /// <summary>As <see cref="Step"/>, through an <see cref="OrtIoBinding"/> made once per direction of the swap.</summary>
    public void StepBound()
    {
        int current = _current;
        _stepSession.RunWithBinding(_runOptions, _stepBindings[current]);
        _current = 1 - current;
    }

    /// <summary>Sets the step model's state to zero.</summary>
    public void ResetStepState()
    {
        foreach (float[] values in _hidden)
        {
            Array.Clear(values);
        }

        foreach (float[] values in _cell)
        {
            Array.Clear(values);
        }
    }

    /// <summary>The whole sequence from a zero state.</summary>
    public void Sequence() => _sequenceSession.Run(_runOptions, _sequenceInputNames, _sequenceInputs, _sequenceOutputNames, _sequenceOutputs);

    public void Dispose()
    {
        foreach (OrtValue value in _sequenceInputs)
        {
            value.Dispose();
        }

        foreach (OrtValue value in _sequenceOutputs)
        {
            value.Dispose();
        }

        // Step values: X is shared by both sets, each state value appears once as an input.
        _stepInputs[0][0].Dispose();
        for (int s = 0; s < 2; s++)
        {
            for (int i = 1; i < _stepInputs[s].Length; i++)
            {
                _stepInputs[s][i].Dispose();
            }
        }

        foreach (OrtIoBinding binding in _stepBindings)
        {
            binding.Dispose();
        }

        _sequenceSession.Dispose();
        _stepSession.Dispose();
        _runOptions.Dispose();
        _options.Dispose();
    }
}
