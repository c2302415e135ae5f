using System;
using System.Diagnostics.CodeAnalysis;

namespace CellGen;

/// <summary>
/// The argument checks generated cells call before they touch anything, so that a wrong length fails with a message
/// that names the argument and the shape it should have.
/// </summary>
public static class ShapeGuard
{
    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    /// <param name="cell">The cell's type name, for the message.</param>
    /// <param name="argument">The argument's name.</param>
    /// <param name="actual">The argument's length.</param>
    /// <param name="expected">The length the cell needs.</param>
    /// <param name="shape">What the values are, in words (for example <c>"one time step, Input = 3"</c>).</param>
    public static void Length(string cell, string argument, int actual, int expected, string shape)
    {
        if (actual != expected)
        {
            ThrowLength(cell, argument, actual, expected, shape);
        }
    }

    /// <summary>
    /// Checks a sequence: <paramref name="inputLength"/> must be a multiple of <paramref name="inputSize"/>, and
    /// <paramref name="outputLength"/> must hold as many rows of <paramref name="outputSize"/>. Returns the number of steps.
    /// </summary>
    public static int Sequence(string cell, int inputLength, int inputSize, int outputLength, int outputSize) =>
        Sequence(cell, "inputs", inputLength, inputSize, "outputs", outputLength, outputSize);

    /// <summary>As <see cref="Sequence(string, int, int, int, int)"/>, naming the two arguments.</summary>
    public static int Sequence(string cell, string inputsName, int inputLength, int inputSize, string outputsName, int outputLength, int outputSize)
    {
        int steps = inputLength / inputSize;
        if (steps * inputSize != inputLength)
        {
            throw new ArgumentException(
                $"{cell}: {inputsName} has {inputLength} values, which is not a whole number of time steps; expected T × {inputSize} (one row of Input = {inputSize} values per step).",
                inputsName);
        }

        if ((long)steps * outputSize != outputLength)
        {
            throw new ArgumentException(
                $"{cell}: {outputsName} has {outputLength} values; for T = {steps} steps expected {steps} × {outputSize} = {(long)steps * outputSize} (one row of {outputSize} per step).",
                outputsName);
        }

        return steps;
    }

    /// <summary>
    /// Checks one time step of S independent streams: <paramref name="stateLength"/> must be a whole number S of states,
    /// and <paramref name="inputLength"/> and <paramref name="outputLength"/> one row per stream. Returns S.
    /// </summary>
    public static int Streams(string cell, int inputLength, int inputSize, int stateLength, int stateSize, int outputLength, int outputSize)
    {
        int streams = WholeStates(cell, stateLength, stateSize);
        if ((long)streams * inputSize != inputLength)
        {
            throw new ArgumentException(
                $"{cell}: inputs has {inputLength} values; for S = {streams} streams (states holds {streams} states) expected {streams} × {inputSize} = {(long)streams * inputSize} (one row of Input = {inputSize} values per stream).",
                "inputs");
        }

        if ((long)streams * outputSize != outputLength)
        {
            throw new ArgumentException(
                $"{cell}: outputs has {outputLength} values; for S = {streams} streams expected {streams} × {outputSize} = {(long)streams * outputSize} (one row of {outputSize} per stream).",
                "outputs");
        }

        return streams;
    }

    /// <summary>
    /// Checks T time steps of S independent streams, time-major: <paramref name="stateLength"/> must be a whole number S
    /// of states, <paramref name="inputLength"/> T × S rows of <paramref name="inputSize"/> and <paramref name="outputLength"/>
    /// as many rows of <paramref name="outputSize"/>. Returns S and T.
    /// </summary>
    public static (int Streams, int Steps) StreamSequence(string cell, int inputLength, int inputSize, int stateLength, int stateSize, int outputLength, int outputSize) =>
        StreamSequence(cell, "inputs", inputLength, inputSize, "states", stateLength, stateSize, "outputs", outputLength, outputSize);

    /// <summary>As <see cref="StreamSequence(string, int, int, int, int, int, int)"/>, naming the three arguments.</summary>
    public static (int Streams, int Steps) StreamSequence(
        string cell, string inputsName, int inputLength, int inputSize, string statesName, int stateLength, int stateSize, string outputsName, int outputLength, int outputSize)
    {
        int streams = WholeStates(cell, statesName, stateLength, stateSize);
        long row = (long)streams * inputSize;
        long steps = row == 0 ? 0 : inputLength / row;
        if (steps * row != inputLength)
        {
            throw new ArgumentException(
                $"{cell}: {inputsName} has {inputLength} values, which is not a whole number of time steps of S = {streams} streams; expected T × {streams} × {inputSize} (time-major: for each step, one row of Input = {inputSize} values per stream).",
                inputsName);
        }

        long outputs = steps * streams * outputSize;
        if (outputs != outputLength)
        {
            throw new ArgumentException(
                $"{cell}: {outputsName} has {outputLength} values; for T = {steps} steps of S = {streams} streams expected {steps} × {streams} × {outputSize} = {outputs} (time-major, one row of {outputSize} per stream and step).",
                outputsName);
        }

        return (streams, (int)steps);
    }

    private static int WholeStates(string cell, int stateLength, int stateSize) => WholeStates(cell, "states", stateLength, stateSize);

    private static int WholeStates(string cell, string statesName, int stateLength, int stateSize)
    {
        int streams = stateLength / stateSize;
        if (streams * stateSize != stateLength)
        {
            throw new ArgumentException(
                $"{cell}: {statesName} has {stateLength} values, which is not a whole number of states; expected S × {stateSize} (one state of StateSize = {stateSize} values per stream).",
                statesName);
        }

        return streams;
    }

    /// <summary>Throws unless every value is finite, naming the first NaN or infinity by time step and position.</summary>
    public static void Finite<T>(string cell, string argument, ReadOnlySpan<T> values, int valuesPerStep)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    $"{cell}: {argument}[{i}] (time step {i / valuesPerStep}, value {i % valuesPerStep}) is {values[i]}; every input must be a finite number.",
                    argument);
            }
        }
    }

    [DoesNotReturn]
    private static void ThrowLength(string cell, string argument, int actual, int expected, string shape) =>
        throw new ArgumentException(
            $"{cell}: {argument} has {actual} values; expected {expected} ({shape}).", argument);
}
