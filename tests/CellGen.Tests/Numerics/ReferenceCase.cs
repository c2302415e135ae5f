using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text.Json;

namespace CellGen.Tests.Numerics;

/// <summary>
/// One case of ReferenceData/: a cell's parameters in PyTorch's layout, an initial state, inputs, and the outputs and
/// final state PyTorch computed in float64 (tools/reference/make_vectors.py).
/// </summary>
public sealed class ReferenceCase
{
    private ReferenceCase(string name, JsonElement root)
    {
        Name = name;
        Kind = root.GetProperty("kind").GetString()!;
        Input = root.GetProperty("input").GetInt32();
        Hidden = root.GetProperty("hidden").GetInt32();
        Output = root.GetProperty("output").GetInt32();
        Steps = root.GetProperty("steps").GetInt32();
        Options = root.GetProperty("options").Clone();
        Parameters = root.GetProperty("params").EnumerateObject().ToDictionary(
            p => p.Name, p => Numbers(p.Value.GetProperty("data")));
        InitialState = Numbers(root.GetProperty("initial_state"));
        Inputs = Numbers(root.GetProperty("inputs"));
        Outputs = Numbers(root.GetProperty("outputs"));
        FinalState = Numbers(root.GetProperty("final_state"));
        OutputWeights = Numbers(root.GetProperty("output_weights"));
        StateWeights = Numbers(root.GetProperty("state_weights"));
        JsonElement gradients = root.GetProperty("gradients");
        ParameterGradients = gradients.GetProperty("params").EnumerateObject().ToDictionary(p => p.Name, p => Numbers(p.Value));
        InputGradients = Numbers(gradients.GetProperty("inputs"));
        InitialStateGradient = Numbers(gradients.GetProperty("initial_state"));
    }

    /// <summary>w in the loss L = Σ w · outputs + Σ v · final state that the gradients are of.</summary>
    public double[] OutputWeights { get; }

    /// <summary>v in the loss L = Σ w · outputs + Σ v · final state.</summary>
    public double[] StateWeights { get; }

    /// <summary>dL/dθ by PyTorch's autograd, in PyTorch's names and layouts.</summary>
    public IReadOnlyDictionary<string, double[]> ParameterGradients { get; }

    /// <summary>dL/dx by autograd, T × I.</summary>
    public double[] InputGradients { get; }

    /// <summary>dL/d(initial state) by autograd.</summary>
    public double[] InitialStateGradient { get; }

    /// <summary>Rearranges values laid out like a cell's parameters into PyTorch's tensors (the inverse of <see cref="LoadInto{T}"/>).</summary>
    public static Dictionary<string, double[]> ToPyTorch(IReadOnlyList<ParameterBlock> layout, ReadOnlySpan<double> values, IReadOnlyDictionary<string, double[]> shapes)
    {
        var tensors = shapes.ToDictionary(p => p.Key, p => new double[p.Value.Length]);
        foreach (ParameterBlock block in layout)
        {
            for (int row = 0; row < block.Rows; row++)
            {
                for (int column = 0; column < block.Columns; column++)
                {
                    int target = block.PyTorchIndex(row, column);
                    tensors[block.PyTorchName][target] = values[block.Index(row, column)];
                }
            }
        }

        return tensors;
    }

    public string Name { get; }

    public string Kind { get; }

    public int Input { get; }

    public int Hidden { get; }

    public int Output { get; }

    public int Steps { get; }

    public JsonElement Options { get; }

    public IReadOnlyDictionary<string, double[]> Parameters { get; }

    public double[] InitialState { get; }

    public double[] Inputs { get; }

    public double[] Outputs { get; }

    public double[] FinalState { get; }

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "ReferenceData");

    public static ReferenceCase Load(string name)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, name + ".json")));
        return new ReferenceCase(name, document.RootElement);
    }

    /// <summary>
    /// Fills a cell's parameters from PyTorch's tensors through the cell's own <see cref="ParameterBlock"/> layout,
    /// and checks that every tensor value was used exactly once.
    /// </summary>
    public void LoadInto<T>(IRecurrentCell<T> cell)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> parameters = cell.Parameters;
        var used = Parameters.ToDictionary(p => p.Key, p => new bool[p.Value.Length]);
        foreach (ParameterBlock block in cell.ParameterLayout)
        {
            double[] tensor = Parameters[block.PyTorchName];
            for (int row = 0; row < block.Rows; row++)
            {
                for (int column = 0; column < block.Columns; column++)
                {
                    int source = block.PyTorchIndex(row, column);
                    parameters[block.Index(row, column)] = T.CreateChecked(tensor[source]);
                    used[block.PyTorchName][source] = true;
                }
            }
        }

        foreach ((string name, bool[] flags) in used)
        {
            if (flags.Contains(false))
            {
                throw new InvalidOperationException($"{Name}: {name} has values no block of the cell reads.");
            }
        }
    }

    public static T[] Convert<T>(double[] values)
        where T : unmanaged, IFloatingPointIeee754<T> => values.Select(T.CreateChecked).ToArray();

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
