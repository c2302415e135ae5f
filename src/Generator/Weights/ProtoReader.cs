using System;
using System.Text;

namespace CellGen.Generator.Weights;

/// <summary>
/// Decodes the protobuf wire format (varints, fixed 32- and 64-bit values, length-delimited fields) over a range of a
/// byte array, for the few ONNX messages the generator reads. Every read is bounds-checked: a damaged file throws
/// <see cref="FormatException"/>, never anything else.
/// </summary>
internal sealed class ProtoReader
{
    public const int WireVarint = 0, WireFixed64 = 1, WireLength = 2, WireFixed32 = 5;

    private const int MaxDepth = 64;

    private readonly byte[] _bytes;
    private readonly int _end;
    private readonly int _depth;
    private int _at;

    public ProtoReader(byte[] bytes, int start, int end, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException("its messages nest deeper than " + MaxDepth);
        }

        _bytes = bytes;
        _at = start;
        _end = end;
        _depth = depth;
    }

    /// <summary>Reads the next field's key; false at the end of the message.</summary>
    public bool Next(out int field, out int wire)
    {
        field = wire = 0;
        if (_at >= _end)
        {
            return false;
        }

        ulong key = VarintValue();
        field = (int)(key >> 3);
        wire = (int)(key & 7);
        if (field <= 0 || key >> 3 > int.MaxValue)
        {
            throw new FormatException("it is not a valid protobuf message (a field number is out of range)");
        }

        return true;
    }

    public ulong Varint() => VarintValue();

    public uint Fixed32Value()
    {
        Need(4);
        uint value = (uint)(_bytes[_at] | (_bytes[_at + 1] << 8) | (_bytes[_at + 2] << 16) | (_bytes[_at + 3] << 24));
        _at += 4;
        return value;
    }

    public ulong Fixed64Value() => Fixed32Value() | ((ulong)Fixed32Value() << 32);

    public byte[] Bytes()
    {
        int length = Length();
        var bytes = new byte[length];
        Array.Copy(_bytes, _at, bytes, 0, length);
        _at += length;
        return bytes;
    }

    public string String()
    {
        int length = Length();
        try
        {
            string text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(_bytes, _at, length);
            _at += length;
            return text;
        }
        catch (ArgumentException)
        {
            throw new FormatException("it holds a string that is not valid UTF-8");
        }
    }

    /// <summary>A reader over the embedded message that follows; this reader moves past it.</summary>
    public ProtoReader Message()
    {
        int length = Length();
        var reader = new ProtoReader(_bytes, _at, _at + length, _depth + 1);
        _at += length;
        return reader;
    }

    /// <summary>A repeated varint field, packed (length-delimited) or not.</summary>
    public void RepeatedVarint(int wire, Action<ulong> add) => Repeated(wire, WireVarint, r => r.VarintValue(), add);

    public void RepeatedFixed32(int wire, Action<uint> add) => Repeated(wire, WireFixed32, r => r.Fixed32Value(), add);

    public void RepeatedFixed64(int wire, Action<ulong> add) => Repeated(wire, WireFixed64, r => r.Fixed64Value(), add);

    public void Skip(int wire)
    {
        switch (wire)
        {
            case WireVarint:
                VarintValue();
                break;
            case WireFixed64:
                Need(8);
                _at += 8;
                break;
            case WireLength:
                int length = Length();
                _at += length;
                break;
            case WireFixed32:
                Need(4);
                _at += 4;
                break;
            default:
                throw new FormatException("it is not a valid protobuf message (wire type " + wire + ")");
        }
    }

    /// <summary>One value of a repeated field in its own wire type, or all the values packed in a length-delimited run.</summary>
    private void Repeated<T>(int wire, int single, Func<ProtoReader, T> read, Action<T> add)
    {
        if (wire == single)
        {
            add(read(this));
            return;
        }

        if (wire != WireLength)
        {
            throw new FormatException("it is not a valid protobuf message (a repeated field has wire type " + wire + ")");
        }

        ProtoReader packed = Message();
        while (packed._at < packed._end)
        {
            add(read(packed));
        }
    }

    private int Length()
    {
        ulong length = VarintValue();
        if (length > (ulong)(_end - _at))
        {
            throw new FormatException("it is truncated or damaged (a field is longer than what remains)");
        }

        return (int)length;
    }

    private ulong VarintValue()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            Need(1);
            byte b = _bytes[_at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("it is not a valid protobuf message (a varint is too long)");
    }

    private void Need(int count)
    {
        if (_end - _at < count)
        {
            throw new FormatException("it is truncated or damaged (a field runs past the end of its message)");
        }
    }
}
