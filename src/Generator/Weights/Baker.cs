using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using CellGen.Generator.Diagnostics;
using CellGen.Generator.Emit;
using CellGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CellGen.Generator.Weights;

/// <summary>A weights file handed to the generator: its original name and its bytes, base64-encoded by CellGen's build targets.</summary>
internal sealed record WeightsFile(string Name, string Base64)
{
    /// <summary>The extension CellGen's build targets give the encoded copy of a <c>CellGenWeights</c> item.</summary>
    public const string EncodedExtension = ".cellgen-base64";

    public static bool IsEncoded(string path) => path.EndsWith(EncodedExtension, StringComparison.OrdinalIgnoreCase);

    public static WeightsFile? From(AdditionalText text, CancellationToken cancellationToken)
    {
        string name = Baker.FileName(text.Path);
        string? content = text.GetText(cancellationToken)?.ToString();
        return content is null ? null : new WeightsFile(name.Substring(0, name.Length - EncodedExtension.Length), content.Trim());
    }
}

/// <summary>
/// A cell to emit with its baked parameters (little-endian, in storage order), or the problem that stopped the baking.
/// The problem has no location: the pipeline adds the Weights argument's when it reports it, so that moving the
/// attribute in its file does not read the weights again.
/// </summary>
internal sealed record BakeResult(CellSpec Spec, EquatableArray<byte> Parameters, string Source, DiagnosticInfo? Problem);

/// <summary>
/// Reads the weights file an attribute names, checks it against the cell, and lays its values out as the cell stores
/// them. Every problem becomes a diagnostic at the <c>Weights</c> argument; nothing here throws out of the generator.
/// </summary>
internal static class Baker
{
    public static BakeResult Bake(CellSpec spec, ImmutableArray<WeightsFile?> files, CancellationToken cancellationToken)
    {
        WeightsRequest request = spec.Weights!;
        string name = FileName(request.File);
        // The build targets refuse two weights files of one name, so a match ignoring case is unambiguous on every system.
        WeightsFile? file = files.FirstOrDefault(f => f is not null && string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        if (file is null)
        {
            string given = files.Length == 0
                ? " (it was given none)"
                : " (it was given " + string.Join(", ", files.Where(f => f is not null).Select(f => f!.Name)) + ")";
            return Failed(spec, DiagnosticDescriptors.WeightsFileNotFound, request.File, given);
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(file.Base64);
        }
        catch (FormatException)
        {
            return Failed(spec, DiagnosticDescriptors.WeightsFileDamaged, name, "its encoded copy in the build's intermediate folder is not base64 (rebuild to remake it)");
        }

        cancellationToken.ThrowIfCancellationRequested();
        string attribute = CellEmitter.AttributeText(spec);
        try
        {
            bool onnx = name.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);
            Dictionary<string, double[]> pytorch = onnx
                ? OnnxFile.ReadCell(bytes, spec, request)
                : FromSafeTensors(SafeTensorsFile.Read(bytes), spec, request);
            double[] parameters = Lay(spec, pytorch);
            string source = onnx
                ? $"{name}, recurrent node {N(request.Layer)}{(request.Reverse ? ", reverse direction" : "")}"
                : $"{name}, {FormatName(request.Format)} layout, tensors {request.Prefix}…{request.Suffix}";
            return new BakeResult(spec, new EquatableArray<byte>(Encode(spec, parameters).ToImmutableArray()), source, null);
        }
        catch (FormatException damaged)
        {
            return Failed(spec, DiagnosticDescriptors.WeightsFileDamaged, name, damaged.Message);
        }
        catch (MismatchException mismatch)
        {
            return Failed(spec, DiagnosticDescriptors.WeightsMismatch, name, attribute, mismatch.Message);
        }
    }

