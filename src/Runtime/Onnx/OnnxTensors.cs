using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using CellGen.Onnx.Proto;
using Google.Protobuf;

namespace CellGen;

/// <summary>ONNX tensors to and from CellGen's arrays, checking every count against the bytes that hold it.</summary>
internal static class OnnxTensors
{
    public const int Float = (int)TensorProto.Types.DataType.Float;
    public const int Double = (int)TensorProto.Types.DataType.Double;
    public const int Float16 = (int)TensorProto.Types.DataType.Float16;
    public const int BFloat16 = (int)TensorProto.Types.DataType.Bfloat16;
    public const int Int64 = (int)TensorProto.Types.DataType.Int64;

    /// <summary>The ONNX element type of <typeparamref name="T"/>.</summary>
    public static int ElementType<T>() => typeof(T) == typeof(float) ? Float : Double;

    /// <summary>A tensor of <typeparamref name="T"/> values, stored little-endian in raw_data.</summary>
    public static TensorProto Make<T>(string name, int[] shape, T[] values)
        where T : unmanaged
    {
        var tensor = new TensorProto { Name = name, DataType = typeof(T) == typeof(long) ? Int64 : ElementType<T>(), RawData = ByteString.CopyFrom(LittleEndian.Bytes(values)) };
        tensor.Dims.AddRange(shape.Select(d => (long)d));
        return tensor;
    }

    /// <summary>
    /// The values of a floating-point tensor, widened to <typeparamref name="T"/> where stored narrower, with its shape.
    /// Throws <see cref="InvalidDataException"/> (with <paramref name="source"/>) for anything it cannot read exactly.
    /// </summary>
    public static (int[] Shape, T[] Values) Read<T>(TensorProto tensor, string source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string what = $"tensor '{tensor.Name}'";
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0)
        {
            throw OnnxModel.Refuse(source, $"{what} keeps its data in an external file, which CellGen does not read: save the model with its weights inside");
        }

        var shape = new int[tensor.Dims.Count];
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            long dimension = tensor.Dims[i];
            if (dimension < 0 || dimension > int.MaxValue)
            {
                throw OnnxModel.Refuse(source, $"{what} has dimension {dimension}");
            }

            shape[i] = (int)dimension;
            count *= dimension;
            if (count > int.MaxValue)
            {
                throw OnnxModel.Refuse(source, $"{what} has shape [{string.Join(", ", tensor.Dims)}], too many values");
            }
        }

        (string dtype, int size) = tensor.DataType switch
        {
            Float => ("F32", 4),
            Double => ("F64", 8),
            Float16 => ("F16", 2),
            BFloat16 => ("BF16", 2),
            _ => throw OnnxModel.Refuse(source, $"{what} has element type {(TensorProto.Types.DataType)tensor.DataType}, not a floating-point type"),
        };

        byte[] bytes;
        if (tensor.RawData.Length > 0 || count == 0)
        {
            bytes = tensor.RawData.ToByteArray();
        }
        else if (tensor.DataType == Float)
        {
            bytes = LittleEndian.Bytes(tensor.FloatData.ToArray());
        }
        else if (tensor.DataType == Double)
        {
            bytes = LittleEndian.Bytes(tensor.DoubleData.ToArray());
        }
        else
        {
            // ONNX keeps 16-bit floats in int32_data, one value per entry.
            bytes = new byte[tensor.Int32Data.Count * 2];
            for (int i = 0; i < tensor.Int32Data.Count; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), (ushort)tensor.Int32Data[i]);
            }
        }

        if (bytes.Length != count * size)
        {
            throw OnnxModel.Refuse(source, $"{what} has shape [{string.Join(", ", shape)}] of {dtype}, {count * size} bytes, but holds {bytes.Length}");
        }

        T[] values = LittleEndian.Read<T>(bytes, dtype, out string? refusal);
        if (refusal is not null)
        {
            throw OnnxModel.Refuse(source, $"{what} is {dtype}, but the network is {(typeof(T) == typeof(float) ? "float" : "double")}: {refusal}");
        }

        return (shape, values);
    }

    /// <summary>Rows [first, first + count) of the outermost dimension, as a tensor whose outermost dimension is <paramref name="count"/>.</summary>
    public static WeightTensor<T> Slice<T>(string name, int[] shape, T[] values, int first, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inner = shape.Length == 0 ? 0 : values.Length / Math.Max(1, shape[0]);
        int[] sliced = (int[])shape.Clone();
        sliced[0] = count;
        return new WeightTensor<T>(name, sliced, values.AsSpan(first * inner, count * inner).ToArray());
    }
}
