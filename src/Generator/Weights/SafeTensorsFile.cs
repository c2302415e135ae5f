using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CellGen.Generator.Weights;

/// <summary>
/// Reads a safetensors file with the same checks as the runtime's reader: header length, UTF-8, JSON, every tensor's
/// dtype, shape and byte range, and ranges that tile the data section exactly. Throws <see cref="FormatException"/>
/// with the reason for anything else.
/// </summary>
internal static class SafeTensorsFile
{
    private const int MaxHeaderLength = 100_000_000;

    public static Dictionary<string, FileTensor> Read(byte[] file)
    {
        if (file.Length < 8)
        {
            throw new FormatException($"it has {N(file.Length)} bytes, fewer than the 8 of the header length");
        }

        ulong headerLength = BitConverter.ToUInt64(BitConverter.IsLittleEndian ? file : file.Take(8).Reverse().ToArray(), 0);
        if (headerLength > MaxHeaderLength || headerLength > (ulong)(file.Length - 8))
        {
            throw new FormatException($"its header length {headerLength.ToString(CultureInfo.InvariantCulture)} exceeds the {N(file.Length - 8)} bytes that follow");
        }

        string header;
        try
        {
            header = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file, 8, (int)headerLength);
        }
        catch (ArgumentException)
        {
            throw new FormatException("its header is not valid UTF-8");
        }

        if (MiniJson.Parse(header) is not List<KeyValuePair<string, object?>> root)
        {
            throw new FormatException("its header is not a JSON object");
        }

        int dataStart = 8 + (int)headerLength;
        long dataLength = file.Length - dataStart;
        var tensors = new Dictionary<string, FileTensor>(StringComparer.Ordinal);
        var ranges = new List<(long Begin, long End, string Name)>();
        foreach (KeyValuePair<string, object?> member in root)
        {
            if (member.Key == "__metadata__")
            {
                continue;
            }

            string name = member.Key;
            if (tensors.ContainsKey(name))
            {
                throw new FormatException($"its header names tensor '{name}' twice");
            }

            var fields = member.Value as List<KeyValuePair<string, object?>>;
            object? dtype = fields?.FirstOrDefault(f => f.Key == "dtype").Value;
            object? shapeValue = fields?.FirstOrDefault(f => f.Key == "shape").Value;
            object? offsetsValue = fields?.FirstOrDefault(f => f.Key == "data_offsets").Value;
            if (dtype is not string storedAs || shapeValue is not List<object?> shapeList || offsetsValue is not List<object?> offsets || offsets.Count != 2)
            {
                throw new FormatException($"tensor '{name}' lacks a dtype, a shape or two data offsets");
            }

            int size = storedAs switch { "F16" or "BF16" => 2, "F32" => 4, "F64" => 8, _ => 0 };
            if (size == 0)
            {
                throw new FormatException($"tensor '{name}' is {storedAs}, not one of the floating-point types F16, BF16, F32 and F64");
            }

            var shape = new int[shapeList.Count];
            long count = 1;
            for (int i = 0; i < shape.Length; i++)
            {
                if (shapeList[i] is not long dimension || dimension < 0 || dimension > int.MaxValue)
                {
                    throw new FormatException($"tensor '{name}' has a shape entry that is not an integer from 0 to {N(int.MaxValue)}");
                }

                shape[i] = (int)dimension;
                count *= dimension;
                if (count > dataLength)
                {
                    throw new FormatException($"tensor '{name}' has more values than the {dataLength.ToString(CultureInfo.InvariantCulture)}-byte data section can hold");
                }
            }

            // begin is bounded before it is added to, so that no sum can wrap around.
            if (offsets[0] is not long begin || offsets[1] is not long end || begin < 0 || begin > dataLength || end != begin + (count * size) || end > dataLength)
            {
                throw new FormatException($"tensor '{name}' has data offsets that do not cover exactly its {(count * size).ToString(CultureInfo.InvariantCulture)} bytes inside the data section");
            }

            ranges.Add((begin, end, name));
            tensors[name] = new FileTensor(name, shape, FileTensor.Decode(file, dataStart + (int)begin, (int)count, storedAs), storedAs);
        }

        long covered = 0;
        foreach ((long begin, long end, string name) in ranges.OrderBy(r => r.Begin).ThenBy(r => r.End))
        {
            if (begin != covered)
            {
                throw new FormatException(begin < covered ? $"tensor '{name}' overlaps the one before it" : $"there are unused bytes before tensor '{name}'");
            }

            covered = end;
        }

        if (covered != dataLength)
        {
            throw new FormatException($"its data section has {(dataLength - covered).ToString(CultureInfo.InvariantCulture)} bytes after the last tensor");
        }

        return tensors;
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
