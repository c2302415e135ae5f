using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace CellGen;

/// <summary>A cell and where it sits in a network, which decides its tensors' names: layer k, forward or reverse.</summary>
/// <param name="Cell">The cell.</param>
/// <param name="Layer">Its layer index k, as in PyTorch's <c>weight_ih_l{k}</c>.</param>
/// <param name="Reverse">Whether it is the reverse direction of a bidirectional layer (<c>_reverse</c> suffix).</param>
public readonly record struct LayerCell<T>(IRecurrentCell<T> Cell, int Layer = 0, bool Reverse = false)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// Weights in the safetensors format (an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
/// shape and byte range, then the raw little-endian data), with PyTorch's state_dict names and layouts:
/// <c>weight_ih_l0</c> [G·H, I], <c>weight_hh_l0_reverse</c>, <c>bias_ih_l1</c>, … (and <c>weight_peephole_l0</c>,
/// <c>weight_out_l0</c>, <c>bias_out_l0</c> for what PyTorch's modules lack). Loading checks the whole file before it
/// changes anything; saving writes a temporary file and renames it over the target.
/// </summary>
public static class SafeTensors
{
    /// <summary>The largest header accepted (100 MB), so that a damaged length cannot make the reader allocate wildly.</summary>
    public const int MaxHeaderLength = 100_000_000;

