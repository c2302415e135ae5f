using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CellGen.Generator.Model;

namespace CellGen.Generator.Weights;

/// <summary>
/// Reads one cell's weights from an ONNX model inside the compiler: the k-th recurrent node (LSTM, GRU or RNN) and,
/// for a cell with an output layer, the MatMul or Gemm (with Add and activation) that follows it. The runtime reads
/// ONNX with Google.Protobuf; the generator cannot carry that library into the compiler, so it decodes the few
/// messages it needs with <see cref="ProtoReader"/>, with the runtime's checks.
/// </summary>
internal static class OnnxFile
{
    private const int FloatType = 1, Float16Type = 10, DoubleType = 11, BFloat16Type = 16;

    public static Dictionary<string, double[]> ReadCell(byte[] bytes, CellSpec spec, WeightsRequest request)
    {
        Graph graph = Graph.Parse(bytes);
        if (graph.Opset < 7)
        {
            throw new FormatException($"it imports ONNX operator set {graph.Opset.ToString(CultureInfo.InvariantCulture)}; CellGen reads 7 and later");
        }

        List<Node> recurrent = graph.Nodes.Where(n => n.OpType is "LSTM" or "GRU" or "RNN" && n.Domain is "" or "ai.onnx").ToList();
        if (request.Layer >= recurrent.Count)
        {
            throw new MismatchException($"it has {N(recurrent.Count)} recurrent node(s), so there is no WeightsLayer = {N(request.Layer)}");
        }

        Node node = recurrent[request.Layer];
        string expectedOp = spec.Kind switch { CellKind.Lstm => "LSTM", CellKind.Gru => "GRU", CellKind.Rnn => "RNN", _ => "" };
        if (expectedOp.Length == 0)
        {
            throw new MismatchException("ONNX has no Jordan cell (output fed back); save it in PyTorch's layout");
        }

        if (node.OpType != expectedOp)
        {
            throw new MismatchException($"recurrent node {N(request.Layer)} ('{node.Name}') is {node.OpType}, not {expectedOp}");
        }

        string direction = node.String("direction") ?? "forward";
        int directions = direction == "bidirectional" ? 2 : 1;
        int d = request.Reverse ? (direction == "bidirectional" ? 1 : direction == "reverse" ? 0 : -1) : (direction == "reverse" ? -1 : 0);
        if (direction is not ("forward" or "reverse" or "bidirectional"))
        {
            throw new FormatException($"node '{node.Name}' has direction '{direction}', which ONNX does not define");
        }

        if (d < 0)
        {
            throw new MismatchException($"node '{node.Name}' runs {direction}, which has no {(request.Reverse ? "reverse" : "forward")} direction; set WeightsReverse = {(request.Reverse ? "false" : "true")}");
        }

        int gates = Layouts.Gates(spec);
        FileTensor w = graph.Constant(node, 1, "W") ?? throw new MismatchException($"node '{node.Name}' has no input W");
        if (w.Shape.Length != 3 || w.Shape[0] != directions || w.Shape[1] != gates * spec.Hidden || w.Shape[2] != spec.Input)
        {
            throw new MismatchException($"node '{node.Name}' has W of shape {w.ShapeText}, but the cell needs [{N(directions)}, {N(gates * spec.Hidden)}, {N(spec.Input)}] (Input = {N(spec.Input)}, Hidden = {N(spec.Hidden)})");
        }

        if (node.Int("hidden_size") is long hiddenSize && hiddenSize != spec.Hidden)
        {
            throw new MismatchException($"node '{node.Name}' has hidden_size {hiddenSize.ToString(CultureInfo.InvariantCulture)}, but the cell has Hidden = {N(spec.Hidden)}");
        }

        if ((node.Int("input_forget") ?? 0) != 0 || (node.Int("layout") ?? 0) != 0)
        {
            throw new MismatchException($"node '{node.Name}' uses input_forget or the batch-first layout, which CellGen does not have");
        }

        CheckActivations(node, spec, directions, d);
        if ((float)(node.Float("clip") ?? 0f) != (float)spec.Clip)
        {
            throw new MismatchException($"node '{node.Name}' has clip {(node.Float("clip") ?? 0f).ToString("R", CultureInfo.InvariantCulture)}, but the cell has Clip = {spec.Clip.ToString("R", CultureInfo.InvariantCulture)}");
        }

        if (spec.Kind == CellKind.Gru && ((node.Int("linear_before_reset") ?? 0) != 0) != spec.ResetAfter)
        {
            throw new MismatchException($"node '{node.Name}' has linear_before_reset = {(spec.ResetAfter ? "0" : "1")}, which is ResetAfter = {(spec.ResetAfter ? "false" : "true")}");
        }

        foreach ((int index, string state) in new[] { (5, "initial_h"), (6, "initial_c") })
        {
            string input = index < node.Inputs.Count ? node.Inputs[index] : "";
            if (input.Length > 0 && graph.Constants.TryGetValue(input, out FileTensor? stored) && stored.Values.Any(v => v != 0))
            {
                throw new MismatchException($"node '{node.Name}' starts from a stored {state} that is not zero; CellGen's cells start from the state you pass");
            }
        }

        var given = new Dictionary<string, double[]>(StringComparer.Ordinal) { ["W"] = Slice(spec, w, d) };
        FileTensor r = graph.Constant(node, 2, "R") ?? throw new MismatchException($"node '{node.Name}' has no input R");
        Check(r, new[] { directions, gates * spec.Hidden, spec.Hidden }, node);
        given["R"] = Slice(spec, r, d);
        if (graph.Constant(node, 3, "B") is { } b)
        {
            Check(b, new[] { directions, 2 * gates * spec.Hidden }, node);
            given["B"] = Slice(spec, b, d);
            if (!spec.Bias && given["B"].Any(v => v != 0))
            {
                throw new MismatchException($"node '{node.Name}' has biases B, but the cell was declared with Bias = false");
            }
        }

        if (spec.Kind == CellKind.Lstm && graph.Constant(node, 7, "P") is { } p)
        {
            Check(p, new[] { directions, 3 * spec.Hidden }, node);
            given["P"] = Slice(spec, p, d);
            if (!spec.Peephole && given["P"].Any(v => v != 0))
            {
                throw new MismatchException($"node '{node.Name}' has peepholes P, but the cell was declared without Peephole = true");
            }
        }

        if (spec.Output > 0)
        {
            ReadHead(graph, node, recurrent, spec, given);
        }

        return Layouts.ToPyTorch(spec, WeightsRequest.Onnx, given);
    }

