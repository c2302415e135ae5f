using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using CellGen.Onnx.Proto;
using Google.Protobuf;

namespace CellGen;

/// <summary>A recurrent operator found in an ONNX model, as the cell that would run it.</summary>
/// <param name="Node">The node's name (or its first output's, when it has none).</param>
/// <param name="Operator"><c>LSTM</c>, <c>GRU</c> or <c>RNN</c>.</param>
/// <param name="Direction"><c>forward</c>, <c>reverse</c> or <c>bidirectional</c>.</param>
/// <param name="Cell">The cell of one direction; its <c>ToString()</c> is the attribute to declare.</param>
public sealed record OnnxRecurrentNode(string Node, string Operator, string Direction, CellDefinition Cell);

/// <summary>
/// ONNX models of CellGen networks, written and read with Google.Protobuf from ONNX's schema. Export writes a cell or a
/// <see cref="SequenceNetwork{T}"/> as ONNX's RNN, LSTM and GRU operators (activations, clip, peepholes, directions)
/// with its dense heads as MatMul, Add and the activation's operator: input <c>input</c> [steps, batch, Input], output
/// <c>output</c> [steps, batch, Output], zero initial states, opset <see cref="Opset"/>. Import reads the weights of such
/// a model (ours, or PyTorch's <c>torch.onnx.export</c>) into cells: the recurrent nodes and the MatMul/Gemm and Add
/// that follow them, in graph order, each checked against the layer it fills.
/// </summary>
public static class OnnxModel
{
    /// <summary>The ONNX operator set the exported models use.</summary>
    public const int Opset = 14;

    private const long IrVersion = 8;

