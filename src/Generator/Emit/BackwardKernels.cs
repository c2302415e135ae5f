using System.Collections.Generic;
using System.Linq;
using CellGen.Generator.Model;

namespace CellGen.Generator.Emit;

/// <summary>
/// Emits one backward step of each cell kind at one width, in three passes: element-wise, the gradients of the gate
/// pre-activations (kept in <c>_gateGradients</c>) and of the previous cell state; then, row by row, the input
/// weights (giving dx) and the recurrent weights (giving dh(t−1)), each weight row read once for both products.
/// </summary>
internal static class BackwardKernels
{
    /// <summary>Where each gate's pre-activation gradient sits in <c>_gateGradients</c>: gate g at g · HiddenSize.</summary>
    public static string GateOffset(int index) => index switch
    {
        0 => "0",
        1 => "HiddenSize",
        _ => $"{index} * HiddenSize",
    };

    public static void EmitStep(KernelWriter k)
    {
        switch (k.Spec.Kind)
        {
            case CellKind.Lstm:
                EmitLstm(k);
                break;
            case CellKind.Gru when k.Spec.ResetAfter:
                EmitGruResetAfter(k);
                break;
            case CellKind.Gru:
                EmitGruResetBefore(k);
                break;
            default:
                EmitSimple(k);
                break;
        }
    }

    private static void EmitLstm(KernelWriter k)
    {
        CellSpec s = k.Spec;
        CodeWriter w = k.W;
        IReadOnlyList<Gate> gates = ParameterLayout.Gates(CellKind.Lstm);
        k.Elementwise("HiddenSize", s.Hidden, e =>
        {
            Lanes v = e.V;
            w.Line($"{v.Type} dHidden = {v.Load("gradient", "j")};");
            w.Line($"{v.Type} outputGate = {v.Load("record", "TapeOutputGateOffset + j")};");
            w.Line($"{v.Type} cellActivated = {v.Load("record", "TapeCellActivatedOffset + j")};");
            w.Line("// dc(t) = the gradient from step t+1 + dh ⊙ o ⊙ h'(c(t)); dz_o = dh ⊙ h(c(t)) ⊙ f'(z_o).");
            w.Line($"{v.Type} dCell = {v.Load("gradient", "HiddenSize + j")} + {KernelWriter.Gradient(s.CellActivation, "cellActivated", "dHidden * outputGate")};");
            w.Line($"{v.Type} dOutputGate = {e.ClipGradient(KernelWriter.Gradient(s.GateActivation, "outputGate", "dHidden * cellActivated"), "OutputGatePreActivation")};");
            if (s.Peephole)
            {
                w.Line("// c(t) also reaches the output gate through its peephole.");
                w.Line($"dCell = {v.MultiplyAdd("dOutputGate", v.Load("parameters", "OutputGatePeepholeOffset + j"), "dCell")};");
                e.AddToGradient("OutputGatePeephole", "dOutputGate * " + v.Load("record", "TapeCellOffset + j"));
            }

            w.Line($"{v.Type} inputGate = {v.Load("record", "TapeInputGateOffset + j")};");
            w.Line($"{v.Type} forgetGate = {v.Load("record", "TapeForgetGateOffset + j")};");
            w.Line($"{v.Type} candidate = {v.Load("record", "TapeCandidateOffset + j")};");
            w.Line($"{v.Type} previousCell = {v.Load("record", "TapeCellPreviousOffset + j")};");
            w.Line("// c(t) = f ⊙ c(t−1) + i ⊙ g");
            w.Line($"{v.Type} dInputGate = {e.ClipGradient(KernelWriter.Gradient(s.GateActivation, "inputGate", "dCell * candidate"), "InputGatePreActivation")};");
            w.Line($"{v.Type} dForgetGate = {e.ClipGradient(KernelWriter.Gradient(s.GateActivation, "forgetGate", "dCell * previousCell"), "ForgetGatePreActivation")};");
            w.Line($"{v.Type} dCandidate = {e.ClipGradient(KernelWriter.Gradient(s.Activation, "candidate", "dCell * inputGate"), "CandidatePreActivation")};");
            w.Line($"{v.Type} dPreviousCell = dCell * forgetGate;");
            if (s.Peephole)
            {
                w.Line("// c(t−1) also reaches the input and forget gates through their peepholes.");
                w.Line($"dPreviousCell = {v.MultiplyAdd("dInputGate", v.Load("parameters", "InputGatePeepholeOffset + j"), "dPreviousCell")};");
                w.Line($"dPreviousCell = {v.MultiplyAdd("dForgetGate", v.Load("parameters", "ForgetGatePeepholeOffset + j"), "dPreviousCell")};");
                e.AddToGradient("InputGatePeephole", "dInputGate * previousCell");
                e.AddToGradient("ForgetGatePeephole", "dForgetGate * previousCell");
            }

            w.Line(v.Store("dPreviousCell", "previous", "HiddenSize + j"));
            StoreGateGradients(e, gates);
        });

        EmitWeightPasses(k, gates.Select((g, i) => (g.Name, GateOffset(i), "d" + g.Name)).ToList(),
            gates.Select((g, i) => (g.Name, GateOffset(i), "d" + g.Name)).ToList(), "HiddenSize", "hiddenPrevious", accumulate: false);
    }

