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

    public static void EmitStep(KernelWriter k) => EmitStep(k, recurrent: true);

    /// <summary>
    /// One backward step without its recurrent products, for streams whose recurrent products a block computes
    /// together (<see cref="EmitRecurrentStreams"/>). Only the kinds with multi-stream kernels.
    /// </summary>
    public static void EmitStepWithoutRecurrent(KernelWriter k) => EmitStep(k, recurrent: false);

    private static void EmitStep(KernelWriter k, bool recurrent)
    {
        switch (k.Spec.Kind)
        {
            case CellKind.Lstm:
                EmitLstm(k, recurrent);
                break;
            case CellKind.Gru when k.Spec.ResetAfter:
                EmitGruResetAfter(k, recurrent);
                break;
            case CellKind.Gru:
                EmitGruResetBefore(k);
                break;
            default:
                EmitSimple(k, recurrent);
                break;
        }
    }

    /// <summary>Whether the recurrent products add to the state gradient (the GRU's direct path wrote it first) or set it.</summary>
    private static bool RecurrentAccumulates(CellSpec s) => s.Kind == CellKind.Gru;

    /// <summary>
    /// The recurrent products of one backward step for <c>blocks</c> blocks of StreamBlock streams whose gate gradients
    /// and state gradients lie one after another, each weight vector loaded once for the streams of a block. Through Uᵀ
    /// (<see cref="KernelWriter.ColumnProducts"/>) the blocks go inside each tile of units, a chunk of the tile's rows at
    /// a time where the tile outgrows the first-level cache (4 · 256 · 64 floats = 256 KB at LSTM(64, 256), in chunks of
    /// 16 KB), so that the weights loaded serve every block from that cache; row by row, one block after another,
    /// <see cref="KernelWriter.StreamRowTile"/> rows at a time. In 512-bit vectors that is four rows,
    /// one accumulator per sum: per gate and column, four weight and four dz vectors serve sixteen multiply-adds. Two rows
    /// with two accumulators per sum (even and odd gates) loaded six vectors for eight, and the batch-32 backward pass of
    /// LSTM(64, 256) took 5–6% longer (Stopwatch A/B in one process, both orders).
    /// </summary>
    public static void EmitRecurrentStreams(KernelWriter k)
    {
        CellSpec s = k.Spec;
        (string memorySize, int memoryRows, _) = Memory(s);
        bool accumulate = RecurrentAccumulates(s);
        var streams = new List<(string Gradients, string Destination)>();
        for (int stream = 0; stream < KernelWriter.StreamBlock; stream++)
        {
            streams.Add(($"dz{stream}", $"previous{stream}"));
        }

        // The references to each stream's gate gradients, state gradients or both in the block at hand.
        void BlockReferences(bool gradients, bool destinations)
        {
            for (int stream = 0; stream < KernelWriter.StreamBlock; stream++)
            {
                string member = stream == 0 ? "block * StreamBlock" : $"(block * StreamBlock + {stream})";
                if (gradients)
                {
                    k.W.Line($"ref {k.V.Element} dz{stream} = ref Unsafe.Add(ref gateGradients, {member} * GateGradientsPerStep);");
                }

                if (destinations)
                {
                    k.W.Line($"ref {k.V.Element} previous{stream} = ref Unsafe.Add(ref previous, {member} * StateSize);");
                }
            }
        }

        k.RecurrentProducts($"dh(t−1) {(accumulate ? "+=" : "=")} U dz for each stream of each block", "U", memorySize, memoryRows, "HiddenSize", s.Hidden,
            Targets(s).Recurrent, streams, k.StreamRowTile, accumulate, BlockReferences);
    }

    private static void EmitLstm(KernelWriter k, bool recurrent)
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

        EmitWeightPasses(k, recurrent);
    }

    private static void EmitGruResetAfter(KernelWriter k, bool recurrent)
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
        });

        EmitWeightPasses(k, recurrent);
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
        });

        k.RecurrentProducts("d(r ⊙ h(t−1)) = U_n dz_n", "U_n", "HiddenSize", s.Hidden, "HiddenSize", s.Hidden, Targets(s).Gated, OneStream("gatedHiddenGradient"), k.RowTile(s.Hidden), accumulate: false);
        w.Line();
        k.Elementwise("HiddenSize", s.Hidden, e =>
        {
            Lanes v = e.V;
            w.Line($"{v.Type} dGatedHidden = {v.Load("gatedHiddenGradient", "j")};");
            w.Line($"{v.Type} resetGate = {v.Load("record", "TapeResetGateOffset + j")};");
            w.Line($"{v.Type} dResetGate = {e.ClipGradient(KernelWriter.Gradient(s.GateActivation, "resetGate", "dGatedHidden * " + v.Load("record", "TapeHiddenPreviousOffset + j")), "ResetGatePreActivation")};");
            w.Line(v.Store(v.MultiplyAdd("dGatedHidden", "resetGate", v.Load("previous", "j")), "previous", "j"));
            w.Line(v.Store("dResetGate", "gateGradients", "j"));
        });

        EmitWeightPasses(k, recurrent: true);
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

    private static void EmitSimple(KernelWriter k, bool recurrent)
    {
        CellSpec s = k.Spec;
        CodeWriter w = k.W;
        k.Elementwise("HiddenSize", s.Hidden, e =>
        {
            Lanes v = e.V;
            w.Line($"{v.Type} hidden = {v.Load("record", "TapeHiddenOffset + j")};");
            w.Line($"{v.Type} dPreActivation = {e.ClipGradient(KernelWriter.Gradient(s.Activation, "hidden", v.Load("gradient", "j")), "PreActivation")};");
            w.Line(v.Store("dPreActivation", "gateGradients", "j"));
        });

        EmitWeightPasses(k, recurrent);
    }

    private static void StoreGateGradients(KernelWriter e, IReadOnlyList<Gate> gates)
    {
        for (int i = 0; i < gates.Count; i++)
        {
            string local = "d" + gates[i].Name;
            e.W.Line(e.V.Store(local, "gateGradients", GateOffset(i) == "0" ? "j" : GateOffset(i) + " + j"));
        }
    }

    /// <summary>The weight blocks of each kind of cell and where their gradients dz sit in a step's gate gradients.</summary>
    public static (IReadOnlyList<(string Block, string Offset)> Input, IReadOnlyList<(string Block, string Offset)> Recurrent, IReadOnlyList<(string Block, string Offset)> Gated) Targets(CellSpec s)
    {
        var none = new (string, string)[0];
        switch (s.Kind)
        {
            case CellKind.Lstm:
                IReadOnlyList<Gate> gates = ParameterLayout.Gates(CellKind.Lstm);
                return (gates.Select((g, i) => (g.Name + "InputWeights", GateOffset(i))).ToList(),
                    gates.Select((g, i) => (g.Name + "RecurrentWeights", GateOffset(i))).ToList(), none);
            case CellKind.Gru:
                var input = new[] { ("ResetGateInputWeights", "0"), ("UpdateGateInputWeights", "HiddenSize"), ("CandidateInputWeights", "2 * HiddenSize") };
                return s.ResetAfter
                    ? (input, new[] { ("ResetGateRecurrentWeights", "0"), ("UpdateGateRecurrentWeights", "HiddenSize"), ("CandidateRecurrentWeights", "3 * HiddenSize") }, none)
                    : (input, new[] { ("ResetGateRecurrentWeights", "0"), ("UpdateGateRecurrentWeights", "HiddenSize") }, new[] { ("CandidateRecurrentWeights", "2 * HiddenSize") });
            default:
                return (new[] { ("InputWeights", "0") }, new[] { ("RecurrentWeights", "0") }, none);
        }
    }

    /// <summary>
    /// Whether the backward products through the recurrent weights alternate their row order from call to call
    /// (<see cref="KernelWriter.RowProducts"/>), which needs a <c>_rowsReversed</c> field: where those weights outgrow
    /// the first-level cache (32 KB on the machines CellGen is measured on), each call then starts on the rows the call
    /// before ended on, still in that cache. LSTM(3, 64), batch-1 training: 106.4 against 129.8 µs a sequence
    /// (Stopwatch, one process, nine rounds in alternating order).
    /// </summary>
    public static bool AlternatesRows(CellSpec s) =>
        (long)ParameterLayout.Gates(s.Kind).Count * Memory(s).Size * s.Hidden * s.ElementBytes > 32 * 1024;

    /// <summary>
    /// Whether the 512-bit backward kernels form the products through the recurrent weights from their transposed copy
    /// (<see cref="KernelWriter.ColumnProducts"/>, <c>_recurrentColumns</c>): where the memory they give gradients to is at
    /// least four whole 512-bit vectors and the hidden size whole vectors too (the copy goes in blocks of 16 × 16 floats
    /// or 8 × 8 doubles, <c>CellMath.TransposeBlock</c>). Each dz value is then broadcast against a row of Uᵀ, as the
    /// forward step broadcasts h(t−1) against a row of U, and the sums lie along the memory's units, with no sums across
    /// lanes.
    /// </summary>
    public static bool UsesColumns(CellSpec s)
    {
        int lanes = 64 / s.ElementBytes;
        int rows = Memory(s).Size;
        return s.Hidden % lanes == 0 && rows % lanes == 0 && rows / lanes >= 4;
    }

    /// <summary>
    /// Whether <see cref="KernelWriter.ColumnProducts"/> splits each sum over the four quarters of j: where the memory is
    /// fewer than eight 512-bit vectors, so that one stream still keeps eight sums in flight, and the halves of Uᵀ can
    /// go in alternating order (one accumulator over all of j, split in even and odd j, kept LSTM(3, 64)'s 64 KB of Uᵀ
    /// streaming through the 48 KB first-level cache at every step: batch-1 training 116 against 107 µs with rows).
    /// </summary>
    public static bool SumsInQuarters(CellSpec s) => Memory(s).Size / (64 / s.ElementBytes) < 8;

    /// <summary>The weight blocks <see cref="UsesColumns"/> keeps transposed: every recurrent block of the cell.</summary>
    public static IEnumerable<string> TransposedBlocks(CellSpec s)
    {
        var targets = Targets(s);
        return targets.Recurrent.Concat(targets.Gated).Select(target => target.Block);
    }

    /// <summary>The memory the recurrent weights read: its size's name, its size and where the tape keeps it.</summary>
    public static (string SizeName, int Size, string TapeOffset) Memory(CellSpec s) =>
        s.Kind == CellKind.Jordan ? ("OutputSize", s.Output, "TapeOutputPreviousOffset") : ("HiddenSize", s.Hidden, "TapeHiddenPreviousOffset");

    /// <summary>
    /// The products of one step through the input weights (dx, only when asked for) and the recurrent weights
    /// (dh(t−1) or dy(t−1)). The weight gradients are not touched here: <see cref="EmitWeightGradients"/> sums them over
    /// the whole sequence afterwards, from the dz of every step.
    /// </summary>
    private static void EmitWeightPasses(KernelWriter k, bool recurrent)
    {
        CellSpec s = k.Spec;
        var targets = Targets(s);
        (string memorySize, int memoryRows, _) = Memory(s);
        bool accumulate = RecurrentAccumulates(s);
        string memoryName = s.Kind == CellKind.Jordan ? "y(t−1)" : "h(t−1)";
        k.W.Line();
        k.W.Open("if (wantsInputGradient)");
        k.RowProducts("dx = W dz, row by row.", "InputSize", s.Input, "HiddenSize", s.Hidden, targets.Input, OneStream("dx"), k.RowTile(s.Input), accumulate: false);
        k.W.Close();
        if (recurrent)
        {
            k.RecurrentProducts($"d{memoryName} {(accumulate ? "+=" : "=")} U dz", "U", memorySize, memoryRows, "HiddenSize", s.Hidden, targets.Recurrent, OneStream("previous"), k.RowTile(memoryRows), accumulate);
        }
    }

    /// <summary>One step's gate gradients and the destination of its products.</summary>
    private static (string Gradients, string Destination)[] OneStream(string destination) => new[] { ("gateGradients", destination) };

    /// <summary>
    /// The weight gradients of a whole sequence, after its backward steps: for every weight block, dW += Σ_t source(t) ⊗
    /// dz(t), where the source is x(t) for the input weights and the memory (or r ⊙ h(t−1)) the tape kept for the
    /// recurrent ones.
    /// </summary>
    public static void EmitWeightGradients(KernelWriter k)
    {
        CellSpec s = k.Spec;
        CodeWriter w = k.W;
        var targets = Targets(s);
        (string memorySize, _, string memoryOffset) = Memory(s);
        string memoryName = s.Kind == CellKind.Jordan ? "y(t−1)" : "h(t−1)";
        string call = "AddOuterProducts" + k.V.Suffix;
        w.Line($"// dW += Σ_t x(t) ⊗ dz(t) and dU += Σ_t {memoryName} ⊗ dz(t), each block over WeightSumSteps steps at a time.");
        w.Open("for (nuint first = 0; first < (nuint)stepCount; first += WeightSumSteps)");
        w.Line("nuint steps = Math.Min(WeightSumSteps, (nuint)stepCount - first);");
        w.Line($"ref {k.V.Element} chunkInputs = ref Unsafe.Add(ref x, first * InputSize);");
        w.Line($"ref {k.V.Element} chunkRecords = ref Unsafe.Add(ref record, first * TapeValuesPerStep);");
        w.Line($"ref {k.V.Element} dz = ref Unsafe.Add(ref stepGradients, first * GateGradientsPerStep);");
        foreach ((string block, string offset) in targets.Input)
        {
            w.Line($"{call}(ref Unsafe.Add(ref gradients, {block}Offset), InputSize, ref chunkInputs, InputSize, ref {Dz(offset)}, steps);");
        }

        string recurrentCall = ParameterLayout.RecurrentPanel(s) > 0 ? "AddPanelOuterProducts" + k.V.Suffix : call;
        foreach ((string block, string offset) in targets.Recurrent)
        {
            w.Line($"{recurrentCall}(ref Unsafe.Add(ref gradients, {block}Offset), {memorySize}, ref Unsafe.Add(ref chunkRecords, {memoryOffset}), TapeValuesPerStep, ref {Dz(offset)}, steps);");
        }

        foreach ((string block, string offset) in targets.Gated)
        {
            w.Line("// The candidate's recurrent weights read r ⊙ h(t−1), which the tape kept.");
            w.Line($"{recurrentCall}(ref Unsafe.Add(ref gradients, {block}Offset), HiddenSize, ref Unsafe.Add(ref chunkRecords, TapeCandidateRecurrentOffset), TapeValuesPerStep, ref {Dz(offset)}, steps);");
        }

        if (s.Bias)
        {
            w.Line("// Each bias gets the sum of its pre-activation's gradients over the steps.");
            foreach ((string block, string offset) in targets.Input.Concat(targets.Recurrent).Concat(targets.Gated))
            {
                string bias = block.Substring(0, block.Length - "Weights".Length) + "Bias";
                w.Line($"AddColumnSums{k.V.Suffix}(ref Unsafe.Add(ref gradients, {bias}Offset), ref {Dz(offset)}, steps);");
            }
        }

        w.Close();

        static string Dz(string offset) => offset == "0" ? "dz" : $"Unsafe.Add(ref dz, {offset})";
    }

    /// <summary>Blocks of HiddenSize gate gradients per step: an LSTM's four gates; a GRU's three and the candidate's
    /// recurrent part; one otherwise.</summary>
    public static int GateGradientBlocks(CellSpec s) => s.Kind is CellKind.Lstm or CellKind.Gru ? 4 : 1;

    /// <summary>
    /// Values of padding after each step's gate gradients: one cache line when they fill a multiple of 2 KB, none
    /// otherwise. Rows 4 KB apart all fall in the same sets of the first-level cache, so the weight sums, which read a
    /// column block of 16–128 rows at once, kept evicting their own rows: the padding made the batch-32 backward pass of
    /// LSTM(64, 256) 3.5–4% faster and of (16, 128) 1.4% (Stopwatch A/B in one process, both orders); at (3, 64), rows
    /// 1 KB apart, it changed nothing and is not applied.
    /// </summary>
    public static int GateGradientPadding(CellSpec s) =>
        GateGradientBlocks(s) * s.Hidden * s.ElementBytes % 2048 == 0 ? 64 / s.ElementBytes : 0;

    /// <summary>
    /// Steps per chunk of the weight sums: 32 KB of one block's gate gradients (HiddenSize per step), at least 16 steps.
    /// Measured on a Zen 5 (1 MB second-level cache, where LSTM(64, 256)'s 1.25 MB of weight gradients do not fit):
    /// 128 KB made batch-32 training 0.94–0.96× as fast at LSTM(3, 64), (16, 128), (64, 256) and GRU(3, 64), 16 KB
    /// 0.97–1.00× (Stopwatch A/B in one process, 512-bit kernels); on the Intel host, 128 steps at LSTM(64, 256) were
    /// slower too (bench/README).
    /// </summary>
    public static int WeightSumSteps(CellSpec s) => System.Math.Max(16, 32768 / (s.Hidden * s.ElementBytes));

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
