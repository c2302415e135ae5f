using System;
using System.Buffers.Binary;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;

namespace CellGen;

/// <summary>Writes a file whole or not at all: into a temporary file beside it, flushed, then renamed over the target.</summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(file);
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
}

/// <summary>Little-endian floating-point data, as safetensors and ONNX store it, whatever the machine's byte order.</summary>
internal static class LittleEndian
{
    /// <summary>The bytes of <paramref name="values"/>, little-endian.</summary>
    public static byte[] Bytes<T>(T[] values)
        where T : unmanaged
    {
        byte[] bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            int size = Marshal.SizeOf<T>();
            for (int i = 0; i < bytes.Length; i += size)
            {
                Array.Reverse(bytes, i, size);
            }
        }

        return bytes;
    }

    /// <summary>
    /// Reads values stored as <paramref name="dtype"/> (F16, BF16, F32 or F64) into <typeparamref name="T"/>. Every
    /// narrower type widens exactly; F64 into float would round, so it is refused with the reason in <paramref name="refusal"/>.
    /// </summary>
    public static T[] Read<T>(ReadOnlySpan<byte> bytes, string dtype, out string? refusal)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        refusal = null;
        switch (dtype)
        {
            case "F16":
            {
                var values = new T[bytes.Length / 2];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = T.CreateChecked((float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(2 * i))));
                }

                return values;
            }

            case "BF16":
            {
                var values = new T[bytes.Length / 2];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = T.CreateChecked(BitConverter.UInt32BitsToSingle((uint)BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(2 * i)) << 16));
                }

                return values;
            }

            case "F32":
            {
                var values = new T[bytes.Length / 4];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = T.CreateChecked(BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i)));
                }

                return values;
            }

            default:
            {
                if (typeof(T) != typeof(double))
                {
                    refusal = "F64 would be rounded to float; load it into a double cell, or convert the file to F32";
                    return Array.Empty<T>();
                }

                var values = new T[bytes.Length / 8];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = T.CreateChecked(BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(8 * i)));
                }

                return values;
            }
        }
    }
}
