using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CellGen.Generator.Weights;

/// <summary>A tensor read from a weights file: its name, shape and values (widened to double), and the type it was stored in.</summary>
internal sealed class FileTensor
{
    public FileTensor(string name, int[] shape, double[] values, string storedAs)
    {
        Name = name;
        Shape = shape;
        Values = values;
        StoredAs = storedAs;
    }

    public string Name { get; }

    public int[] Shape { get; }

    public double[] Values { get; }

    /// <summary>F16, BF16, F32 or F64.</summary>
    public string StoredAs { get; }

    public string ShapeText => ShapeToText(Shape);

    public static string ShapeToText(IEnumerable<int> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>Decodes little-endian values of a stored type; the caller has checked the byte count.</summary>
    public static double[] Decode(byte[] bytes, int offset, int count, string storedAs)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            switch (storedAs)
            {
                case "F64":
                    values[i] = BitConverter.Int64BitsToDouble((long)ReadUInt64(bytes, offset + 8 * i));
                    break;
                case "F32":
                    values[i] = SingleFromBits(ReadUInt32(bytes, offset + 4 * i));
                    break;
                case "BF16":
                    values[i] = SingleFromBits((uint)ReadUInt16(bytes, offset + 2 * i) << 16);
                    break;
                default:
                    values[i] = HalfToDouble(ReadUInt16(bytes, offset + 2 * i));
                    break;
            }
        }

        return values;
    }

    /// <summary>The float with these IEEE bits (GetBytes and ToSingle share the machine's byte order).</summary>
    public static float SingleFromBits(uint bits) => BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);

    private static double HalfToDouble(ushort bits)
    {
        int sign = (bits >> 15) != 0 ? -1 : 1;
        int exponent = (bits >> 10) & 0x1F;
        int fraction = bits & 0x3FF;
        if (exponent == 0x1F)
        {
            return fraction == 0 ? sign * double.PositiveInfinity : double.NaN;
        }

        if (exponent == 0 && fraction == 0)
        {
            return sign < 0 ? -0.0 : 0.0;
        }

        return exponent == 0
            ? sign * fraction * Math.Pow(2, -24)
            : sign * (1 + (fraction / 1024.0)) * Math.Pow(2, exponent - 15);
    }

    private static ushort ReadUInt16(byte[] b, int at) => (ushort)(b[at] | (b[at + 1] << 8));

    private static uint ReadUInt32(byte[] b, int at) => (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));

    private static ulong ReadUInt64(byte[] b, int at) => ReadUInt32(b, at) | ((ulong)ReadUInt32(b, at + 4) << 32);
}
