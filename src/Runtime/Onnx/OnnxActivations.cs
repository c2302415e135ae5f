using System;
using System.Collections.Generic;

namespace CellGen;

/// <summary>CellGen's activations as ONNX names them, in the recurrent operators' <c>activations</c> and as operators.</summary>
internal static class OnnxActivations
{
    /// <summary>The activations of one direction, in ONNX's order: LSTM f, g, h; GRU f, g; RNN f.</summary>
    public static Activation[] Of(CellDefinition d) => d.Kind switch
    {
        CellKind.Lstm => new[] { d.GateActivation, d.CandidateActivation, d.CellActivation },
        CellKind.Gru => new[] { d.GateActivation, d.CandidateActivation },
        _ => new[] { d.Activation },
    };

    /// <summary>The defaults ONNX assumes when a node has no <c>activations</c>.</summary>
    public static Activation[] Defaults(CellKind kind) => kind switch
    {
        CellKind.Lstm => new[] { Activation.Sigmoid, Activation.Tanh, Activation.Tanh },
        CellKind.Gru => new[] { Activation.Sigmoid, Activation.Tanh },
        _ => new[] { Activation.Tanh },
    };

    /// <summary>ONNX's name; Linear is ONNX's Affine with alpha 1 and beta 0.</summary>
    public static string Name(Activation activation) => activation switch
    {
        Activation.Linear => "Affine",
        _ => activation.ToString(),
    };

    /// <summary>Whether ONNX reads an alpha and a beta for the activation from <c>activation_alpha</c> and <c>activation_beta</c>.</summary>
    public static bool TakesParameters(Activation activation) => activation is Activation.Linear or Activation.HardSigmoid;

    /// <summary>CellGen's alpha and beta: Affine 1 and 0; HardSigmoid 0.2 and 0.5 (ONNX's defaults).</summary>
    public static (float Alpha, float Beta) Parameters(Activation activation) =>
        activation == Activation.HardSigmoid ? (0.2f, 0.5f) : (1f, 0f);

    /// <summary>
    /// Reads the activations of a node, matching names case-insensitively as ONNX Runtime does. Returns null, with the
    /// reason, for one CellGen has no form of (ScaledTanh, an Affine that is not the identity, …).
    /// </summary>
    public static Activation[]? Parse(IReadOnlyList<string> names, IReadOnlyList<float> alphas, IReadOnlyList<float> betas, out string? reason)
    {
        reason = null;
        var result = new Activation[names.Count];
        int parameter = 0;
        for (int i = 0; i < names.Count; i++)
        {
            Activation? parsed = names[i].ToLowerInvariant() switch
            {
                "sigmoid" => Activation.Sigmoid,
                "tanh" => Activation.Tanh,
                "relu" => Activation.Relu,
                "softsign" => Activation.Softsign,
                "hardsigmoid" => Activation.HardSigmoid,
                "affine" => Activation.Linear,
                _ => null,
            };
            if (parsed is not Activation activation)
            {
                reason = $"activation {names[i]} has no CellGen form (CellGen has Sigmoid, Tanh, Relu, Softsign, HardSigmoid and Affine(1, 0))";
                return null;
            }

            if (TakesParameters(activation))
            {
                (float alpha, float beta) = Parameters(activation);
                if (activation == Activation.Linear && (parameter >= alphas.Count || parameter >= betas.Count))
                {
                    // ONNX Runtime reads a missing Affine alpha and beta as 0, which makes the activation 0, not the identity.
                    reason = $"activation {names[i]} has no activation_alpha and activation_beta; CellGen's Linear is Affine with alpha 1 and beta 0 given";
                    return null;
                }

                float givenAlpha = parameter < alphas.Count ? alphas[parameter] : alpha;
                float givenBeta = parameter < betas.Count ? betas[parameter] : beta;
                parameter++;
                if (givenAlpha != alpha || givenBeta != beta)
                {
                    reason = $"activation {names[i]} has alpha {givenAlpha} and beta {givenBeta}, and CellGen's {activation} is alpha {alpha}, beta {beta}";
                    return null;
                }
            }

            result[i] = activation;
        }

        return result;
    }
}