    private static void ReadHead(Graph graph, Node node, List<Node> recurrent, CellSpec spec, Dictionary<string, double[]> given)
    {
        // The head is looked for between this recurrent node and the next one.
        int start = graph.Nodes.IndexOf(node), layer = recurrent.IndexOf(node);
        int next = layer + 1 < recurrent.Count ? graph.Nodes.IndexOf(recurrent[layer + 1]) : graph.Nodes.Count;
        Node? product = graph.Nodes.Skip(start + 1).Take(next - start - 1)
            .FirstOrDefault(n => (n.OpType is "MatMul" or "Gemm") && n.Inputs.Count >= 2 && graph.Constants.ContainsKey(n.Inputs[1]));
        if (product is null)
        {
            throw new MismatchException($"the cell has Output = {N(spec.Output)}, but no MatMul or Gemm with stored weights follows node '{node.Name}'");
        }

        if (product.OpType == "Gemm" && ((product.Float("alpha") ?? 1f) != 1f || (product.Float("beta") ?? 1f) != 1f || (product.Int("transA") ?? 0) != 0))
        {
            throw new MismatchException($"node '{product.Name}' is a Gemm with alpha, beta or transA other than 1, 1 and 0, which a dense layer does not compute");
        }

        FileTensor weight = Graph.Weight(graph.Constants[product.Inputs[1]]);
        Baker.RequireExact(spec, weight);
        bool transposed = product.OpType == "Gemm" && (product.Int("transB") ?? 0) != 0;
        int[] shape = transposed ? new[] { spec.Output, spec.Hidden } : new[] { spec.Hidden, spec.Output };
        if (!weight.Shape.SequenceEqual(shape))
        {
            throw new MismatchException($"the weight of node '{product.Name}' has shape {weight.ShapeText}, but the cell's output layer needs {FileTensor.ShapeToText(shape)}");
        }

        double[] values = weight.Values;
        if (transposed)
        {
            values = new double[values.Length];
            for (int o = 0; o < spec.Output; o++)
            {
                for (int i = 0; i < spec.Hidden; i++)
                {
                    values[(i * spec.Output) + o] = weight.Values[(o * spec.Hidden) + i];
                }
            }
        }

        given["output_weight"] = values;
        string output = product.Outputs.FirstOrDefault() ?? "";
        FileTensor? bias = null;
        string? biasInput = null;
        if (product.OpType == "Gemm" && product.Inputs.Count > 2 && product.Inputs[2].Length > 0)
        {
            biasInput = product.Inputs[2];
        }
        else if (product.OpType == "MatMul" && graph.Nodes.FirstOrDefault(n => n.OpType == "Add" && n.Inputs.Contains(output)) is { } add)
        {
            biasInput = add.Inputs.FirstOrDefault(i => i != output) ?? "";
            output = add.Outputs.FirstOrDefault() ?? "";
        }

        if (biasInput is not null && !graph.Constants.TryGetValue(biasInput, out bias))
        {
            throw new MismatchException($"the bias after node '{product.Name}' ('{biasInput}') is computed in the graph, not stored: CellGen's output layers add stored biases only");
        }

        double[] biasValues = bias?.Values ?? new double[spec.Output];
        if (bias is not null)
        {
            Baker.RequireExact(spec, Graph.Weight(bias));
        }

        if (bias is not null && !(bias.Shape.SequenceEqual(new[] { spec.Output }) || bias.Shape.SequenceEqual(new[] { 1, spec.Output })))
        {
            throw new MismatchException($"the bias after node '{product.Name}' has shape {bias!.ShapeText}, but the cell's output layer needs [{N(spec.Output)}]");
        }

        if (spec.Bias)
        {
            given["output_bias"] = biasValues;
        }
        else if (biasValues.Any(v => v != 0))
        {
            throw new MismatchException($"the output layer after node '{node.Name}' has a bias, but the cell was declared with Bias = false");
        }

        Node? after = graph.Nodes.FirstOrDefault(n => n.Inputs.Count == 1 && n.Inputs[0] == output && n.OpType is "Sigmoid" or "Tanh" or "Relu" or "Softsign" or "Softmax" or "HardSigmoid");
        string activation = after?.OpType ?? "Linear";
        if (after is { OpType: "HardSigmoid" } && ((after.Float("alpha") ?? 0.2f) != 0.2f || (after.Float("beta") ?? 0.5f) != 0.5f))
        {
            activation = "HardSigmoid with another alpha or beta (CellGen's is 0.2x + 0.5)";
        }

        // Before opset 13 Softmax's axis defaults to 1, which flattens batch and units together: not a per-step softmax.
        if (after is { OpType: "Softmax" } && (after.Int("axis") ?? (graph.Opset >= 13 ? -1 : 1)) is not (-1 or 2))
        {
            activation = "Softmax over another axis";
        }

        if (activation != spec.OutputActivation.ToString())
        {
            throw new MismatchException($"the output layer after node '{node.Name}' has activation {activation}, but the cell has OutputActivation = Activation.{spec.OutputActivation}");
        }
    }