    private static void EmitGruResetAfter(KernelWriter k)
    {
        CellSpec s = k.Spec;
        CodeWriter w = k.W;
        k.Elementwise("HiddenSize", s.Hidden, e =>
        {
            Lanes v = e.V;
            EmitGruBlendGradients(e);
            w.Line($"{v.Type} resetGate = {v.Load("record", "TapeResetGateOffset + j")};");
            w.Line($"{v.Type} candidateRecurrent = {v.Load("record", "TapeCandidateRecurrentOffset + j")};");
            w.Line("// n = g(W_n x + b_in + r ⊙ (U_n h(t−1) + b_hn))");
            w.Line($"{v.Type} dCandidateRecurrent = dCandidate * resetGate;");
            w.Line($"{v.Type} dResetGate = {e.ClipGradient(KernelWriter.Gradient(s.GateActivation, "resetGate", "dCandidate * candidateRecurrent"), "ResetGatePreActivation")};");
            w.Line(v.Store("dResetGate", "gateGradients", "j"));
            w.Line(v.Store("dUpdateGate", "gateGradients", "HiddenSize + j"));
            w.Line(v.Store("dCandidate", "gateGradients", "2 * HiddenSize + j"));
            w.Line(v.Store("dCandidateRecurrent", "gateGradients", "3 * HiddenSize + j"));
            if (s.Bias)
            {
                e.AddToGradient("ResetGateInputBias", "dResetGate");
                e.AddToGradient("ResetGateRecurrentBias", "dResetGate");
                e.AddToGradient("UpdateGateInputBias", "dUpdateGate");
                e.AddToGradient("UpdateGateRecurrentBias", "dUpdateGate");
                e.AddToGradient("CandidateInputBias", "dCandidate");
                e.AddToGradient("CandidateRecurrentBias", "dCandidateRecurrent");
            }
        });

        EmitWeightPasses(k,
            new[] { ("ResetGate", "0", "dResetGate"), ("UpdateGate", "HiddenSize", "dUpdateGate"), ("Candidate", "2 * HiddenSize", "dCandidate") },
            new[] { ("ResetGate", "0", "dResetGate"), ("UpdateGate", "HiddenSize", "dUpdateGate"), ("Candidate", "3 * HiddenSize", "dCandidateRecurrent") },
            "HiddenSize", "hiddenPrevious", accumulate: true);
    }

