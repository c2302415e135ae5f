using System;
using CellGen.Generator.Model;

namespace CellGen.Generator.Emit;

/// <summary>Emits the GRU's forward step at one width, in the reset-after (PyTorch) or reset-before (original) form.</summary>
internal static class GruKernel
{
    public static void EmitStep(KernelWriter k)
    {
        if (k.Spec.ResetAfter)
        {
            EmitResetAfter(k);
        }
        else
        {
            EmitResetBefore(k);
        }
    }

    private static void EmitResetAfter(KernelWriter k)
    {
        CodeWriter w = k.W;
        CellSpec s = k.Spec;
        k.TiledProducts("HiddenSize", s.Hidden,
            new[]
            {
                "Pre-activations start from the biases. The candidate keeps its input and recurrent parts apart,",
                $"because the reset gate scales only the recurrent one: n = {KernelWriter.Formula(s.Activation, "W_n x + b_in + r ⊙ (U_n h + b_hn)")}.",
            },
            new[]
            {
                ("resetGate", k.Biases("ResetGateInputBias", "ResetGateRecurrentBias")),
                ("updateGate", k.Biases("UpdateGateInputBias", "UpdateGateRecurrentBias")),
                ("candidateInput", k.Biases("CandidateInputBias")),
                ("candidateRecurrent", k.Biases("CandidateRecurrentBias")),
            },
            new[]
            {
                new Product("+= W x(t): each input value scales one row of every gate's input weights.",
                    "InputSize", "x", "inputValue", "HiddenSize",
                    new[] { ("resetGate", "ResetGateInputWeights"), ("updateGate", "UpdateGateInputWeights"), ("candidateInput", "CandidateInputWeights") }),
                new Product("+= U h(t−1), the same way.",
                    "HiddenSize", "h", "hiddenValue", "HiddenSize",
                    new[] { ("resetGate", "ResetGateRecurrentWeights"), ("updateGate", "UpdateGateRecurrentWeights"), ("candidateRecurrent", "CandidateRecurrentWeights") }),
            },
            () =>
        {
            // Read at each tile: a tail tile is emitted at a narrower width than the kernel's.
            Lanes v = k.V;
            EmitGates(k);
            k.Record("candidateRecurrent", "CandidateRecurrent");
            w.Line($"{v.Type} candidate = {v.MultiplyAdd("resetGate", "candidateRecurrent", "candidateInput")};");
            EmitCandidateActivation(k);
            EmitBlend(k);
        },
            ahead: GatesAhead(s));
    }

    /// <summary>The gates whose activation reads only their own sum: r and z (<see cref="KernelWriter.TiledProducts"/>
    /// applies none ahead when the cell clips).</summary>
    private static (string Local, ActivationKind Activation)[] GatesAhead(CellSpec s) =>
        new[] { ("resetGate", s.GateActivation), ("updateGate", s.GateActivation) };

