using CellGen.Generator.Model;

namespace CellGen.Generator.Emit;

/// <summary>Emits the hidden layer of the simple (Elman) RNN and of the Jordan network at one width.</summary>
internal static class SimpleKernel
{
    /// <summary>
    /// h(t) = act(W x(t) + b_ih + U m + b_hh), where the memory m is h(t−1) (Elman, <paramref name="memory"/> = <c>h</c>)
    /// or y(t−1) (Jordan, <c>y</c>), written to <paramref name="destination"/>.
    /// </summary>
    public static void EmitHidden(KernelWriter k, string memory, string memorySize, string destination)
    {
        CellSpec s = k.Spec;
        string memoryName = memory == "y" ? "y(t−1)" : "h(t−1)";
        k.TiledProducts("HiddenSize", s.Hidden,
            new[] { $"h(t) = {KernelWriter.Formula(s.Activation, $"W x(t) + b_ih + U {memoryName} + b_hh")}, starting from the biases." },
            new[] { ("preActivation", k.Biases("InputBias", "RecurrentBias")) },
            new[]
            {
                new Product("+= W x(t): each input value scales one row of the input weights.",
                    "InputSize", "x", "inputValue", "HiddenSize", new[] { ("preActivation", "InputWeights") }),
                new Product($"+= U {memoryName}, the same way.",
                    memorySize, memory, "memoryValue", "HiddenSize", new[] { ("preActivation", "RecurrentWeights") }),
            },
            () =>
        {
            k.RecordPreviousHidden();
            if (s.Clip > 0)
            {
                k.Record("preActivation", "PreActivation");
            }

            k.Clip("preActivation");
            k.W.Line($"{k.V.Type} hidden = {KernelWriter.Apply(s.Activation, "preActivation")};");
            k.W.Line(k.V.Store("hidden", destination, "j"));
            k.Record("hidden", "Hidden");
        });
    }
}
