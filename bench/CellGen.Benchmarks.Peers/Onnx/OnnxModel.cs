using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace CellGen.Benchmarks.Peers.Onnx;

/// <summary>
/// Builds the ONNX model of one recurrent cell (the standard LSTM, GRU or RNN operator of opset 14) as ModelProto
/// bytes, with the weights as initializers. Field numbers are those of onnx.proto.
/// </summary>
public static class OnnxModel
{
    // onnx.proto field numbers.
    private const int ModelIrVersion = 1, ModelProducerName = 2, ModelGraph = 7, ModelOpsetImport = 8;
    private const int OpsetDomain = 1, OpsetVersion = 2;
    private const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5;
    private const int AttributeName = 1, AttributeInt = 3, AttributeString = 4, AttributeStrings = 9, AttributeType = 20;
    private const int AttributeTypeInt = 2, AttributeTypeString = 3, AttributeTypeStrings = 8;
    private const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9;
    private const int ValueInfoName = 1, ValueInfoType = 2;
    private const int TypeTensorType = 1, TensorTypeElemType = 1, TensorTypeShape = 2;
    private const int ShapeDim = 1, DimValue = 1;
    private const int ElementFloat = 1;

    /// <summary>
    /// The cell over <paramref name="steps"/> time steps, batch 1. Inputs X [T, 1, I], initial_h [1, 1, H] (and
    /// initial_c for the LSTM). With <paramref name="sequenceOutput"/> the outputs are Y [T, 1, 1, H], Y_h (and Y_c);
    /// without, Y is not computed and only the final state Y_h (and Y_c) is returned — the one-step model.
    /// </summary>
    public static byte[] Build(TorchWeights weights, int steps, bool sequenceOutput)
    {
        CellKind kind = weights.Kind;
        int input = weights.Input, hidden = weights.Hidden, gates = weights.Gates;
        bool lstm = kind == CellKind.Lstm;
        string opType = kind switch { CellKind.Lstm => "LSTM", CellKind.Gru => "GRU", _ => "RNN" };

        // W [1, G·H, I] and R [1, G·H, H] keep PyTorch's rows-are-units layout; only the gate blocks are restacked.
        // B [1, 2·G·H] is Wb then Rb.
        float[] bias = new float[2 * gates * hidden];
        weights.ToOnnxOrder(weights.BiasIh).CopyTo(bias, 0);
        weights.ToOnnxOrder(weights.BiasHh).CopyTo(bias, gates * hidden);

        // Node inputs by position: X, W, R, B, sequence_lens (absent), initial_h, [initial_c].
        var nodeInputs = new List<string> { "X", "W", "R", "B", "", "initial_h" };
        var graphInputs = new List<(string Name, long[] Shape)> { ("X", new long[] { steps, 1, input }), ("initial_h", new long[] { 1, 1, hidden }) };
        var nodeOutputs = new List<string> { sequenceOutput ? "Y" : "", "Y_h" };
        var graphOutputs = new List<(string Name, long[] Shape)>();
        if (sequenceOutput)
        {
            graphOutputs.Add(("Y", new long[] { steps, 1, 1, hidden }));
        }

        graphOutputs.Add(("Y_h", new long[] { 1, 1, hidden }));
        if (lstm)
        {
            nodeInputs.Add("initial_c");
            graphInputs.Add(("initial_c", new long[] { 1, 1, hidden }));
            nodeOutputs.Add("Y_c");
            graphOutputs.Add(("Y_c", new long[] { 1, 1, hidden }));
        }

        return new ProtoWriter()
            .Int64(ModelIrVersion, 8)
            .String(ModelProducerName, "CellGen.Benchmarks.Peers")
            .Message(ModelOpsetImport, opset => opset.String(OpsetDomain, "").Int64(OpsetVersion, 14))
            .Message(ModelGraph, graph =>
            {
                graph.Message(GraphNode, node =>
                {
                    foreach (string name in nodeInputs)
                    {
                        node.String(NodeInput, name);
                    }

                    foreach (string name in nodeOutputs)
                    {
                        node.String(NodeOutput, name);
                    }

                    node.String(NodeName, "cell").String(NodeOpType, opType);
                    node.Message(NodeAttribute, a => a.String(AttributeName, "hidden_size").Int64(AttributeType, AttributeTypeInt).Int64(AttributeInt, hidden));
                    node.Message(NodeAttribute, a => a.String(AttributeName, "direction").Int64(AttributeType, AttributeTypeString).String(AttributeString, "forward"));
                    if (kind == CellKind.Gru)
                    {
                        // CellGen's default GRU (ResetAfter = true) is PyTorch's form: r multiplies (U_n h + b_hn).
                        node.Message(NodeAttribute, a => a.String(AttributeName, "linear_before_reset").Int64(AttributeType, AttributeTypeInt).Int64(AttributeInt, 1));
                    }
                    else if (kind == CellKind.Rnn)
                    {
                        node.Message(NodeAttribute, a => a.String(AttributeName, "activations").Int64(AttributeType, AttributeTypeStrings).String(AttributeStrings, "Tanh"));
                    }
                });
                graph.String(GraphName, $"{opType.ToLowerInvariant()}_{input}x{hidden}_T{steps}");
                graph.Message(GraphInitializer, t => Tensor(t, "W", new long[] { 1, gates * hidden, input }, weights.ToOnnxOrder(weights.WeightIh)));
                graph.Message(GraphInitializer, t => Tensor(t, "R", new long[] { 1, gates * hidden, hidden }, weights.ToOnnxOrder(weights.WeightHh)));
                graph.Message(GraphInitializer, t => Tensor(t, "B", new long[] { 1, 2 * gates * hidden }, bias));
                foreach ((string name, long[] shape) in graphInputs)
                {
                    graph.Message(GraphInput, v => ValueInfo(v, name, shape));
                }

                foreach ((string name, long[] shape) in graphOutputs)
                {
                    graph.Message(GraphOutput, v => ValueInfo(v, name, shape));
                }
            })
            .ToArray();
    }

    /// <summary>A float TensorProto, its values as raw_data (little-endian, as ONNX specifies).</summary>
    private static void Tensor(ProtoWriter tensor, string name, long[] dims, float[] values)
    {
        long count = 1;
        foreach (long dim in dims)
        {
            count *= dim;
        }

        if (count != values.Length)
        {
            throw new ArgumentException($"Tensor {name}: {values.Length} values for a shape of {count}.", nameof(values));
        }

        byte[] raw = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        tensor.Int64s(TensorDims, dims).Int64(TensorDataType, ElementFloat).String(TensorName, name).Bytes(TensorRawData, raw);
    }

    /// <summary>A ValueInfoProto of a float tensor of fixed shape.</summary>
    private static void ValueInfo(ProtoWriter valueInfo, string name, long[] shape)
    {
        valueInfo.String(ValueInfoName, name).Message(ValueInfoType, type => type.Message(TypeTensorType, tensorType =>
        {
            tensorType.Int64(TensorTypeElemType, ElementFloat);
            tensorType.Message(TensorTypeShape, s =>
            {
                foreach (long dim in shape)
                {
                    s.Message(ShapeDim, d => d.Int64(DimValue, dim));
                }
            });
        }));
    }
}
