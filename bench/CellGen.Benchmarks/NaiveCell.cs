using System;

namespace CellGen.Benchmarks;

/// <summary>
/// The textbook loops: one unit, one gate, one weight at a time, scalar MathF activations, no vectors. It shows what
/// vectorization and compile-time sizes buy. Takes the generated and dynamic cells' parameters, and keeps its
/// recurrent weights as plain [k, j] rows, as a textbook does.
/// </summary>
public sealed class NaiveCell
{
    private readonly float[] _parameters;
    private readonly float[] _next;
    private readonly int _input, _hidden, _gates;
    private readonly DynamicCellKind _kind;

    /// <param name="panel">The width of the panels <paramref name="parameters"/> keep the recurrent weights in (<see cref="DynamicCell.RecurrentPanelWidth"/>), or 0.</param>
    public NaiveCell(DynamicCellKind kind, int input, int hidden, ReadOnlySpan<float> parameters, int panel)
    {
        _kind = kind;
        _input = input;
        _hidden = hidden;
        _gates = kind switch { DynamicCellKind.Lstm => 4, DynamicCellKind.Gru => 3, _ => 1 };
        _parameters = parameters.ToArray();
        if (panel > 0)
        {
            int weights = _gates * input * hidden;
            for (int g = 0; g < _gates; g++)
            {
                for (int k = 0; k < hidden; k++)
                {
                    for (int j = 0; j < hidden; j++)
                    {
                        _parameters[weights + g * hidden * hidden + k * hidden + j] =
                            parameters[weights + g * hidden * hidden + j / panel * panel * hidden + k * panel + j % panel];
                    }
                }
            }
        }

        _next = new float[kind == DynamicCellKind.Lstm ? 2 * hidden : hidden];
    }

    public void Step(ReadOnlySpan<float> x, Span<float> state, Span<float> output)
    {
        int weights = _gates * _input * _hidden, recurrent = _gates * _hidden * _hidden;
        int inputBias = weights + recurrent, recurrentBias = inputBias + _gates * _hidden;
        Span<float> z = stackalloc float[4];
        for (int j = 0; j < _hidden; j++)
        {
            float candidateRecurrent = 0;
            for (int g = 0; g < _gates; g++)
            {
                float sum = _parameters[inputBias + g * _hidden + j];
                for (int k = 0; k < _input; k++)
                {
                    sum += _parameters[g * _input * _hidden + k * _hidden + j] * x[k];
                }

                float recurrentSum = _parameters[recurrentBias + g * _hidden + j];
                for (int k = 0; k < _hidden; k++)
                {
                    recurrentSum += _parameters[weights + g * _hidden * _hidden + k * _hidden + j] * state[k];
                }

                if (_kind == DynamicCellKind.Gru && g == 2)
                {
                    candidateRecurrent = recurrentSum;
                    z[g] = sum;
                }
                else
                {
                    z[g] = sum + recurrentSum;
                }
            }

            switch (_kind)
            {
                case DynamicCellKind.Lstm:
                    float c = Sigmoid(z[1]) * state[_hidden + j] + Sigmoid(z[0]) * MathF.Tanh(z[3]);
                    _next[_hidden + j] = c;
                    _next[j] = Sigmoid(z[2]) * MathF.Tanh(c);
                    break;
                case DynamicCellKind.Gru:
                    float n = MathF.Tanh(z[2] + Sigmoid(z[0]) * candidateRecurrent);
                    float u = Sigmoid(z[1]);
                    _next[j] = (1 - u) * n + u * state[j];
                    break;
                default:
                    _next[j] = MathF.Tanh(z[0]);
                    break;
            }
        }

        _next.CopyTo(state);
        _next.AsSpan(0, _hidden).CopyTo(output);
    }

    private static float Sigmoid(float x) => 1 / (1 + MathF.Exp(-x));
}
