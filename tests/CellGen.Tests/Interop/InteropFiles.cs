using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace CellGen.Tests.Interop;

/// <summary>The files tools/reference/make_interop_files.py made with PyTorch, and the outputs PyTorch gave on them.</summary>
internal static class InteropFiles
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "ReferenceData", "interop", name);

    /// <summary>The input sequence and PyTorch's outputs of a case.</summary>
    public static (double[] Input, double[] Output) Sequence(string @case)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(PathOf(@case + ".json")));
        double[] Read(string name) => json.RootElement.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
        return (Read("input"), Read("output"));
    }

    public static float[] Floats(double[] values) => values.Select(v => (float)v).ToArray();

    /// <summary>Runs a cell over the case's input from a zero state and returns the largest difference from PyTorch's outputs.</summary>
    public static double Error<T>(IRecurrentCell<T> cell, string @case)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        (double[] input, double[] expected) = Sequence(@case);
        T[] outputs = new T[expected.Length];
        cell.Forward(input.Select(T.CreateChecked).ToArray(), new T[cell.StateSize], outputs);
        return MaxError(outputs, expected);
    }

    public static double MaxError<T>(T[] actual, double[] expected)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (actual.Length != expected.Length)
        {
            throw new ArgumentException($"{actual.Length} values, expected {expected.Length}.");
        }

        return actual.Select((v, i) => Math.Abs(double.CreateChecked(v) - expected[i])).Max();
    }
}

[LstmCell(Input = 3, Hidden = 5)]
public partial class TorchLstm { }

[GruCell(Input = 3, Hidden = 5)]
public partial class TorchGru { }

[RnnCell(Input = 2, Hidden = 4)]
public partial class TorchRnn { }

[LstmCell(Input = 3, Hidden = 4)]
public partial class TorchStackFirst { }

[LstmCell(Input = 8, Hidden = 4)]
public partial class TorchStackSecond { }

[LstmCell(Input = 2, Hidden = 4, ElementType = typeof(double))]
public partial class TorchLstmDouble { }

[GruCell(Input = 3, Hidden = 4, ResetAfter = false)]
public partial class KerasGruResetBefore { }