    private static void CheckActivations(Node node, CellSpec spec, int directions, int d)
    {
        string[] want = spec.Kind switch
        {
            CellKind.Lstm => new[] { spec.GateActivation.ToString(), spec.Activation.ToString(), spec.CellActivation.ToString() },
            CellKind.Gru => new[] { spec.GateActivation.ToString(), spec.Activation.ToString() },
            _ => new[] { spec.Activation.ToString() },
        };
        string[] defaults = spec.Kind switch
        {
            CellKind.Lstm => new[] { "Sigmoid", "Tanh", "Tanh" },
            CellKind.Gru => new[] { "Sigmoid", "Tanh" },
            _ => new[] { "Tanh" },
        };
        List<string> names = node.Strings("activations");
        if (names.Count == 0)
        {
            names = Enumerable.Repeat(defaults, directions).SelectMany(a => a).ToList();
        }

        if (names.Count != want.Length * directions)
        {
            throw new MismatchException($"node '{node.Name}' lists {N(names.Count)} activations; a {node.OpType} of {N(directions)} direction(s) has {N(want.Length * directions)}");
        }

        // ONNX's Affine with alpha 1 and beta 0 is CellGen's Linear; HardSigmoid must be ONNX's default 0.2x + 0.5.
        List<float> alphas = node.Floats("activation_alpha"), betas = node.Floats("activation_beta");
        int parameter = 0;
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i].ToLowerInvariant() switch
            {
                "sigmoid" => "Sigmoid",
                "tanh" => "Tanh",
                "relu" => "Relu",
                "softsign" => "Softsign",
                "hardsigmoid" => "HardSigmoid",
                "affine" => "Linear",
                _ => names[i],
            };
            if (name is not ("Sigmoid" or "Tanh" or "Relu" or "Softsign" or "HardSigmoid" or "Linear"))
            {
                // Any other activation would also shift which alpha and beta the ones after it read: refuse it in either direction.
                throw new MismatchException($"node '{node.Name}' has activation {names[i]}, which CellGen does not have (it has Sigmoid, Tanh, Relu, Softsign, HardSigmoid and Affine(1, 0))");
            }

