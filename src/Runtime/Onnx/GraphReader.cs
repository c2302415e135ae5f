using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using CellGen.Onnx.Proto;

namespace CellGen;

/// <summary>
/// Finds the layers of an ONNX graph that carry weights (recurrent nodes, and the MatMul or Gemm, Add and activation of a
/// dense head), in graph order, and reads their weights and attributes with every check a hostile file needs.
/// </summary>
internal sealed class GraphReader
{
    private static readonly string[] s_recurrentOperators = { "LSTM", "GRU", "RNN" };

    private readonly GraphProto _graph;
    private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> _consumers = new(StringComparer.Ordinal);

    private readonly long _opset;

    public GraphReader(ModelProto model, string source)
    {
        _graph = model.Graph;
        _opset = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")?.Version ?? 0;
        Source = source;
        foreach (TensorProto initializer in _graph.Initializer)
        {
            _constants[initializer.Name] = initializer;
        }

        foreach (NodeProto node in _graph.Node)
        {
            if (node.OpType == "Constant" && node.Output.Count == 1 && node.Attribute.FirstOrDefault(a => a.Name == "value") is { T: not null } value)
            {
                _constants[node.Output[0]] = value.T;
            }

            foreach (string input in node.Input)
            {
                if (!_consumers.TryGetValue(input, out List<NodeProto>? list))
                {
                    _consumers[input] = list = new List<NodeProto>();
                }

                list.Add(node);
            }
        }
    }

    /// <summary>What the model is, for error messages.</summary>
    public string Source { get; }

    /// <summary>A recurrent node with the dense head that follows it, or a dense head alone.</summary>
    public sealed record Group(NodeProto? Recurrent, DenseHead? Dense)
    {
        public override string ToString() => Recurrent is not null
            ? $"{Recurrent.OpType} node '{NameOf(Recurrent)}' ({Direction(Recurrent)}){(Dense is null ? "" : " with a dense head")}"
            : $"a dense head at node '{NameOf(Dense!.Product)}'";
    }

    /// <summary>MatMul (or Gemm) with a constant weight, the Add of a constant bias, and the activation node after them.</summary>
    public sealed record DenseHead(NodeProto Product, NodeProto? BiasAdd, NodeProto? Activation, string Output);

    public static string NameOf(NodeProto node) => node.Name.Length > 0 ? node.Name : node.Output.FirstOrDefault() ?? node.OpType;

    public static string Direction(NodeProto node) =>
        node.Attribute.FirstOrDefault(a => a.Name == "direction") is { } d ? d.S.ToStringUtf8() : "forward";

    /// <summary>The weighted layers in graph order: recurrent nodes and dense heads, each on its own.</summary>
    public IReadOnlyList<Group> Groups()
    {
        var groups = new List<Group>();
        foreach (NodeProto node in _graph.Node)
        {
            if (s_recurrentOperators.Contains(node.OpType) && node.Domain is "" or "ai.onnx")
            {
                groups.Add(new Group(node, null));
            }
            else if (DenseAt(node) is { } dense)
            {
                groups.Add(new Group(null, dense));
            }
        }

        return groups;
    }

    /// <summary>The recurrent node as the cell that would run one of its directions.</summary>
    public OnnxRecurrentNode Describe(NodeProto node)
    {
        CellKind kind = node.OpType switch { "LSTM" => CellKind.Lstm, "GRU" => CellKind.Gru, _ => CellKind.Rnn };
        int gates = kind switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 };
        TensorProto w = ConstantInput(node, 1, "W", required: true)!;
        if (w.Dims.Count != 3 || w.Dims[1] % gates != 0 || w.Dims[1] <= 0 || w.Dims[2] <= 0 || w.Dims[1] > int.MaxValue || w.Dims[2] > int.MaxValue)
        {
            throw OnnxModel.Refuse(Source, $"node '{NameOf(node)}' has W of shape [{string.Join(", ", w.Dims)}], not [directions, {gates}·hidden, input]");
        }

        long hidden = Int(node, "hidden_size", w.Dims[1] / gates);
        if (hidden != w.Dims[1] / gates)
        {
            throw OnnxModel.Refuse(Source, $"node '{NameOf(node)}' has hidden_size {hidden}, but its W has {w.Dims[1]} rows, not {gates} × {hidden}");
        }

        if (Int(node, "input_forget", 0) != 0 || Int(node, "layout", 0) != 0)
        {
            throw OnnxModel.Refuse(Source, $"node '{NameOf(node)}' uses input_forget or the batch-first layout, which CellGen does not have");
        }