    /// <summary>The cell's tensors in PyTorch's layout, from a safetensors file in any of the three layouts.</summary>
    private static Dictionary<string, double[]> FromSafeTensors(Dictionary<string, FileTensor> file, CellSpec spec, WeightsRequest request)
    {
        var tensors = new Dictionary<string, FileTensor>(StringComparer.Ordinal);
        foreach ((string name, int[] shape) in Layouts.Expected(spec, request.Format))
        {
            string full = request.Prefix + name + request.Suffix;
            if (!file.TryGetValue(full, out FileTensor? tensor))
            {
                if (request.Format == WeightsRequest.Onnx && name is "B" or "P")
                {
                    continue;
                }

                string near = string.Join(", ", file.Keys.Where(k => k.EndsWith(request.Suffix, StringComparison.Ordinal)).Take(8));
                throw new MismatchException($"tensor '{full}' {FileTensor.ShapeToText(shape)} is missing{(near.Length > 0 ? " (the file has " + near + ")" : " (set WeightsFormat, WeightsLayer, WeightsReverse or WeightsPrefix to where the cell is)")}");
            }

            if (!tensor.Shape.SequenceEqual(shape))
            {
                throw new MismatchException($"tensor '{full}' has shape {tensor.ShapeText}, but the cell needs {FileTensor.ShapeToText(shape)}");
            }

            RequireExact(spec, tensor);
            tensors[name] = tensor;
        }

        // A tensor the declared cell lacks must not be dropped unnoticed: a bias of a Bias = false cell is refused unless zero.
        foreach ((string name, string declared) in Layouts.Absent(spec, request.Format))
        {
            if (file.TryGetValue(request.Prefix + name + request.Suffix, out FileTensor? extra) && extra.Values.Any(v => v != 0))
            {
                throw new MismatchException($"the file has tensor '{extra.Name}', but the cell was declared with {declared}: declare the cell with it, or take another layer");
            }
        }

        return Layouts.ToPyTorch(spec, request.Format, tensors.ToDictionary(t => t.Key, t => t.Value.Values));
    }

    /// <summary>F64 values would be rounded in a float cell: refused, as the runtime's loaders refuse them.</summary>
    public static void RequireExact(CellSpec spec, FileTensor tensor)
    {
        if (spec.Element == ElementKind.Float && tensor.StoredAs == "F64")
        {
            throw new MismatchException($"tensor '{tensor.Name}' is F64, which would be rounded to float; declare ElementType = typeof(double), or save the file in float32");
        }
    }

    /// <summary>Places PyTorch-layout tensors into storage order, block by block.</summary>
    private static double[] Lay(CellSpec spec, Dictionary<string, double[]> pytorch)
    {
        IReadOnlyList<Block> blocks = ParameterLayout.For(spec);
        var parameters = new double[ParameterLayout.Count(blocks)];
        foreach (Block block in blocks)
        {
            double[] tensor = pytorch[block.PyTorchName];
            for (int row = 0; row < block.Rows; row++)
            {
                for (int column = 0; column < block.Columns; column++)
                {
                    int at = block.PyTorchOffset + (block.Transposed ? (column * block.Rows) + row : (row * block.Columns) + column);
                    parameters[block.Index(row, column)] = tensor[at];
                }
            }
        }

        return parameters;
    }

    /// <summary>The parameters as the cell's element type, little-endian: what the generated class copies at construction.</summary>
    private static byte[] Encode(CellSpec spec, double[] parameters)
    {
        int size = spec.ElementBytes;
        var bytes = new byte[parameters.Length * size];
        for (int i = 0; i < parameters.Length; i++)
        {
            byte[] value = size == 4 ? BitConverter.GetBytes((float)parameters[i]) : BitConverter.GetBytes(parameters[i]);
            if (!BitConverter.IsLittleEndian)
            {
                Array.Reverse(value);
            }

            Buffer.BlockCopy(value, 0, bytes, i * size, size);
        }

        return bytes;
    }

    /// <summary>The part after the last slash or backslash: Path.GetFileName throws on some characters on .NET Framework hosts.</summary>
    public static string FileName(string path) => path.Substring(path.LastIndexOfAny(new[] { '/', '\\' }) + 1);

    private static string FormatName(int format) => format switch
    {
        WeightsRequest.Keras => "Keras",
        WeightsRequest.Onnx => "ONNX",
        _ => "PyTorch",
    };

    private static BakeResult Failed(CellSpec spec, DiagnosticDescriptor descriptor, params string[] arguments) =>
        new(spec, EquatableArray<byte>.Empty, "", new DiagnosticInfo(descriptor.Id, null, new EquatableArray<string>(arguments.ToImmutableArray())));

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A weights file that is sound but is not the cell's: the message names the first mismatch.</summary>
internal sealed class MismatchException : Exception
{
    public MismatchException(string message)
        : base(message)
    {
    }
}