            if (name is "Linear" or "HardSigmoid")
            {
                (float alpha, float beta) = name == "Linear" ? (1f, 0f) : (0.2f, 0.5f);
                if (name == "Linear" && (parameter >= alphas.Count || parameter >= betas.Count))
                {
                    // ONNX Runtime reads a missing Affine alpha and beta as 0: the activation would be 0, not the identity.
                    throw new MismatchException($"node '{node.Name}' has activation Affine without activation_alpha and activation_beta; CellGen's Linear is Affine with alpha 1 and beta 0 given");
                }

                if ((parameter < alphas.Count ? alphas[parameter] : alpha) != alpha || (parameter < betas.Count ? betas[parameter] : beta) != beta)
                {
                    name = names[i] + " with other parameters";
                }

                parameter++;
            }

            if (i / want.Length == d && name != want[i % want.Length])
            {
                throw new MismatchException($"node '{node.Name}' has activation {name} where the cell has {want[i % want.Length]}");
            }
        }
    }

    private static void Check(FileTensor tensor, int[] shape, Node node)
    {
        if (!tensor.Shape.SequenceEqual(shape))
        {
            throw new MismatchException($"node '{node.Name}' input '{tensor.Name}' has shape {tensor.ShapeText}, but the cell needs {FileTensor.ShapeToText(shape)}");
        }
    }

    /// <summary>Direction <paramref name="d"/> of a [directions, …] tensor, checked for exactness in the cell's type.</summary>
    private static double[] Slice(CellSpec spec, FileTensor tensor, int d)
    {
        Baker.RequireExact(spec, tensor);
        int per = tensor.Values.Length / tensor.Shape[0];
        return tensor.Values.Skip(d * per).Take(per).ToArray();
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A node: its operator, name, inputs, outputs and attributes.</summary>
    private sealed class Node
    {
        public string OpType { get; set; } = "";

        public string Name { get; set; } = "";

        public string Domain { get; set; } = "";

        public List<string> Inputs { get; } = new();

        public List<string> Outputs { get; } = new();

        public Dictionary<string, Attribute> Attributes { get; } = new(StringComparer.Ordinal);

        public long? Int(string name) => Attributes.TryGetValue(name, out Attribute? a) ? a.Int : null;

        public float? Float(string name) => Attributes.TryGetValue(name, out Attribute? a) ? a.Float : null;

        public string? String(string name) => Attributes.TryGetValue(name, out Attribute? a) && a.Bytes is not null ? Encoding.UTF8.GetString(a.Bytes) : null;

        public List<string> Strings(string name) => Attributes.TryGetValue(name, out Attribute? a) ? a.Strings : new List<string>();

        public List<float> Floats(string name) => Attributes.TryGetValue(name, out Attribute? a) ? a.Floats : new List<float>();
    }

    private sealed class Attribute
    {
        public long? Int { get; set; }

        public float? Float { get; set; }

        public byte[]? Bytes { get; set; }

        public FileTensor? Tensor { get; set; }

        public List<string> Strings { get; } = new();

        public List<float> Floats { get; } = new();
    }

    /// <summary>The nodes and stored tensors (initializers and Constant nodes) of a model's graph.</summary>
    private sealed class Graph
    {
        public List<Node> Nodes { get; } = new();

        public Dictionary<string, FileTensor> Constants { get; } = new(StringComparer.Ordinal);

        /// <summary>The version of the default ONNX operator set the model imports (0 when it imports none).</summary>
        public long Opset { get; private set; }

        public static Graph Parse(byte[] bytes)
        {
            var graph = new Graph();
            bool sawGraph = false;
            var model = new ProtoReader(bytes, 0, bytes.Length);
            while (model.Next(out int field, out int wire))
            {
                if (field == 7 && wire == ProtoReader.WireLength)
                {
                    sawGraph = true;
                    ReadGraph(model.Message(), graph);
                }
                else if (field == 8 && wire == ProtoReader.WireLength)
                {
                    ProtoReader opset = model.Message();
                    string domain = "";
                    long version = 0;
                    while (opset.Next(out int f, out int w))
                    {
                        if (f == 1 && w == ProtoReader.WireLength)
                        {
                            domain = opset.String();
                        }
                        else if (f == 2 && w == ProtoReader.WireVarint)
                        {
                            version = (long)opset.Varint();
                        }
                        else
                        {
                            opset.Skip(w);
                        }
                    }

                    if (domain is "" or "ai.onnx")
                    {
                        graph.Opset = version;
                    }
                }
                else
                {
                    model.Skip(wire);
                }
            }

            if (!sawGraph)
            {
                throw new FormatException("it holds no ONNX graph");
            }

            foreach (Node node in graph.Nodes.Where(n => n.OpType == "Constant" && n.Outputs.Count == 1))
            {
                if (node.Attributes.TryGetValue("value", out Attribute? value) && value.Tensor is not null)
                {
                    graph.Constants[node.Outputs[0]] = value.Tensor;
                }
            }

            return graph;
        }

        public FileTensor? Constant(Node node, int index, string input)
        {
            string name = index < node.Inputs.Count ? node.Inputs[index] : "";
            if (name.Length == 0)
            {
                return null;
            }

            return Constants.TryGetValue(name, out FileTensor? tensor)
                ? Weight(tensor)
                : throw new MismatchException($"node '{node.Name}' input {input} ('{name}') is computed in the graph, not stored");
        }

        /// <summary>A stored tensor in a weight's place: it must be floating-point.</summary>
        public static FileTensor Weight(FileTensor tensor) => tensor.StoredAs == "other"
            ? throw new FormatException($"tensor '{tensor.Name}' is in a weight's place but is not floating-point")
            : tensor;

        private static void ReadGraph(ProtoReader reader, Graph graph)
        {
            while (reader.Next(out int field, out int wire))
            {
                if (field == 1 && wire == ProtoReader.WireLength)
                {
                    graph.Nodes.Add(ReadNode(reader.Message()));
                }
                else if (field == 5 && wire == ProtoReader.WireLength)
                {
                    FileTensor tensor = ReadTensor(reader.Message());
                    graph.Constants[tensor.Name] = tensor;
                }
                else
                {
                    reader.Skip(wire);
                }
            }
        }

        private static Node ReadNode(ProtoReader reader)
        {
            var node = new Node();
            while (reader.Next(out int field, out int wire))
            {
                switch (field)
                {
                    case 1 when wire == ProtoReader.WireLength:
                        node.Inputs.Add(reader.String());
                        break;
                    case 2 when wire == ProtoReader.WireLength:
                        node.Outputs.Add(reader.String());
                        break;
                    case 3 when wire == ProtoReader.WireLength:
                        node.Name = reader.String();
                        break;
                    case 4 when wire == ProtoReader.WireLength:
                        node.OpType = reader.String();
                        break;
                    case 5 when wire == ProtoReader.WireLength:
                        (string name, Attribute attribute) = ReadAttribute(reader.Message());
                        node.Attributes[name] = attribute;
                        break;
                    case 7 when wire == ProtoReader.WireLength:
                        node.Domain = reader.String();
                        break;
                    default:
                        reader.Skip(wire);
                        break;
                }
            }

            if (node.Name.Length == 0)
            {
                node.Name = node.Outputs.FirstOrDefault() ?? node.OpType;
            }

            return node;
        }

        private static (string Name, Attribute Attribute) ReadAttribute(ProtoReader reader)
        {
            string name = "";
            var attribute = new Attribute();
            while (reader.Next(out int field, out int wire))
            {
                switch (field)
                {
                    case 1 when wire == ProtoReader.WireLength:
                        name = reader.String();
                        break;
                    case 2 when wire == ProtoReader.WireFixed32:
                        attribute.Float = FileTensor.SingleFromBits(reader.Fixed32Value());
                        break;
                    case 3 when wire == ProtoReader.WireVarint:
                        attribute.Int = (long)reader.Varint();
                        break;
                    case 4 when wire == ProtoReader.WireLength:
                        attribute.Bytes = reader.Bytes();
                        break;
                    case 5 when wire == ProtoReader.WireLength:
                        attribute.Tensor = ReadTensor(reader.Message());
                        break;
                    case 7:
                        reader.RepeatedFixed32(wire, bits => attribute.Floats.Add(FileTensor.SingleFromBits(bits)));
                        break;
                    case 9 when wire == ProtoReader.WireLength:
                        attribute.Strings.Add(reader.String());
                        break;
                    default:
                        reader.Skip(wire);
                        break;
                }
            }

            return (name, attribute);
        }

        private static FileTensor ReadTensor(ProtoReader reader)
        {
            var dims = new List<long>();
            var floats = new List<uint>();
            var doubles = new List<ulong>();
            var int32s = new List<ulong>();
            int type = 0;
            string name = "";
            byte[]? raw = null;
            bool external = false;
            while (reader.Next(out int field, out int wire))
            {
                switch (field)
                {
                    case 1:
                        reader.RepeatedVarint(wire, v => dims.Add((long)v));
                        break;
                    case 2 when wire == ProtoReader.WireVarint:
                        type = (int)reader.Varint();
                        break;
                    case 4:
                        reader.RepeatedFixed32(wire, floats.Add);
                        break;
                    case 5:
                        reader.RepeatedVarint(wire, int32s.Add);
                        break;
                    case 8 when wire == ProtoReader.WireLength:
                        name = reader.String();
                        break;
                    case 9 when wire == ProtoReader.WireLength:
                        raw = reader.Bytes();
                        break;
                    case 10:
                        reader.RepeatedFixed64(wire, doubles.Add);
                        break;
                    case 13:
                        external = true;
                        reader.Skip(wire);
                        break;
                    case 14 when wire == ProtoReader.WireVarint:
                        external |= reader.Varint() == 1;
                        break;
                    default:
                        reader.Skip(wire);
                        break;
                }
            }

            if (external)
            {
                throw new FormatException($"tensor '{name}' keeps its data in an external file; save the model with its weights inside");
            }

            var shape = new int[dims.Count];
            long count = 1;
            for (int i = 0; i < shape.Length; i++)
            {
                if (dims[i] < 0 || dims[i] > int.MaxValue)
                {
                    throw new FormatException($"tensor '{name}' has dimension {dims[i].ToString(CultureInfo.InvariantCulture)}");
                }

                shape[i] = (int)dims[i];
                count *= dims[i];
                if (count > int.MaxValue)
                {
                    throw new FormatException($"tensor '{name}' has too many values");
                }
            }

            (string storedAs, int size) = type switch
            {
                FloatType => ("F32", 4),
                DoubleType => ("F64", 8),
                Float16Type => ("F16", 2),
                BFloat16Type => ("BF16", 2),
                _ => ("", 0),
            };
            if (size == 0)
            {
                // Not a weight (shapes and indices are int64): kept with no values, and refused if a weight's place needs it.
                return new FileTensor(name, shape, new double[0], "other");
            }

            if (raw is null)
            {
                raw = type switch
                {
                    FloatType => floats.SelectMany(BitConverter.GetBytes).ToArray(),
                    DoubleType => doubles.SelectMany(BitConverter.GetBytes).ToArray(),
                    _ => int32s.SelectMany(v => BitConverter.GetBytes((ushort)v)).ToArray(),
                };
                if (!BitConverter.IsLittleEndian)
                {
                    throw new FormatException("typed tensor data is read only on little-endian machines; store it as raw_data");
                }
            }

            if (raw.Length != count * size)
            {
                throw new FormatException($"tensor '{name}' has shape {FileTensor.ShapeToText(shape)} of {storedAs}, {(count * size).ToString(CultureInfo.InvariantCulture)} bytes, but holds {raw.Length.ToString(CultureInfo.InvariantCulture)}");
            }

            return new FileTensor(name, shape, FileTensor.Decode(raw, 0, (int)count, storedAs), storedAs);
        }
    }
}