        string direction = Direction(node);
        if (direction is not ("forward" or "reverse" or "bidirectional"))
        {
            throw OnnxModel.Refuse(Source, $"node '{NameOf(node)}' has direction '{direction}'");
        }

        // The description is of the forward direction; Load checks each direction against its own cell.
        Activation[] activations = Activations(node, kind, direction == "bidirectional" ? 2 : 1);
        var cell = new CellDefinition(
            kind,
            (int)w.Dims[2],
            (int)hidden,
            0,
            w.DataType == OnnxTensors.Double ? typeof(double) : typeof(float),
            Bias: ConstantInput(node, 3, "B", required: false) is not null,
            Clip: node.Attribute.FirstOrDefault(a => a.Name == "clip") is { } clip ? clip.F : 0,
            Activation: kind == CellKind.Rnn ? activations[0] : Activation.Tanh,
            GateActivation: kind == CellKind.Rnn ? Activation.Sigmoid : activations[0],
            CandidateActivation: kind == CellKind.Rnn ? Activation.Tanh : activations[1],
            CellActivation: kind == CellKind.Lstm ? activations[2] : Activation.Tanh,
            Peephole: kind == CellKind.Lstm && ConstantInput(node, 7, "P", required: false) is not null,
            ResetAfter: kind != CellKind.Gru || Int(node, "linear_before_reset", 0) != 0,
            OutputActivation: Activation.Linear);
        return new OnnxRecurrentNode(NameOf(node), node.OpType, direction, cell);
    }

    /// <summary>
    /// The ONNX-layout tensors of every direction of a recurrent node, one list per cell (forward, then reverse), after
    /// checking that the node is the cells it is to fill (operator, direction, sizes, activations, clip, GRU form).
    /// </summary>
    public List<WeightTensor<T>>[] RecurrentWeights<T>(NodeProto node, string direction, IRecurrentCell<T>[] cells, string layer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        OnnxRecurrentNode found = Describe(node);
        CellDefinition want = cells[0].Definition;
        string expectedOp = want.Kind switch { CellKind.Lstm => "LSTM", CellKind.Gru => "GRU", CellKind.Rnn => "RNN", _ => "none" };
        string Mismatch(string what) =>
            $"{layer}: node '{found.Node}' is {found.Operator} ({found.Direction}) of a cell declared {found.Cell with { ElementType = want.ElementType, Bias = want.Bias, Peephole = want.Peephole }}, but the layer's cell is {want} ({what} differs)";
        if (found.Operator != expectedOp)
        {
            throw OnnxModel.Refuse(Source, Mismatch("the operator"));
        }

        if (found.Direction != direction)
        {
            throw OnnxModel.Refuse(Source, Mismatch("the direction"));
        }

        if (found.Cell.Input != want.Input || found.Cell.Hidden != want.Hidden)
        {
            throw OnnxModel.Refuse(Source, Mismatch("the size"));
        }

        Activation[] activations = Activations(node, want.Kind, cells.Length);
        for (int d = 0; d < cells.Length; d++)
        {
            Activation[] declared = OnnxActivations.Of(cells[d].Definition);
            if (!activations.AsSpan(d * declared.Length, declared.Length).SequenceEqual(declared))
            {
                throw OnnxModel.Refuse(Source, Mismatch($"direction {d}'s activations [{string.Join(", ", activations.AsSpan(d * declared.Length, declared.Length).ToArray())}]"));
            }
        }

        if ((float)found.Cell.Clip != (float)want.Clip || found.Cell.ResetAfter != want.ResetAfter)
        {
            throw OnnxModel.Refuse(Source, Mismatch(want.Kind == CellKind.Gru ? "the clip or linear_before_reset" : "the clip"));
        }

        RequireZeroState(node, 5, "initial_h");
        if (want.Kind == CellKind.Lstm)
        {
            RequireZeroState(node, 6, "initial_c");
        }

        var tensors = new List<WeightTensor<T>>[cells.Length];
        for (int d = 0; d < cells.Length; d++)
        {
            tensors[d] = new List<WeightTensor<T>>();
        }

        foreach ((int index, string name) in new[] { (1, "W"), (2, "R"), (3, "B"), (7, "P") })
        {
            TensorProto? tensor = index == 7 && want.Kind != CellKind.Lstm ? null : ConstantInput(node, index, name, required: index <= 2);
            if (tensor is null)
            {
                continue;
            }

            (int[] shape, T[] values) = OnnxTensors.Read<T>(tensor, Source);
            if (shape.Length == 0 || shape[0] != cells.Length)
            {
                throw OnnxModel.Refuse(Source, $"node '{found.Node}' input {name} has shape [{string.Join(", ", shape)}], whose first dimension is not its {cells.Length} direction(s)");
            }

            for (int d = 0; d < cells.Length; d++)
            {
                tensors[d].Add(OnnxTensors.Slice(name, shape, values, d, 1));
            }
        }

        return tensors;
    }

    /// <summary>The weights [inputs, outputs] and bias [outputs] of a dense head (zeros when it has no Add).</summary>
    public (T[] Weights, T[] Bias) DenseWeights<T>(DenseHead head, int inputs, int outputs, bool requireFinite, string layer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorProto weightTensor = _constants[head.Product.Input[1]];
        (int[] shape, T[] weights) = OnnxTensors.Read<T>(weightTensor, Source);
        bool transposed = head.Product.OpType == "Gemm" && Int(head.Product, "transB", 0) != 0;
        int[] want = transposed ? new[] { outputs, inputs } : new[] { inputs, outputs };
        if (!shape.AsSpan().SequenceEqual(want))
        {
            throw OnnxModel.Refuse(Source, $"{layer}: the weight of node '{NameOf(head.Product)}' has shape [{string.Join(", ", shape)}], but the layer needs [{string.Join(", ", want)}]");
        }

        if (transposed)
        {
            var plain = new T[weights.Length];
            for (int o = 0; o < outputs; o++)
            {
                for (int i = 0; i < inputs; i++)
                {
                    plain[i * outputs + o] = weights[o * inputs + i];
                }
            }

            weights = plain;
        }

        var bias = new T[outputs];
        string? biasInput = head.Product.OpType == "Gemm"
            ? (head.Product.Input.Count > 2 && head.Product.Input[2].Length > 0 ? head.Product.Input[2] : null)
            : head.BiasAdd?.Input.FirstOrDefault(_constants.ContainsKey);
        if (biasInput is not null && !_constants.ContainsKey(biasInput))
        {
            throw OnnxModel.Refuse(Source, $"{layer}: the bias of node '{NameOf(head.Product)}' ('{biasInput}') is computed in the graph, not stored: CellGen reads stored weights only");
        }

        if (biasInput is not null)
        {
            (int[] biasShape, T[] values) = OnnxTensors.Read<T>(_constants[biasInput], Source);
            if (!(biasShape.AsSpan().SequenceEqual(new[] { outputs }) || biasShape.AsSpan().SequenceEqual(new[] { 1, outputs })))
            {
                throw OnnxModel.Refuse(Source, $"{layer}: the bias after node '{NameOf(head.Product)}' has shape [{string.Join(", ", biasShape)}], but the layer needs [{outputs}]");
            }

            bias = values;
        }

        if (requireFinite && weights.Concat(bias).Any(v => !T.IsFinite(v)))
        {
            throw OnnxModel.Refuse(Source, $"{layer}: the dense head at node '{NameOf(head.Product)}' holds a weight that is not finite, and only finite weights are accepted");
        }

        return (weights, bias);
    }

    /// <summary>Checks that the head's activation node (or its absence) is <paramref name="activation"/>.</summary>
    public void CheckActivation(DenseHead head, Activation activation, string layer)
    {
        Activation found = Activation.Linear;
        if (head.Activation is { } node)
        {
            found = node.OpType switch
            {
                "Sigmoid" => Activation.Sigmoid,
                "Tanh" => Activation.Tanh,
                "Relu" => Activation.Relu,
                "Softsign" => Activation.Softsign,
                // Before opset 13 Softmax's axis defaults to 1 (it flattens batch and units together): not a per-step softmax.
                "Softmax" when Int(node, "axis", _opset >= 13 ? -1 : 1) is -1 or 2 => Activation.Softmax,
                "HardSigmoid" when Float(node, "alpha", 0.2f) == 0.2f && Float(node, "beta", 0.5f) == 0.5f => Activation.HardSigmoid,
                _ => throw OnnxModel.Refuse(Source, $"{layer}: the dense head ends in node '{NameOf(node)}' ({node.OpType}), which is not an activation CellGen has in that form"),
            };
        }

        if (found != activation)
        {
            throw OnnxModel.Refuse(Source, $"{layer}: the dense head at node '{NameOf(head.Product)}' has activation {found}, but the layer has {activation}");
        }
    }

    private DenseHead? DenseAt(NodeProto node)
    {
        bool matMul = node.OpType == "MatMul" && node.Input.Count == 2 && _constants.TryGetValue(node.Input[1], out TensorProto? w) && w.Dims.Count == 2;
        bool gemm = node.OpType == "Gemm" && node.Input.Count >= 2 && _constants.TryGetValue(node.Input[1], out TensorProto? g) && g.Dims.Count == 2
            && Float(node, "alpha", 1f) == 1f && Float(node, "beta", 1f) == 1f && Int(node, "transA", 0) == 0;
        if (!(matMul || gemm) || node.Output.Count == 0)
        {
            return null;
        }

        string output = node.Output[0];
        NodeProto? add = null;
        if (matMul && Single(output) is { OpType: "Add" } next && next.Input.Count == 2)
        {
            if (!_constants.ContainsKey(next.Input[1]) && !_constants.ContainsKey(next.Input[0]))
            {
                throw OnnxModel.Refuse(Source, $"node '{NameOf(node)}' (a dense layer's MatMul) is followed by an Add of a computed value ('{NameOf(next)}'), which is not a bias: CellGen's dense layers add stored biases only");
            }

            add = next;
            output = next.Output.FirstOrDefault() ?? "";
        }

        NodeProto? activation = Single(output) is { OpType: "Sigmoid" or "Tanh" or "Relu" or "Softsign" or "Softmax" or "HardSigmoid" } act ? act : null;
        return new DenseHead(node, add, activation, activation?.Output.FirstOrDefault() ?? output);
    }

    private NodeProto? Single(string value) =>
        _consumers.TryGetValue(value, out List<NodeProto>? consumers) && consumers.Count == 1 ? consumers[0] : null;

    private TensorProto? ConstantInput(NodeProto node, int index, string name, bool required)
    {
        string input = index < node.Input.Count ? node.Input[index] : "";
        if (input.Length == 0)
        {
            return required ? throw OnnxModel.Refuse(Source, $"node '{NameOf(node)}' has no input {name}") : null;
        }

        if (!_constants.TryGetValue(input, out TensorProto? tensor))
        {
            throw OnnxModel.Refuse(Source, $"node '{NameOf(node)}' input {name} ('{input}') is computed in the graph, not stored: CellGen reads stored weights only");
        }

        return tensor;
    }

    /// <summary>A stored initial state must be zeros, which is where CellGen's cells start; a computed one is the caller's to give.</summary>
    private void RequireZeroState(NodeProto node, int index, string name)
    {
        string input = index < node.Input.Count ? node.Input[index] : "";
        if (input.Length > 0 && _constants.TryGetValue(input, out TensorProto? tensor))
        {
            (int[] _, double[] values) = OnnxTensors.Read<double>(tensor, Source);
            if (values.Any(v => v != 0))
            {
                throw OnnxModel.Refuse(Source, $"node '{NameOf(node)}' starts from a stored {name} that is not zero; CellGen's cells start from the state you pass, so pass that one");
            }
        }
    }

    private Activation[] Activations(NodeProto node, CellKind kind, int directions)
    {
        AttributeProto? names = node.Attribute.FirstOrDefault(a => a.Name == "activations");
        if (names is null || names.Strings.Count == 0)
        {
            return Enumerable.Repeat(OnnxActivations.Defaults(kind), directions).SelectMany(a => a).ToArray();
        }

        int per = OnnxActivations.Defaults(kind).Length;
        if (names.Strings.Count != per * directions)
        {
            throw OnnxModel.Refuse(Source, $"node '{NameOf(node)}' lists {names.Strings.Count} activations; a {node.OpType} of {directions} direction(s) has {per * directions}");
        }

        IReadOnlyList<float> alphas = node.Attribute.FirstOrDefault(a => a.Name == "activation_alpha")?.Floats ?? (IReadOnlyList<float>)Array.Empty<float>();
        IReadOnlyList<float> betas = node.Attribute.FirstOrDefault(a => a.Name == "activation_beta")?.Floats ?? (IReadOnlyList<float>)Array.Empty<float>();
        Activation[]? parsed = OnnxActivations.Parse(names.Strings.Select(s => s.ToStringUtf8()).ToList(), alphas, betas, out string? reason);
        return parsed ?? throw OnnxModel.Refuse(Source, $"node '{NameOf(node)}': {reason}");
    }

    private static long Int(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.I : fallback;

    private static float Float(NodeProto node, string name, float fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.F : fallback;
}
