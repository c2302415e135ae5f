using System;
using System.IO;
using System.Text;

namespace CellGen.Benchmarks.Peers.Onnx;

/// <summary>
/// Just enough of the protobuf wire format to write an ONNX model: varints (wire type 0) and length-delimited fields
/// (wire type 2: strings, bytes, nested messages). Repeated fields are written one element per tag, which every
/// protobuf parser accepts whether or not the field is declared packed.
/// </summary>
public sealed class ProtoWriter
{
    private const int Varint = 0, LengthDelimited = 2;

    private readonly MemoryStream _stream = new();

    public byte[] ToArray() => _stream.ToArray();

    public ProtoWriter Int64(int field, long value)
    {
        Tag(field, Varint);
        WriteVarint(unchecked((ulong)value));
        return this;
    }

    public ProtoWriter Int64s(int field, ReadOnlySpan<long> values)
    {
        foreach (long value in values)
        {
            Int64(field, value);
        }

        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        _stream.Write(value);
        return this;
    }

    /// <summary>A nested message: written to its own buffer first, since its length comes before it.</summary>
    public ProtoWriter Message(int field, Action<ProtoWriter> write)
    {
        var nested = new ProtoWriter();
        write(nested);
        return Bytes(field, nested._stream.GetBuffer().AsSpan(0, (int)nested._stream.Length));
    }

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _stream.WriteByte((byte)value);
    }
}
