using CellGen.Generator.Model;

namespace CellGen.Generator.Emit;

/// <summary>Emits the dense output layer y(t) = act(V h(t) + b_out) at one width.</summary>
internal static class DenseOutputKernel
{
    public static void EmitProjection(KernelWriter k)
    {
        CellSpec s = k.Spec;
        k.TiledProducts("OutputSize", s.Output,
            new string[0],
            new[] { ("outputValue", k.Biases("OutputBias")) },
            new[]
            {
                new Product("+= V h(t): each hidden value scales one row of the output weights.",
                    "HiddenSize", "hidden", "hiddenValue", "OutputSize", new[] { ("outputValue", "OutputWeights") }),
            },
            () =>
        {
            if (s.OutputActivation != ActivationKind.Softmax)
            {
                k.Activate("outputValue", s.OutputActivation);
            }

            k.W.Line(k.V.Store("outputValue", "y", "j"));
        });
    }
}