    /// <summary>Writes the cells' parameters to <paramref name="path"/>, atomically.</summary>
    public static void Save<T>(string path, IReadOnlyList<LayerCell<T>> cells, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        SortedDictionary<string, (int[] Shape, T[] Values)> tensors = ToTensors(cells);
        string dtype = DType<T>();
        int size = Marshal.SizeOf<T>();

        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach ((string key, string value) in metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach ((string name, (int[] shape, T[] values)) in tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (int dimension in shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += (long)values.Length * size;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        // The header is padded with spaces to a multiple of 8 bytes, as the reference writer does, so data is aligned.
        while (header.Length % 8 != 0)
        {
            header.WriteByte((byte)' ');
        }

        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                file.Write(length);
                header.Position = 0;
                header.CopyTo(file);
                foreach ((int[] _, T[] values) in tensors.Values)
                {
                    WriteLittleEndian(file, values);
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// Loads the cells' parameters from <paramref name="path"/>. The file must hold exactly the tensors the cells have,
    /// with the same shapes and dtype; otherwise an <see cref="InvalidDataException"/> names the first mismatch and no
    /// cell is changed.
    /// </summary>
    public static void Load<T>(string path, IReadOnlyList<LayerCell<T>> cells)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        Load(File.ReadAllBytes(path), cells, path);
    }

    /// <summary>As <see cref="Load{T}(string, IReadOnlyList{LayerCell{T}})"/>, from the bytes of a file.</summary>
    public static void Load<T>(ReadOnlySpan<byte> file, IReadOnlyList<LayerCell<T>> cells, string source = "the safetensors data")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SortedDictionary<string, (int[] Shape, T[] Values)> expected = ToTensors(cells);
        string dtype = DType<T>();
        int size = Marshal.SizeOf<T>();
        if (file.Length < 8)
        {
            throw Refuse(source, $"it has {file.Length} bytes, fewer than the 8 of the header length");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > MaxHeaderLength || headerLength > (ulong)(file.Length - 8))
        {
            throw Refuse(source, $"its header length {headerLength} exceeds the {file.Length - 8} bytes that follow (or the {MaxHeaderLength}-byte limit)");
        }

        ReadOnlySpan<byte> data = file.Slice(8 + (int)headerLength);
        var loaded = new Dictionary<string, T[]>();
        var ranges = new List<(long Begin, long End, string Name)>();
        ReadOnlySpan<byte> headerBytes = file.Slice(8, (int)headerLength);
        if (!System.Text.Unicode.Utf8.IsValid(headerBytes))
        {
            throw Refuse(source, "its header is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes.ToArray());
        }
        catch (JsonException error)
        {
            throw Refuse(source, "its header is not valid JSON: " + error.Message);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Refuse(source, "its header is not a JSON object");
            }

            foreach (JsonProperty tensor in document.RootElement.EnumerateObject())
            {
                if (tensor.Name == "__metadata__")
                {
                    continue;
                }

                if (!expected.TryGetValue(tensor.Name, out (int[] Shape, T[] Values) want))
                {
                    throw Refuse(source, $"it holds tensor '{tensor.Name}', which the network does not have (expected: {string.Join(", ", expected.Keys)})");
                }

                if (tensor.Value.ValueKind != JsonValueKind.Object
                    || !tensor.Value.TryGetProperty("dtype", out JsonElement typeElement) || typeElement.ValueKind != JsonValueKind.String
                    || !tensor.Value.TryGetProperty("shape", out JsonElement shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
                    || !tensor.Value.TryGetProperty("data_offsets", out JsonElement offsetElement) || offsetElement.ValueKind != JsonValueKind.Array
                    || offsetElement.GetArrayLength() != 2)
                {
                    throw Refuse(source, $"tensor '{tensor.Name}' lacks a dtype, a shape or two data offsets");
                }

                if (typeElement.GetString() != dtype)
                {
                    throw Refuse(source, $"tensor '{tensor.Name}' is {typeElement.GetString()}, but the network is {dtype}");
                }

                var shape = new List<long>();
                foreach (JsonElement dimension in shapeElement.EnumerateArray())
                {
                    if (dimension.ValueKind != JsonValueKind.Number || !dimension.TryGetInt64(out long value) || value < 0)
                    {
                        throw Refuse(source, $"tensor '{tensor.Name}' has a shape entry that is not a non-negative integer");
                    }

                    shape.Add(value);
                }

                if (!ShapeEquals(shape, want.Shape))
                {
                    throw Refuse(source, $"tensor '{tensor.Name}' has shape [{string.Join(", ", shape)}], but the network needs [{string.Join(", ", want.Shape)}]");
                }

                if (!offsetElement[0].TryGetInt64(out long begin) || !offsetElement[1].TryGetInt64(out long end)
                    || begin < 0 || end != begin + (long)want.Values.Length * size || end > data.Length)
                {
                    throw Refuse(source, $"tensor '{tensor.Name}' has data offsets that do not cover exactly its {want.Values.Length * size} bytes inside the {data.Length}-byte data section");
                }

                ranges.Add((begin, end, tensor.Name));
                loaded[tensor.Name] = ReadLittleEndian<T>(data.Slice((int)begin, (int)(end - begin)));
            }
        }

        foreach (string name in expected.Keys)
        {
            if (!loaded.ContainsKey(name))
            {
                throw Refuse(source, $"tensor '{name}' is missing");
            }
        }

        // The tensors must tile the data section exactly: no overlap, no gap, nothing after the last one.
        ranges.Sort();
        long covered = 0;
        foreach ((long begin, long end, string name) in ranges)
        {
            if (begin != covered)
            {
                throw Refuse(source, begin < covered ? $"tensor '{name}' overlaps the one before it" : $"there are unused bytes before tensor '{name}'");
            }

            covered = end;
        }

        if (covered != data.Length)
        {
            throw Refuse(source, $"its data section has {data.Length - covered} bytes after the last tensor");
        }

        // Everything checked: only now write into the cells.
        foreach (LayerCell<T> entry in cells)
        {
            Span<T> parameters = entry.Cell.Parameters;
            foreach (ParameterBlock block in entry.Cell.ParameterLayout)
            {
                T[] tensor = loaded[TensorName(block.PyTorchName, entry)];
                for (int row = 0; row < block.Rows; row++)
                {
                    for (int column = 0; column < block.Columns; column++)
                    {
                        int at = block.PyTorchIndex(row, column);
                        parameters[block.Offset + row * block.Columns + column] = tensor[at];
                    }
                }
            }
        }
    }

    /// <summary>The state_dict name of a tensor of a cell at a layer and direction.</summary>
    public static string TensorName<T>(string pytorchName, LayerCell<T> cell)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        $"{pytorchName}_l{cell.Layer}{(cell.Reverse ? "_reverse" : "")}";

    private static SortedDictionary<string, (int[] Shape, T[] Values)> ToTensors<T>(IReadOnlyList<LayerCell<T>> cells)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(cells);
        var tensors = new SortedDictionary<string, (int[] Shape, T[] Values)>(StringComparer.Ordinal);
        foreach (LayerCell<T> entry in cells)
        {
            // Gather each PyTorch tensor's extent from the blocks that live in it.
            var lengths = new Dictionary<string, int>();
            foreach (ParameterBlock block in entry.Cell.ParameterLayout)
            {
                lengths[block.PyTorchName] = Math.Max(lengths.GetValueOrDefault(block.PyTorchName), block.PyTorchOffset + block.Length);
            }

            foreach ((string pytorchName, int length) in lengths)
            {
                string name = TensorName(pytorchName, entry);
                if (tensors.ContainsKey(name))
                {
                    throw new ArgumentException($"Two cells would both write '{name}': give each cell its own layer and direction.", nameof(cells));
                }

                tensors[name] = (Shape(pytorchName, length, entry.Cell), new T[length]);
            }

            ReadOnlySpan<T> parameters = entry.Cell.Parameters;
            foreach (ParameterBlock block in entry.Cell.ParameterLayout)
            {
                T[] tensor = tensors[TensorName(block.PyTorchName, entry)].Values;
                for (int row = 0; row < block.Rows; row++)
                {
                    for (int column = 0; column < block.Columns; column++)
                    {
                        int at = block.PyTorchIndex(row, column);
                        tensor[at] = parameters[block.Offset + row * block.Columns + column];
                    }
                }
            }
        }

        return tensors;
    }

    /// <summary>PyTorch's shapes: weights [rows of units, inputs]; vectors [n]; peepholes [3, H].</summary>
    private static int[] Shape<T>(string pytorchName, int length, IRecurrentCell<T> cell)
        where T : unmanaged, IFloatingPointIeee754<T> => pytorchName switch
    {
        "weight_ih" => new[] { length / cell.InputSize, cell.InputSize },
        "weight_hh" => new[] { cell.HiddenSize * (length / (cell.HiddenSize * Recurrent(cell))), Recurrent(cell) },
        "weight_out" => new[] { cell.OutputSize, cell.HiddenSize },
        "weight_peephole" => new[] { 3, cell.HiddenSize },
        _ => new[] { length },
    };

    /// <summary>The width of weight_hh's rows: H, or the output size for a Jordan network (its memory is y).</summary>
    private static int Recurrent<T>(IRecurrentCell<T> cell)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (ParameterBlock block in cell.ParameterLayout)
        {
            if (block.PyTorchName == "weight_hh")
            {
                return block.Rows;
            }
        }

        return cell.HiddenSize;
    }

    private static bool ShapeEquals(List<long> shape, int[] expected)
    {
        if (shape.Count != expected.Length)
        {
            return false;
        }

        for (int i = 0; i < expected.Length; i++)
        {
            if (shape[i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }

    private static string DType<T>() => typeof(T) == typeof(float) ? "F32" : "F64";

    private static void WriteLittleEndian<T>(Stream stream, T[] values)
        where T : unmanaged
    {
        byte[] bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEach(bytes, Marshal.SizeOf<T>());
        }

        stream.Write(bytes);
    }

    private static T[] ReadLittleEndian<T>(ReadOnlySpan<byte> bytes)
        where T : unmanaged
    {
        byte[] copy = bytes.ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEach(copy, Marshal.SizeOf<T>());
        }

        return MemoryMarshal.Cast<byte, T>(copy).ToArray();
    }

    private static void ReverseEach(byte[] bytes, int size)
    {
        for (int i = 0; i < bytes.Length; i += size)
        {
            Array.Reverse(bytes, i, size);
        }
    }

    private static InvalidDataException Refuse(string source, string reason) =>
        new($"{source} was refused, and no weights were changed: {reason}.");
}
