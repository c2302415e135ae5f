using System;
using System.Collections.Generic;
using System.Linq;

namespace CellGen.Tests.Numerics;

/// <summary>
/// The sweep cells' math as plain double loops over the named parameter blocks: no vectors, no tiles, no fused
/// multiply-add. Kinds and options are those of SweepCells.cs, read from the class name prefix.
/// </summary>
public sealed class NaiveCell
{
    private readonly string _kind;
    private readonly Dictionary<string, double[]> _blocks;
    private readonly int _input, _hidden, _output;

    public NaiveCell(string typeName, IReadOnlyList<ParameterBlock> layout, double[] parameters, int input, int hidden, int output)
    {
        _kind = new string(typeName.TakeWhile(c => !char.IsDigit(c)).ToArray());
        // Every block as a plain row-major matrix, wherever the cell keeps its values (recurrent weights may be in panels).
        _blocks = layout.ToDictionary(
            b => b.Name,
            b => Enumerable.Range(0, b.Length).Select(i => parameters[b.Index(i / b.Columns, i % b.Columns)]).ToArray());
        _input = input;
        _hidden = hidden;
        _output = output;
    }

    public double[] Forward(double[] inputs, double[] state)
    {
        int steps = inputs.Length / _input;
        var outputs = new List<double>();
        for (int t = 0; t < steps; t++)
        {
            double[] x = inputs.AsSpan(t * _input, _input).ToArray();
            outputs.AddRange(Step(x, state));
        }

        return outputs.ToArray();
    }

    private double[] Step(double[] x, double[] state)
    {
        switch (_kind)
        {
            case "LstmF":
            case "LstmD":
            {
                bool peephole = _kind == "LstmF";
                double clip = peephole ? 2.5 : double.PositiveInfinity;
                double[] h = state[.._hidden], c = state[_hidden..];
                double[] i = Affine("InputGate", x, h), f = Affine("ForgetGate", x, h), o = Affine("OutputGate", x, h), g = Affine("Candidate", x, h);
                for (int j = 0; j < _hidden; j++)
                {
                    double zi = i[j] + (peephole ? _blocks["InputGatePeephole"][j] * c[j] : 0);
                    double zf = f[j] + (peephole ? _blocks["ForgetGatePeephole"][j] * c[j] : 0);
                    double cell = Sigmoid(Clip(zf, clip)) * c[j] + Sigmoid(Clip(zi, clip)) * Math.Tanh(Clip(g[j], clip));
                    double zo = o[j] + (peephole ? _blocks["OutputGatePeephole"][j] * cell : 0);
                    state[_hidden + j] = cell;
                    state[j] = Sigmoid(Clip(zo, clip)) * Math.Tanh(cell);
                }

                return state[.._hidden];
            }

            case "GruF":
            case "GruBeforeF":
            {
                double[] h = state.ToArray();
                double[] r = Affine("ResetGate", x, h).Select(Sigmoid).ToArray();
                double[] z = Affine("UpdateGate", x, h).Select(Sigmoid).ToArray();
                double[] nx = MatVec("CandidateInputWeights", x, _input, "CandidateInputBias");
                double[] n;
                if (_kind == "GruF")
                {
                    double[] nh = MatVec("CandidateRecurrentWeights", h, _hidden, "CandidateRecurrentBias");
                    n = nx.Select((v, j) => Math.Tanh(v + r[j] * nh[j])).ToArray();
                }
                else
                {
                    double[] rh = h.Select((v, j) => r[j] * v).ToArray();
                    double[] nh = MatVec("CandidateRecurrentWeights", rh, _hidden, "CandidateRecurrentBias");
                    n = nx.Select((v, j) => Math.Tanh(v + nh[j])).ToArray();
                }

                for (int j = 0; j < _hidden; j++)
                {
                    state[j] = (1 - z[j]) * n[j] + z[j] * h[j];
                }

                return state.ToArray();
            }

            case "RnnF":
            {
                double[] h = Affine("", x, state.ToArray()).Select(Math.Tanh).ToArray();
                h.CopyTo(state, 0);
                double[] y = MatVec("OutputWeights", h, _hidden, "OutputBias", _output);
                double max = y.Max();
                double[] e = y.Select(v => Math.Exp(v - max)).ToArray();
                return e.Select(v => v / e.Sum()).ToArray();
            }

            case "JordanD":
            {
                double[] previous = state.ToArray();
                double[] h = MatVec("InputWeights", x, _input, "InputBias").Zip(MatVec("RecurrentWeights", previous, _output, "RecurrentBias"), (a, b) => Math.Tanh(a + b)).ToArray();
                double[] y = MatVec("OutputWeights", h, _hidden, "OutputBias", _output);
                y.CopyTo(state, 0);
                return y;
            }

            default:
                throw new InvalidOperationException("no naive form for " + _kind);
        }
    }

    /// <summary>W x + b_i + U h + b_h for one gate (the whole hidden layer when <paramref name="gate"/> is empty).</summary>
    private double[] Affine(string gate, double[] x, double[] h) =>
        MatVec(gate + "InputWeights", x, _input, gate + "InputBias")
            .Zip(MatVec(gate + "RecurrentWeights", h, _hidden, gate + "RecurrentBias"), (a, b) => a + b).ToArray();

    /// <summary>Σ_k weights[k, j] v[k] + bias[j], with weights stored input-major [rows, columns].</summary>
    private double[] MatVec(string weights, double[] v, int rows, string bias, int columns = -1)
    {
        columns = columns < 0 ? _hidden : columns;
        double[] w = _blocks[weights];
        var result = new double[columns];
        for (int j = 0; j < columns; j++)
        {
            double sum = _blocks.TryGetValue(bias, out double[]? b) ? b[j] : 0;
            for (int k = 0; k < rows; k++)
            {
                sum += w[k * columns + j] * v[k];
            }

            result[j] = sum;
        }

        return result;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Clip(double x, double clip) => Math.Clamp(x, -clip, clip);
}
