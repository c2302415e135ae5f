using System;
using System.Collections.Generic;
using System.Numerics;

namespace CellGen;

/// <summary>The frameworks whose weight layouts CellGen converts to and from.</summary>
public enum WeightFormat
{
    /// <summary>
    /// PyTorch's state_dict: <c>weight_ih</c> [G·H, I], <c>weight_hh</c> [G·H, H], <c>bias_ih</c> and <c>bias_hh</c> [G·H];
    /// gates LSTM i, f, g, o and GRU r, z, n. CellGen adds <c>weight_peephole</c> [3, H] (i, f, o), <c>weight_out</c> [O, H]
    /// and <c>bias_out</c> [O] for what PyTorch's modules lack.
    /// </summary>
    PyTorch,

    /// <summary>
    /// Keras: <c>kernel</c> [I, G·H], <c>recurrent_kernel</c> [H, G·H], <c>bias</c> [G·H] (GRU with reset_after: [2, 3H],
    /// input biases then recurrent ones); gates LSTM i, f, c, o and GRU z, r, h; a Dense head as <c>dense_kernel</c> [H, O]
    /// and <c>dense_bias</c> [O]. Keras has one bias where PyTorch has two (except the reset-after GRU): exporting writes
    /// their sum, importing puts it in the input bias and zeros in the recurrent one.
    /// </summary>
    Keras,

    /// <summary>
    /// ONNX's LSTM, GRU and RNN operators: <c>W</c> [D, G·H, I], <c>R</c> [D, G·H, H], <c>B</c> [D, 2·G·H] (input biases then
    /// recurrent ones), <c>P</c> [D, 3H]; gates LSTM i, o, f, c (peepholes i, o, f) and GRU z, r, h; a dense head as
    /// <c>output_weight</c> [H, O] (MatMul's layout) and <c>output_bias</c> [O]. One cell is one direction: D = 1.
    /// </summary>
    Onnx,
}

/// <summary>A named array of weights with its shape, row-major, as frameworks exchange them.</summary>
/// <param name="Name">The tensor's name in its format (<c>weight_ih</c>, <c>kernel</c>, <c>W</c>, …).</param>
/// <param name="Shape">Its dimensions, outermost first.</param>
/// <param name="Values">Its values, row-major (C order); as many as the shape's product.</param>
public sealed record WeightTensor<T>(string Name, int[] Shape, T[] Values)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The shape as text, such as <c>[4, 3]</c>.</summary>
    public string ShapeText => ShapeToText(Shape);

    internal static string ShapeToText(IEnumerable<int> shape) => "[" + string.Join(", ", shape) + "]";

    /// <summary>Checks that the values fill the shape.</summary>
    internal void Validate(string source)
    {
        long count = 1;
        foreach (int dimension in Shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"{source}: tensor '{Name}' has a negative dimension in {ShapeText}.");
            }

            count *= dimension;
            if (count > Array.MaxLength)
            {
                throw new ArgumentException($"{source}: tensor '{Name}' has shape {ShapeText}, more values than an array holds.");
            }
        }

        if (count != Values.Length)
        {
            throw new ArgumentException($"{source}: tensor '{Name}' has {Values.Length} values, but its shape {ShapeText} needs {count}.");
        }
    }
}
