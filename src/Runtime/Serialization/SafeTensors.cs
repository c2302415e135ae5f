using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
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
/// shape and byte range, then the raw little-endian data). Tensor names are a <see cref="WeightFormat"/>'s names with
/// PyTorch's suffix for layer and direction: <c>weight_ih_l0</c>, <c>bias_hh_l1_reverse</c>, <c>kernel_l0</c>,
/// <c>recurrent_kernel_l1_reverse</c>, … (CellGen adds <c>weight_peephole</c>, <c>weight_out</c> and <c>bias_out</c>
/// for what PyTorch's modules lack). Loading checks the whole file before it changes anything; saving writes a
/// temporary file and renames it over the target.
/// </summary>
public static class SafeTensors
{
    /// <summary>The largest header accepted (100 MB), so that a damaged length cannot make the reader allocate wildly.</summary>
    public const int MaxHeaderLength = 100_000_000;

    /// <summary>Writes the cells' parameters to <paramref name="path"/>, atomically, in PyTorch's layout.</summary>
    public static void Save<T>(string path, IReadOnlyList<LayerCell<T>> cells, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T> => Save(path, cells, WeightFormat.PyTorch, metadata);

    /// <summary>Writes the cells' parameters to <paramref name="path"/>, atomically, in <paramref name="format"/>'s layout.</summary>
    /// <exception cref="NotSupportedException">The format has no place for one of the cells (see <see cref="CellWeights.Export{T}"/>).</exception>
    public static void Save<T>(string path, IReadOnlyList<LayerCell<T>> cells, WeightFormat format, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        Write(path, NetworkTensors(cells, format).Select(p => p.Value.Tensor with { Name = p.Key }), metadata);
    }

    /// <summary>Writes named tensors to <paramref name="path"/>, atomically, sorted by name.</summary>
    public static void Write<T>(string path, IEnumerable<WeightTensor<T>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var sorted = new SortedDictionary<string, WeightTensor<T>>(StringComparer.Ordinal);
        foreach (WeightTensor<T> tensor in tensors)
        {
            tensor.Validate("SafeTensors.Write");
            if (!sorted.TryAdd(tensor.Name, tensor))
            {
                throw new ArgumentException($"Tensor '{tensor.Name}' is given twice.", nameof(tensors));
            }
        }

        string dtype = DType<T>();
        int size = Unsafe.SizeOf<T>();
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
            foreach (WeightTensor<T> tensor in sorted.Values)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (int dimension in tensor.Shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += (long)tensor.Values.Length * size;
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

        AtomicFile.Write(path, file =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            file.Write(length);
            header.Position = 0;
            header.CopyTo(file);
            foreach (WeightTensor<T> tensor in sorted.Values)
            {
                file.Write(LittleEndian.Bytes(tensor.Values));
            }
        });
    }

    /// <summary>
    /// Loads the cells' parameters from <paramref name="path"/>, in PyTorch's layout. The file must hold exactly the
    /// tensors the cells have, with the same shapes; otherwise an <see cref="InvalidDataException"/> names the first
    /// mismatch and no cell is changed.
    /// </summary>
    public static void Load<T>(string path, IReadOnlyList<LayerCell<T>> cells)
        where T : unmanaged, IFloatingPointIeee754<T> => Load(path, cells, WeightFormat.PyTorch);

    /// <summary>
    /// Loads the cells' parameters from <paramref name="path"/>, in <paramref name="format"/>'s layout. Values stored
    /// in a narrower type (F16, BF16, F32 for a double network) are widened exactly; F64 into a float network is refused.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="cells">The cells to fill, with their layers and directions.</param>
    /// <param name="format">The layout and names of the file's tensors.</param>
    /// <param name="prefix">
    /// Where the network's tensors sit in a larger state_dict (<c>"rnn."</c> for <c>rnn.weight_ih_l0</c>): only the
    /// tensors whose names start with it are read, and those must be exactly the network's. Empty: the whole file.
    /// </param>
    /// <param name="requireFinite">Refuse the file if a weight is NaN or infinite.</param>
    /// <exception cref="InvalidDataException">The file is damaged or does not hold these cells' weights. No cell was changed.</exception>
    public static void Load<T>(string path, IReadOnlyList<LayerCell<T>> cells, WeightFormat format, string prefix = "", bool requireFinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        Load(File.ReadAllBytes(path), cells, path, format, prefix, requireFinite);
    }

    /// <summary>As <see cref="Load{T}(string, IReadOnlyList{LayerCell{T}}, WeightFormat, string, bool)"/>, from the bytes of a file.</summary>
    public static void Load<T>(ReadOnlySpan<byte> file, IReadOnlyList<LayerCell<T>> cells, string source = "the safetensors data", WeightFormat format = WeightFormat.PyTorch, string prefix = "", bool requireFinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(prefix);
        SortedDictionary<string, (int Cell, WeightTensor<T> Tensor)> expected = NetworkTensors(cells, format);
        Dictionary<string, WeightTensor<T>> loaded = Read<T>(file, source, name => name.StartsWith(prefix, StringComparison.Ordinal));

        // Each file tensor goes to the cell that owns its name, under the name the cell's format gives it.
        var owned = new List<WeightTensor<T>>[cells.Count];
        for (int c = 0; c < owned.Length; c++)
        {
            owned[c] = new List<WeightTensor<T>>();
        }

        foreach ((string fullName, WeightTensor<T> tensor) in loaded)
        {
            if (!expected.TryGetValue(fullName[prefix.Length..], out (int Cell, WeightTensor<T> Tensor) want))
            {
                throw Refuse(source, $"it holds tensor '{fullName}', which the network does not have (expected: {string.Join(", ", expected.Keys.Select(k => prefix + k))})");
            }

            if (!tensor.Shape.AsSpan().SequenceEqual(want.Tensor.Shape))
            {
                throw Refuse(source, $"tensor '{fullName}' has shape {tensor.ShapeText}, but the network needs {want.Tensor.ShapeText}");
            }

            owned[want.Cell].Add(tensor with { Name = want.Tensor.Name });
        }

        foreach ((string name, (int cell, WeightTensor<T> tensor)) in expected)
        {
            bool optional = format == WeightFormat.Onnx && tensor.Name is "B" or "P";
            if (!optional && !owned[cell].Any(t => t.Name == tensor.Name))
            {
                throw Refuse(source, $"tensor '{prefix + name}' is missing");
            }
        }

        // Everything is read: convert every cell's tensors (which checks their values) before writing into any cell.
        var parameters = new T[cells.Count][];
        for (int c = 0; c < cells.Count; c++)
        {
            try
            {
                parameters[c] = CellWeights.Prepare(cells[c].Cell, format, owned[c], requireFinite, source);
            }
            catch (ArgumentException error)
            {
                throw Refuse(source, error.Message);
            }
        }

        for (int c = 0; c < cells.Count; c++)
        {
            parameters[c].CopyTo(cells[c].Cell.Parameters);
        }
    }

    /// <summary>
    /// Reads every tensor of a safetensors file, widened to <typeparamref name="T"/> where stored narrower, after checking
    /// the whole file: for tools that take tensors by name (<see cref="CellWeights.Import{T}"/> with names of your own).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is damaged, or holds a type that does not convert exactly to <typeparamref name="T"/>.</exception>
    public static IReadOnlyList<WeightTensor<T>> ReadTensors<T>(string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read<T>(File.ReadAllBytes(path), path, _ => true).Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The state_dict name of a tensor of a cell at a layer and direction.</summary>
    public static string TensorName<T>(string name, LayerCell<T> cell)
        where T : unmanaged, IFloatingPointIeee754<T> => name + Suffix(cell);

    private static string Suffix<T>(LayerCell<T> cell)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        $"_l{cell.Layer.ToString(CultureInfo.InvariantCulture)}{(cell.Reverse ? "_reverse" : "")}";

    /// <summary>All tensors of the network in <paramref name="format"/>, by their names in the file, with the index of the cell that owns each.</summary>
    private static SortedDictionary<string, (int Cell, WeightTensor<T> Tensor)> NetworkTensors<T>(IReadOnlyList<LayerCell<T>> cells, WeightFormat format)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(cells);
        var tensors = new SortedDictionary<string, (int Cell, WeightTensor<T> Tensor)>(StringComparer.Ordinal);
        for (int c = 0; c < cells.Count; c++)
        {
            LayerCell<T> entry = cells[c];
            ArgumentNullException.ThrowIfNull(entry.Cell, nameof(cells));
            foreach (WeightTensor<T> tensor in CellWeights.Export(entry.Cell, format))
            {
                string name = TensorName(tensor.Name, entry);
                if (!tensors.TryAdd(name, (c, tensor)))
                {
                    throw new ArgumentException($"Two cells would both write '{name}': give each cell its own layer and direction.", nameof(cells));
                }
            }
        }

        return tensors;
    }

    /// <summary>Parses and checks a whole file, returning the tensors whose names <paramref name="wanted"/> accepts.</summary>
    private static Dictionary<string, WeightTensor<T>> Read<T>(ReadOnlySpan<byte> file, string source, Func<string, bool> wanted)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
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

        var result = new Dictionary<string, WeightTensor<T>>(StringComparer.Ordinal);
        var ranges = new List<(long Begin, long End, string Name)>();
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Refuse(source, "its header is not a JSON object");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty tensor in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(tensor.Name))
                {
                    throw Refuse(source, $"its header names tensor '{tensor.Name}' twice");
                }