    private static void EmitGruResetBefore(KernelWriter k)
    {
        CellSpec s = k.Spec;
        CodeWriter w = k.W;
        w.Line("// The candidate read r ⊙ h(t−1): its gradient needs U_n dz_n first, so the reset gate comes second.");
        k.Elementwise("HiddenSize", s.Hidden, e =>
        {
            Lanes v = e.V;
            EmitGruBlendGradients(e);
            w.Line(v.Store("dUpdateGate", "gateGradients", "HiddenSize + j"));
            w.Line(v.Store("dCandidate", "gateGradients", "2 * HiddenSize + j"));
            if (s.Bias)
            {
                e.AddToGradient("UpdateGateInputBias", "dUpdateGate");
                e.AddToGradient("UpdateGateRecurrentBias", "dUpdateGate");
                e.AddToGradient("CandidateInputBias", "dCandidate");
                e.AddToGradient("CandidateRecurrentBias", "dCandidate");
            }
        });

        k.RowPass("d(r ⊙ h(t−1)) = U_n dz_n, and dU_n += (r ⊙ h(t−1)) ⊗ dz_n, row by row.",
            "HiddenSize", "gatedHidden", "HiddenSize", s.Hidden,
            new[] { ("CandidateRecurrentWeights", "2 * HiddenSize", "dCandidate") }, "gatedHiddenGradient", accumulate: false);
        w.Line();
        k.Elementwise("HiddenSize", s.Hidden, e =>
        {
            Lanes v = e.V;
            w.Line($"{v.Type} dGatedHidden = {v.Load("gatedHiddenGradient", "j")};");
            w.Line($"{v.Type} resetGate = {v.Load("record", "TapeResetGateOffset + j")};");
            w.Line($"{v.Type} dResetGate = {e.ClipGradient(KernelWriter.Gradient(s.GateActivation, "resetGate", "dGatedHidden * " + v.Load("record", "TapeHiddenPreviousOffset + j")), "ResetGatePreActivation")};");
            w.Line(v.Store(v.MultiplyAdd("dGatedHidden", "resetGate", v.Load("previous", "j")), "previous", "j"));
            w.Line(v.Store("dResetGate", "gateGradients", "j"));
            if (s.Bias)
            {
                e.AddToGradient("ResetGateInputBias", "dResetGate");
                e.AddToGradient("ResetGateRecurrentBias", "dResetGate");
            }
        });

        EmitWeightPasses(k,
            new[] { ("ResetGate", "0", "dResetGate"), ("UpdateGate", "HiddenSize", "dUpdateGate"), ("Candidate", "2 * HiddenSize", "dCandidate") },
            new[] { ("ResetGate", "0", "dResetGate"), ("UpdateGate", "HiddenSize", "dUpdateGate") },
            "HiddenSize", "hiddenPrevious", accumulate: true);
    }

    /// <summary>The gradients through h(t) = n + z ⊙ (h(t−1) − n), and the direct part of dh(t−1).</summary>
    private static void EmitGruBlendGradients(KernelWriter e)
    {
        CellSpec s = e.Spec;
        Lanes v = e.V;
        CodeWriter w = e.W;
        w.Line($"{v.Type} dHidden = {v.Load("gradient", "j")};");
        w.Line($"{v.Type} updateGate = {v.Load("record", "TapeUpdateGateOffset + j")};");
        w.Line($"{v.Type} candidate = {v.Load("record", "TapeCandidateOffset + j")};");
        w.Line($"{v.Type} previousHidden = {v.Load("record", "TapeHiddenPreviousOffset + j")};");
        w.Line("// h(t) = n + z ⊙ (h(t−1) − n): dh(t−1) gets dh ⊙ z directly, the weight passes add the rest.");
        w.Line($"{v.Type} dUpdateGate = {e.ClipGradient(KernelWriter.Gradient(s.GateActivation, "updateGate", "dHidden * (previousHidden - candidate)"), "UpdateGatePreActivation")};");
        w.Line($"{v.Type} dCandidate = {e.ClipGradient(KernelWriter.Gradient(s.Activation, "candidate", $"dHidden * ({v.One} - updateGate)"), "CandidatePreActivation")};");
        w.Line(v.Store("dHidden * updateGate", "previous", "j"));
    }

    private static void EmitSimple(KernelWriter k)
    {
        CellSpec s = k.Spec;
        CodeWriter w = k.W;
        k.Elementwise("HiddenSize", s.Hidden, e =>
        {
            Lanes v = e.V;
            w.Line($"{v.Type} hidden = {v.Load("record", "TapeHiddenOffset + j")};");
            w.Line($"{v.Type} dPreActivation = {e.ClipGradient(KernelWriter.Gradient(s.Activation, "hidden", v.Load("gradient", "j")), "PreActivation")};");
            w.Line(v.Store("dPreActivation", "gateGradients", "j"));
            if (s.Bias)
            {
                e.AddToGradient("InputBias", "dPreActivation");
                e.AddToGradient("RecurrentBias", "dPreActivation");
            }
        });

        var targets = new[] { ("", "0", "dPreActivation") };
        bool jordan = s.Kind == CellKind.Jordan;
        EmitWeightPasses(k, targets, targets, jordan ? "OutputSize" : "HiddenSize", jordan ? "outputPrevious" : "hiddenPrevious", accumulate: false);
    }