    /// <summary>Writes one cell (with its dense head, if it has one) as an ONNX model, atomically.</summary>
    /// <exception cref="NotSupportedException">ONNX has no operator for the cell (a Jordan cell).</exception>
    public static void Save<T>(string path, IRecurrentCell<T> cell)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(cell);
        Save(path, new SequenceNetwork<T>(new RecurrentLayer<T>(cell)));
    }

    /// <summary>Writes a network of recurrent, bidirectional and dense layers as an ONNX model, atomically.</summary>
    /// <exception cref="NotSupportedException">A layer has no ONNX form (see <see cref="Export{T}"/>).</exception>
    public static void Save<T>(string path, SequenceNetwork<T> network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] model = Export(network);
        AtomicFile.Write(path, file => file.Write(model));
    }

    /// <summary>
    /// The ONNX model of a network, as bytes. Every layer must have an ONNX form: Jordan cells do not, and a
    /// bidirectional layer's cells must be alike (one operator holds both directions) and without heads of their own
    /// (put a <see cref="DenseLayer{T}"/> after it).
    /// </summary>
    public static byte[] Export<T>(SequenceNetwork<T> network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var writer = new GraphWriter<T>();
        string output = writer.Add(network, "input");
        writer.Graph.Node.Add(Node("Identity", "output_identity", new[] { output }, new[] { "output" }));
        writer.Graph.Input.Add(Value<T>("input", network.InputSize));
        writer.Graph.Output.Add(Value<T>("output", network.OutputSize));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "CellGen",
            ProducerVersion = typeof(OnnxModel).Assembly.GetName().Version?.ToString() ?? "",
            Graph = writer.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model.ToByteArray();
    }

    /// <summary>Loads one cell (and its dense head) from an ONNX model holding one recurrent node, one direction.</summary>
    /// <exception cref="InvalidDataException">The file is damaged or does not hold this cell. The cell was not changed.</exception>
    public static void Load<T>(string path, IRecurrentCell<T> cell, bool requireFinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(cell);
        Load(path, new SequenceNetwork<T>(new RecurrentLayer<T>(cell)), requireFinite);
    }

    /// <summary>Loads a network's weights from an ONNX model; see <see cref="Load{T}(ReadOnlySpan{byte}, SequenceNetwork{T}, string, bool)"/>.</summary>
    public static void Load<T>(string path, SequenceNetwork<T> network, bool requireFinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        Load(File.ReadAllBytes(path), network, path, requireFinite);
    }

    /// <summary>
    /// Loads a network's weights from the bytes of an ONNX model. The model's recurrent nodes and dense heads, in graph
    /// order, must match the network's layers one for one: the operator and direction, the sizes, the activations, the
    /// clip and the GRU form. Other nodes (the reshapes and transposes exporters put between layers) are not run, so the
    /// network computes what the model computes from zero initial states. Stored F16, BF16 or F32 widen exactly to the
    /// network's type; F64 into float is refused.
    /// </summary>
    /// <exception cref="InvalidDataException">The model is damaged or does not match the network. No weight was changed.</exception>
    public static void Load<T>(ReadOnlySpan<byte> model, SequenceNetwork<T> network, string source = "the ONNX model", bool requireFinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var reader = new GraphReader(Parse(model, source), source);
        var targets = new List<Target<T>>();
        Plan(network, targets);
        IReadOnlyList<GraphReader.Group> groups = reader.Groups();
        InvalidDataException Mismatch() =>
            Refuse(source, $"it holds {Describe(groups)}, but the network has {string.Join(", ", targets.Select(t => t.ToString()))}");

        // A cell with a dense head of its own takes the recurrent node and the dense head after it.
        var writes = new List<Action>();
        int next = 0;
        foreach (Target<T> target in targets)
        {
            if (next + (target.HasHead ? 2 : 1) > groups.Count)
            {
                throw Mismatch();
            }

            GraphReader.Group group = groups[next++];
            if (target.HasHead)
            {
                group = group with { Dense = groups[next++].Dense };
            }

            writes.Add(target.Prepare(group, reader, requireFinite));
        }

        if (next != groups.Count)
        {
            throw Mismatch();
        }

        foreach (Action write in writes)
        {
            write();
        }
    }

    /// <summary>The recurrent nodes of an ONNX model, as the cells that would run them: what to declare before loading it.</summary>
    /// <exception cref="InvalidDataException">The file is not an ONNX model, or a recurrent node is damaged.</exception>
    public static IReadOnlyList<OnnxRecurrentNode> Describe(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var reader = new GraphReader(Parse(File.ReadAllBytes(path), path), path);
        return reader.Groups().Where(g => g.Recurrent is not null).Select(g => reader.Describe(g.Recurrent!)).ToList();
    }

    internal static InvalidDataException Refuse(string source, string reason) =>
        new($"{source} was refused, and no weights were changed: {reason.TrimEnd('.')}.");

    private static ModelProto Parse(ReadOnlySpan<byte> bytes, string source)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException error)
        {
            throw Refuse(source, "it is not a valid ONNX (protobuf) model: " + error.Message);
        }

        if (model.Graph is null)
        {
            throw Refuse(source, "it holds no graph");
        }

        OperatorSetIdProto? onnx = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx");
        if (onnx is null || onnx.Version < 7)
        {
            throw Refuse(source, $"it imports ONNX operator set {onnx?.Version.ToString(CultureInfo.InvariantCulture) ?? "none"}; CellGen reads 7 and later");
        }

        return model;
    }

    private static void Plan<T>(ISequenceLayer<T> layer, List<Target<T>> targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (layer)
        {
            case SequenceNetwork<T> network:
                foreach (ISequenceLayer<T> inner in network.Layers)
                {
                    Plan(inner, targets);
                }

                break;
            case RecurrentLayer<T> recurrent:
                targets.Add(new Target<T>(targets.Count, new[] { recurrent.Cell }, recurrent.Reverse ? "reverse" : "forward", null));
                break;
            case BidirectionalLayer<T> both:
                targets.Add(new Target<T>(targets.Count, new[] { both.Forwards.Cell, both.Backwards.Cell }, "bidirectional", null));
                break;
            case DenseLayer<T> dense:
                targets.Add(new Target<T>(targets.Count, Array.Empty<IRecurrentCell<T>>(), "", dense));
                break;
            default:
                throw new NotSupportedException($"Layer {layer.GetType().Name} has no ONNX form.");
        }
    }

    private static string Describe(IReadOnlyList<GraphReader.Group> groups) =>
        groups.Count == 0 ? "no recurrent or dense layer" : string.Join(", ", groups.Select(g => g.ToString()));

    internal static NodeProto Node(string op, string name, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static ValueInfoProto Value<T>(string name, int width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "steps" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = OnnxTensors.ElementType<T>(), Shape = shape } },
        };
    }

    /// <summary>One layer of the network to fill: a recurrent layer (one or two cells, with a head of their own or not) or a dense layer.</summary>
    private sealed class Target<T>(int index, IRecurrentCell<T>[] cells, string direction, DenseLayer<T>? dense)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Whether the layer's cells have dense heads of their own.</summary>
        public bool HasHead => cells.Any(c => c.Definition.HasOutputLayer);

        public override string ToString() => dense is not null
            ? $"layer {index}: Dense {dense.InputSize} → {dense.OutputSize} {dense.Activation}"
            : $"layer {index}: {cells[0].Definition.Kind} {direction}{(cells[0].Definition.HasOutputLayer ? " with its dense head" : "")}";

        /// <summary>Checks the group against this layer and returns what writes its weights.</summary>
        public Action Prepare(GraphReader.Group group, GraphReader reader, bool requireFinite)
        {
            string source = reader.Source;
            if (dense is not null)
            {
                if (group.Recurrent is not null || group.Dense is null)
                {
                    throw Refuse(source, $"{this} meets {group}");
                }

                (T[] weights, T[] bias) = reader.DenseWeights<T>(group.Dense, dense.InputSize, dense.OutputSize, requireFinite, this.ToString());
                reader.CheckActivation(group.Dense, dense.Activation, this.ToString());
                return () =>
                {
                    weights.CopyTo(dense.Weights);
                    bias.CopyTo(dense.Bias);
                };
            }

            if (group.Recurrent is null || (HasHead && group.Dense is null))
            {
                throw Refuse(source, $"{this} meets {group}");
            }

            CellDefinition declared = cells[0].Definition;
            List<WeightTensor<T>>[] directions = reader.RecurrentWeights(group.Recurrent, direction, cells, this.ToString());
            var parameters = new T[cells.Length][];
            for (int d = 0; d < cells.Length; d++)
            {
                List<WeightTensor<T>> tensors = directions[d];

                // Load pairs a cell that has a head with the dense group after its node (HasHead), so group.Dense is set here.
                if (group.Dense is not null)
                {
                    (T[] weights, T[] bias) = reader.DenseWeights<T>(group.Dense, declared.Hidden, declared.Output, requireFinite, this.ToString());
                    reader.CheckActivation(group.Dense, declared.OutputActivation, this.ToString());
                    tensors.Add(new WeightTensor<T>("output_weight", new[] { declared.Hidden, declared.Output }, weights));
                    if (declared.Bias)
                    {
                        tensors.Add(new WeightTensor<T>("output_bias", new[] { declared.Output }, bias));
                    }
                    else if (bias.Any(v => v != T.Zero))
                    {
                        throw Refuse(source, $"{this}: the dense head after node '{GraphReader.NameOf(group.Recurrent)}' has a bias, but the cell was declared with Bias = false");
                    }
                }

                try
                {
                    parameters[d] = CellWeights.Prepare(cells[d], WeightFormat.Onnx, tensors, requireFinite, $"node '{GraphReader.NameOf(group.Recurrent)}'");
                }
                catch (ArgumentException error)
                {
                    throw Refuse(source, error.Message);
                }
            }

            return () =>
            {
                for (int d = 0; d < cells.Length; d++)
                {
                    parameters[d].CopyTo(cells[d].Parameters);
                }
            };
        }
    }

    /// <summary>Builds the graph of a network, layer by layer.</summary>
    private sealed class GraphWriter<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private int _layer;

        public GraphProto Graph { get; } = new() { Name = "cellgen" };

        /// <summary>Adds <paramref name="layer"/> reading <paramref name="input"/> [steps, batch, width]; returns its output's name.</summary>
        public string Add(ISequenceLayer<T> layer, string input)
        {
            switch (layer)
            {
                case SequenceNetwork<T> network:
                    foreach (ISequenceLayer<T> inner in network.Layers)
                    {
                        input = Add(inner, input);
                    }

                    return input;
                case RecurrentLayer<T> recurrent:
                {
                    string hidden = Recurrent(new[] { recurrent.Cell }, recurrent.Reverse ? "reverse" : "forward", DirectionMerge.Concatenate, input);
                    CellDefinition d = recurrent.Cell.Definition;
                    if (!d.HasOutputLayer)
                    {
                        return hidden;
                    }

                    IReadOnlyList<WeightTensor<T>> tensors = CellWeights.Export(recurrent.Cell, WeightFormat.Onnx);
                    return Dense(hidden, tensors.Single(t => t.Name == "output_weight").Values, tensors.SingleOrDefault(t => t.Name == "output_bias")?.Values, d.Hidden, d.Output, d.OutputActivation);
                }

                case BidirectionalLayer<T> both:
                    if (both.Forwards.Cell.Definition.HasOutputLayer || both.Backwards.Cell.Definition.HasOutputLayer)
                    {
                        throw new NotSupportedException("A bidirectional layer's cells have dense heads of their own, which ONNX's one operator for both directions cannot hold: declare them without Output and put a DenseLayer after the bidirectional layer.");
                    }

                    return Recurrent(new[] { both.Forwards.Cell, both.Backwards.Cell }, "bidirectional", both.Merge, input);
                case DenseLayer<T> dense:
                    return Dense(input, dense.Weights.ToArray(), dense.Bias.ToArray(), dense.InputSize, dense.OutputSize, dense.Activation);
                default:
                    throw new NotSupportedException($"Layer {layer.GetType().Name} has no ONNX form.");
            }
        }

        private string Recurrent(IRecurrentCell<T>[] cells, string direction, DirectionMerge merge, string input)
        {
            CellDefinition d = cells[0].Definition;
            if (cells.Length == 2 && cells[1].Definition with { Activation = d.Activation, GateActivation = d.GateActivation, CandidateActivation = d.CandidateActivation, CellActivation = d.CellActivation } != d)
            {
                throw new NotSupportedException($"ONNX holds both directions of a layer in one operator, so they must be alike but for activations: {d} and {cells[1].Definition} differ.");
            }

            string op = d.Kind switch
            {
                CellKind.Lstm => "LSTM",
                CellKind.Gru => "GRU",
                CellKind.Rnn => "RNN",
                _ => throw new NotSupportedException($"ONNX has no operator for a Jordan cell (output fed back): {d} can be saved with SafeTensors in PyTorch's layout."),
            };

            int layer = _layer++;
            string prefix = $"layer{layer}_";
            var exported = cells.Select(c => CellWeights.Export(c, WeightFormat.Onnx).ToDictionary(t => t.Name)).ToArray();
            string Initializer(string name)
            {
                if (!exported[0].ContainsKey(name))
                {
                    return "";
                }

                WeightTensor<T> first = exported[0][name];
                int[] shape = (int[])first.Shape.Clone();
                shape[0] = cells.Length;
                Graph.Initializer.Add(OnnxTensors.Make(prefix + name, shape, exported.SelectMany(e => e[name].Values).ToArray()));
                return prefix + name;
            }

            var inputs = new List<string> { input, Initializer("W"), Initializer("R"), Initializer("B"), "", "" };
            if (d.Kind == CellKind.Lstm)
            {
                inputs.Add("");
                inputs.Add(Initializer("P"));
            }

            while (inputs[^1].Length == 0)
            {
                inputs.RemoveAt(inputs.Count - 1);
            }

            var activations = new List<Activation>();
            foreach (IRecurrentCell<T> cell in cells)
            {
                activations.AddRange(OnnxActivations.Of(cell.Definition));
            }

            var attributes = new List<AttributeProto>
            {
                Int("hidden_size", d.Hidden),
                new() { Name = "direction", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(direction) },
            };
            var names = new AttributeProto { Name = "activations", Type = AttributeProto.Types.AttributeType.Strings };
            names.Strings.AddRange(activations.Select(a => ByteString.CopyFromUtf8(OnnxActivations.Name(a))));
            attributes.Add(names);
            if (activations.Any(OnnxActivations.TakesParameters))
            {
                var alpha = new AttributeProto { Name = "activation_alpha", Type = AttributeProto.Types.AttributeType.Floats };
                var beta = new AttributeProto { Name = "activation_beta", Type = AttributeProto.Types.AttributeType.Floats };
                foreach (Activation a in activations.Where(OnnxActivations.TakesParameters))
                {
                    (float a0, float b0) = OnnxActivations.Parameters(a);
                    alpha.Floats.Add(a0);
                    beta.Floats.Add(b0);
                }

                attributes.Add(alpha);
                attributes.Add(beta);
            }

            if (d.Clip > 0)
            {
                attributes.Add(new AttributeProto { Name = "clip", Type = AttributeProto.Types.AttributeType.Float, F = (float)d.Clip });
            }

            if (d.Kind == CellKind.Gru)
            {
                attributes.Add(Int("linear_before_reset", d.ResetAfter ? 1 : 0));
            }

            string y = prefix + "Y";
            Graph.Node.Add(Node(op, prefix + op, inputs, new[] { y }, attributes.ToArray()));

            // Y is [steps, directions, batch, hidden]: bring the directions next to the units and merge them.
            string merged = prefix + "output";
            if (merge == DirectionMerge.Sum && cells.Length == 2)
            {
                Graph.Initializer.Add(OnnxTensors.Make(prefix + "direction_axis", new[] { 1 }, new long[] { 1 }));
                Graph.Node.Add(Node("ReduceSum", prefix + "merge", new[] { y, prefix + "direction_axis" }, new[] { merged }, Int("keepdims", 0)));
                return merged;
            }

            var perm = new AttributeProto { Name = "perm", Type = AttributeProto.Types.AttributeType.Ints };
            perm.Ints.AddRange(new long[] { 0, 2, 1, 3 });
            Graph.Node.Add(Node("Transpose", prefix + "directions_last", new[] { y }, new[] { prefix + "Y_directions_last" }, perm));
            Graph.Initializer.Add(OnnxTensors.Make(prefix + "merged_shape", new[] { 3 }, new long[] { 0, 0, -1 }));
            Graph.Node.Add(Node("Reshape", prefix + "merge", new[] { prefix + "Y_directions_last", prefix + "merged_shape" }, new[] { merged }));
            return merged;
        }

        private string Dense(string input, T[] weights, T[]? bias, int inputs, int outputs, Activation activation)
        {
            int layer = _layer++;
            string prefix = $"layer{layer}_";
            Graph.Initializer.Add(OnnxTensors.Make(prefix + "weight", new[] { inputs, outputs }, weights));
            string current = prefix + "product";
            Graph.Node.Add(Node("MatMul", prefix + "MatMul", new[] { input, prefix + "weight" }, new[] { current }));
            if (bias is not null)
            {
                Graph.Initializer.Add(OnnxTensors.Make(prefix + "bias", new[] { outputs }, bias));
                Graph.Node.Add(Node("Add", prefix + "Add", new[] { current, prefix + "bias" }, new[] { prefix + "sum" }));
                current = prefix + "sum";
            }

            if (activation == Activation.Linear)
            {
                return current;
            }

            string op = OnnxActivations.Name(activation);
            var attributes = new List<AttributeProto>();
            if (activation == Activation.HardSigmoid)
            {
                attributes.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 0.2f });
                attributes.Add(new AttributeProto { Name = "beta", Type = AttributeProto.Types.AttributeType.Float, F = 0.5f });
            }
            else if (activation == Activation.Softmax)
            {
                attributes.Add(Int("axis", -1));
            }

            Graph.Node.Add(Node(op, prefix + op, new[] { current }, new[] { prefix + "output" }, attributes.ToArray()));
            return prefix + "output";
        }

        private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };
    }
}
