using System.Collections.Generic;
using System.Linq;
using CellGen.Generator.Model;

namespace CellGen.Generator.Emit;

/// <summary>Emits the LSTM's forward step at one width.</summary>
internal static class LstmKernel
{
    public static void EmitStep(KernelWriter k)
    {
        CodeWriter w = k.W;
        CellSpec s = k.Spec;
        IReadOnlyList<Gate> gates = ParameterLayout.Gates(CellKind.Lstm);

        k.TiledProducts("HiddenSize", s.Hidden,
            new[] { "Each gate's pre-activation starts from its biases, then adds W x(t) and U h(t−1)." },
            gates.Select(g => (KernelWriter.Local(g), k.Biases(g.Name + "InputBias", g.Name + "RecurrentBias"))).ToList(),
            new[]
            {
                new Product("+= W x(t): each input value scales one row of every gate's input weights.",
                    "InputSize", "x", "inputValue", "HiddenSize", gates.Select(g => (KernelWriter.Local(g), g.Name + "InputWeights")).ToList()),
                new Product("+= U h(t−1), the same way.",
                    "HiddenSize", "h", "hiddenValue", "HiddenSize", gates.Select(g => (KernelWriter.Local(g), g.Name + "RecurrentWeights")).ToList()),
            },
            () =>
        {
            // Read at each tile: a tail tile is emitted at a narrower width than the kernel's.
            Lanes v = k.V;
            w.Line($"{v.Type} previousCell = {v.Load("c", "j")};");
            k.RecordPreviousHidden();
            k.Record("previousCell", "CellPrevious");
            if (s.Peephole)
            {
                w.Line("// Peepholes: the input and forget gates see c(t−1).");
                w.Line($"inputGate = {v.MultiplyAdd(v.Load("parameters", "InputGatePeepholeOffset + j"), "previousCell", "inputGate")};");
                w.Line($"forgetGate = {v.MultiplyAdd(v.Load("parameters", "ForgetGatePeepholeOffset + j"), "previousCell", "forgetGate")};");
            }

            if (s.Clip > 0)
            {
                k.Record("inputGate", "InputGatePreActivation");
                k.Record("forgetGate", "ForgetGatePreActivation");
                k.Record("candidate", "CandidatePreActivation");
            }

            k.Clip("inputGate", "forgetGate", "candidate");
            w.Line($"// i = {KernelWriter.Formula(s.GateActivation, "z_i")}, f = {KernelWriter.Formula(s.GateActivation, "z_f")}, g = {KernelWriter.Formula(s.Activation, "z_g")}{k.AheadNote(("inputGate", "i"), ("forgetGate", "f"), ("candidate", "g"))}");
            k.Activate("inputGate", s.GateActivation);
            k.Activate("forgetGate", s.GateActivation);
            k.Activate("candidate", s.Activation);
            k.Record("inputGate", "InputGate");
            k.Record("forgetGate", "ForgetGate");
            k.Record("candidate", "Candidate");
            w.Line();
            w.Line("// c(t) = f ⊙ c(t−1) + i ⊙ g");
            w.Line($"{v.Type} cell = {v.MultiplyAdd("forgetGate", "previousCell", "inputGate * candidate")};");
            if (s.Peephole)
            {
                w.Line("// The output gate's peephole sees the new cell state c(t).");
                w.Line($"outputGate = {v.MultiplyAdd(v.Load("parameters", "OutputGatePeepholeOffset + j"), "cell", "outputGate")};");
            }

            if (s.Clip > 0)
            {
                k.Record("outputGate", "OutputGatePreActivation");
            }

            k.Clip("outputGate");
            w.Line($"// o = {KernelWriter.Formula(s.GateActivation, "z_o")}{k.AheadNote(("outputGate", "o"))}; h(t) = o ⊙ {KernelWriter.Formula(s.CellActivation, "c(t)")}");
            k.Activate("outputGate", s.GateActivation);
            w.Line($"{v.Type} cellActivated = {KernelWriter.Apply(s.CellActivation, "cell")};");
            w.Line($"{v.Type} hidden = outputGate * cellActivated;");
            w.Line(v.Store("cell", "cNext", "j"));
            w.Line(v.Store("hidden", "hNext", "j"));
            k.Record("outputGate", "OutputGate");
            k.Record("cell", "Cell");
            k.Record("cellActivated", "CellActivated");
            k.Record("hidden", "Hidden");
        },
            new[] { "ref " + k.V.Element + " c = ref Unsafe.Add(ref h, HiddenSize);", "ref " + k.V.Element + " cNext = ref Unsafe.Add(ref hNext, HiddenSize);" },
            Ahead(s));
    }

    /// <summary>The gates whose activation reads only their own sum: the candidate alone with peepholes (they add c(t−1)
    /// or c(t) to the other gates first). <see cref="KernelWriter.TiledProducts"/> applies none ahead when the cell clips.</summary>
    private static (string Local, ActivationKind Activation)[] Ahead(CellSpec s)
    {
        var candidate = ("candidate", s.Activation);
        return s.Peephole
            ? new[] { candidate }
            : new[] { ("inputGate", s.GateActivation), ("forgetGate", s.GateActivation), ("outputGate", s.GateActivation), candidate };
    }
}