                if (tensor.Name == "__metadata__")
                {
                    continue;
                }

                if (tensor.Value.ValueKind != JsonValueKind.Object
                    || !tensor.Value.TryGetProperty("dtype", out JsonElement typeElement) || typeElement.ValueKind != JsonValueKind.String
                    || !tensor.Value.TryGetProperty("shape", out JsonElement shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
                    || !tensor.Value.TryGetProperty("data_offsets", out JsonElement offsetElement) || offsetElement.ValueKind != JsonValueKind.Array
                    || offsetElement.GetArrayLength() != 2)
                {
                    throw Refuse(source, $"tensor '{tensor.Name}' lacks a dtype, a shape or two data offsets");
                }

                string dtype = typeElement.GetString()!;
                int size = dtype switch { "F16" or "BF16" => 2, "F32" => 4, "F64" => 8, _ => 0 };
                if (size == 0)
                {
                    throw Refuse(source, $"tensor '{tensor.Name}' is {dtype}, not one of the floating-point types F16, BF16, F32 and F64");
                }

                var shape = new List<int>();
                long count = 1;
                foreach (JsonElement dimension in shapeElement.EnumerateArray())
                {
                    if (dimension.ValueKind != JsonValueKind.Number || !dimension.TryGetInt32(out int value) || value < 0)
                    {
                        throw Refuse(source, $"tensor '{tensor.Name}' has a shape entry that is not an integer from 0 to {int.MaxValue}");
                    }

                    shape.Add(value);
                    count *= value;
                    if (count > data.Length)
                    {
                        throw Refuse(source, $"tensor '{tensor.Name}' has shape [{string.Join(", ", shape)}…], more values than the {data.Length}-byte data section can hold");
                    }
                }

                // begin is bounded before it is added to, so that no sum can wrap around.
                if (offsetElement[0].ValueKind != JsonValueKind.Number || offsetElement[1].ValueKind != JsonValueKind.Number
                    || !offsetElement[0].TryGetInt64(out long begin) || !offsetElement[1].TryGetInt64(out long end)
                    || begin < 0 || begin > data.Length || end != begin + (count * size) || end > data.Length)
                {
                    throw Refuse(source, $"tensor '{tensor.Name}' has data offsets that do not cover exactly its {count * size} bytes inside the {data.Length}-byte data section");
                }

                ranges.Add((begin, end, tensor.Name));
                if (wanted(tensor.Name))
                {
                    T[] values = LittleEndian.Read<T>(data.Slice((int)begin, (int)(end - begin)), dtype, out string? refusal);
                    if (refusal is not null)
                    {
                        throw Refuse(source, $"tensor '{tensor.Name}' is {dtype}, but the network is {DType<T>()}: {refusal}");
                    }

                    result[tensor.Name] = new WeightTensor<T>(tensor.Name, shape.ToArray(), values);
                }
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

        return result;
    }

    private static string DType<T>() => typeof(T) == typeof(float) ? "F32" : "F64";

    private static InvalidDataException Refuse(string source, string reason) =>
        new($"{source} was refused, and no weights were changed: {reason.TrimEnd('.')}.");
}