    private static void EmitResetBefore(KernelWriter k)
    {
        CodeWriter w = k.W;
        CellSpec s = k.Spec;
        w.Line("// The candidate reads r ⊙ h(t−1), which needs every unit's reset gate: two passes over the units,");
        w.Line("// with z, the candidate's input part and r ⊙ h(t−1) kept in _gates between them.");
        w.Line($"ref {k.V.Element} gates = ref _gates.Reference;");
        w.Line($"ref {k.V.Element} resetHidden = ref Unsafe.Add(ref gates, 2 * HiddenSize);");
        w.Line();
        w.Line("// Pass 1: the gates, and the candidate's input part W_n x + b_in + b_hn.");
        k.TiledProducts("HiddenSize", s.Hidden,
            new string[0],
            new[]
            {
                ("resetGate", k.Biases("ResetGateInputBias", "ResetGateRecurrentBias")),
                ("updateGate", k.Biases("UpdateGateInputBias", "UpdateGateRecurrentBias")),
                ("candidateInput", k.Biases("CandidateInputBias", "CandidateRecurrentBias")),
            },
            new[]
            {
                new Product("+= W x(t): each input value scales one row of every gate's input weights.",
                    "InputSize", "x", "inputValue", "HiddenSize",
                    new[] { ("resetGate", "ResetGateInputWeights"), ("updateGate", "UpdateGateInputWeights"), ("candidateInput", "CandidateInputWeights") }),
                new Product("+= U h(t−1) for the two gates.",
                    "HiddenSize", "h", "hiddenValue", "HiddenSize",
                    new[] { ("resetGate", "ResetGateRecurrentWeights"), ("updateGate", "UpdateGateRecurrentWeights") }),
            },
            () =>
        {
            Lanes v = k.V;
            EmitGates(k);
            w.Line($"{v.Type} gatedHidden = resetGate * {v.Load("h", "j")};");
            w.Line(v.Store("updateGate", "gates", "j"));
            w.Line(v.Store("candidateInput", "gates", "HiddenSize + j"));
            w.Line(v.Store("gatedHidden", "resetHidden", "j"));
            k.Record("gatedHidden", "CandidateRecurrent");
        },
            ahead: GatesAhead(s));
        w.Line();
        w.Line($"// Pass 2: n = {KernelWriter.Formula(s.Activation, "W_n x + b_in + U_n (r ⊙ h(t−1)) + b_hn")}, then the blend.");
        k.TiledProducts("HiddenSize", s.Hidden,
            new string[0],
            new (string, Func<string, string>)[] { ("candidate", offset => k.V.Load("gates", "HiddenSize + " + offset)) },
            new[]
            {
                new Product("+= U_n (r ⊙ h(t−1))",
                    "HiddenSize", "resetHidden", "resetHiddenValue", "HiddenSize", new[] { ("candidate", "CandidateRecurrentWeights") }),
            },
            () =>
        {
            EmitCandidateActivation(k);
            w.Line($"{k.V.Type} updateGate = {k.V.Load("gates", "j")};");
            EmitBlend(k);
        },
            ahead: new[] { ("candidate", s.Activation) });
    }

    /// <summary>Clips (recording the unclipped values when training) and activates both gates.</summary>
    private static void EmitGates(KernelWriter k)
    {
        if (k.Spec.Clip > 0)
        {
            k.Record("resetGate", "ResetGatePreActivation");
            k.Record("updateGate", "UpdateGatePreActivation");
        }

        k.Clip("resetGate", "updateGate");
        k.W.Line($"// r = {KernelWriter.Formula(k.Spec.GateActivation, "z_r")}, z = {KernelWriter.Formula(k.Spec.GateActivation, "z_z")}{k.AheadNote(("resetGate", "r"), ("updateGate", "z"))}");
        k.Activate("resetGate", k.Spec.GateActivation);
        k.Activate("updateGate", k.Spec.GateActivation);
        k.Record("resetGate", "ResetGate");
        k.Record("updateGate", "UpdateGate");
    }

    private static void EmitCandidateActivation(KernelWriter k)
    {
        if (k.Spec.Clip > 0)
        {
            k.Record("candidate", "CandidatePreActivation");
        }

        k.Clip("candidate");
        k.Activate("candidate", k.Spec.Activation);
        k.Record("candidate", "Candidate");
    }

    private static void EmitBlend(KernelWriter k)
    {
        Lanes v = k.V;
        k.RecordPreviousHidden();
        k.W.Line("// h(t) = (1 − z) ⊙ n + z ⊙ h(t−1), computed as n + z ⊙ (h(t−1) − n).");
        k.W.Line($"{v.Type} hidden = {v.MultiplyAdd("updateGate", v.Load("h", "j") + " - candidate", "candidate")};");
        k.W.Line(v.Store("hidden", "hNext", "j"));
        k.Record("hidden", "Hidden");
    }
}