    private static void StoreGateGradients(KernelWriter e, IReadOnlyList<Gate> gates)
    {
        for (int i = 0; i < gates.Count; i++)
        {
            string local = "d" + gates[i].Name;
            e.W.Line(e.V.Store(local, "gateGradients", GateOffset(i) == "0" ? "j" : GateOffset(i) + " + j"));
            if (e.Spec.Bias)
            {
                e.AddToGradient(gates[i].Name + "InputBias", local);
                e.AddToGradient(gates[i].Name + "RecurrentBias", local);
            }
        }
    }

    /// <summary>The input-weight pass (dx, dW) and the recurrent-weight pass (dh(t−1) or dy(t−1), dU).</summary>
    private static void EmitWeightPasses(
        KernelWriter k,
        IReadOnlyList<(string Gate, string Offset, string Local)> inputTargets,
        IReadOnlyList<(string Gate, string Offset, string Local)> recurrentTargets,
        string memorySize,
        string memory,
        bool accumulate)
    {
        string memoryName = memory == "outputPrevious" ? "y(t−1)" : "h(t−1)";
        k.RowPass("dx = W dz and dW += x ⊗ dz, row by row (dx only when asked for).",
            "InputSize", "x", "HiddenSize", k.Spec.Hidden,
            inputTargets.Select(t => (t.Gate + "InputWeights", t.Offset, t.Local)).ToList(), "dx", accumulate: false, condition: "wantsInputGradient");
        k.RowPass($"d{memoryName} {(accumulate ? "+=" : "=")} U dz and dU += {memoryName} ⊗ dz, row by row.",
            memorySize, memory, "HiddenSize", k.Spec.Hidden,
            recurrentTargets.Select(t => (t.Gate + "RecurrentWeights", t.Offset, t.Local)).ToList(), "previous", accumulate);
    }

    /// <summary>The dense output layer: dz_y from dy, the gradients of V and b_out, and dh += V dz_y.</summary>
    public static void EmitOutput(KernelWriter k)
    {
        CellSpec s = k.Spec;
        CodeWriter w = k.W;
        string t = k.V.Element;
        if (s.OutputActivation == ActivationKind.Softmax)
        {
            w.Line("// Softmax couples the outputs: dz_k = y_k (dy_k − Σ_j y_j dy_j).");
            w.Line($"{t} weighted = 0;");
            w.Open("for (nuint j = 0; j < OutputSize; j++)");
            w.Line("weighted += Unsafe.Add(ref y, j) * Unsafe.Add(ref dy, j);");
            w.Close();
            w.Line();
            w.Open("for (nuint j = 0; j < OutputSize; j++)");
            w.Line("Unsafe.Add(ref outputPreGradients, j) = Unsafe.Add(ref y, j) * (Unsafe.Add(ref dy, j) - weighted);");
            w.Close();
            w.Line();
        }

        k.Elementwise("OutputSize", s.Output, e =>
        {
            Lanes v = e.V;
            if (s.OutputActivation != ActivationKind.Softmax)
            {
                w.Line($"{v.Type} dOutput = {KernelWriter.Gradient(s.OutputActivation, v.Load("y", "j"), v.Load("dy", "j"))};");
                w.Line(v.Store("dOutput", "outputPreGradients", "j"));
            }
            else
            {
                w.Line($"{v.Type} dOutput = {v.Load("outputPreGradients", "j")};");
            }

            if (s.Bias)
            {
                e.AddToGradient("OutputBias", "dOutput");
            }
        });

        k.RowPass("dh += V dz_y and dV += h(t) ⊗ dz_y, row by row.",
            "HiddenSize", "hidden", "OutputSize", s.Output,
            new[] { ("OutputWeights", "0", "dOutput") }, "dh", accumulate: true, gradientSource: "outputPreGradients");
    }
}
