using System;
using System.Collections.Generic;
using System.Numerics;

namespace CellGen;

/// <summary>
/// What every generated cell offers, for code that works with cells of any kind and size (stacks, tests, tools).
/// A generated class exposes the same sizes as <c>const</c> fields and faster, strongly typed members besides.
/// </summary>
/// <remarks>
/// A cell instance owns its parameters and a small scratch buffer, so one instance must not step two sequences at once
/// from different threads. States are separate: one cell can advance any number of states in turn.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface IRecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>What the cell's attribute declared: its kind, sizes and options.</summary>
    CellDefinition Definition { get; }

    /// <summary>Values per time step of input.</summary>
    int InputSize { get; }

    /// <summary>Units of the hidden layer.</summary>
    int HiddenSize { get; }

    /// <summary>Values per time step of output: the dense output layer's size, or <see cref="HiddenSize"/> without one.</summary>
    int OutputSize { get; }

    /// <summary>Values of the recurrent state: h (and then c for an LSTM), or y(t−1) for a Jordan network.</summary>
    int StateSize { get; }

    /// <summary>The number of parameters.</summary>
    int ParameterCount { get; }

    /// <summary>Values the training forward records on a <see cref="SequenceTape{T}"/> per time step.</summary>
    int TapeValuesPerStep { get; }

    /// <summary>All parameters, laid out as <see cref="ParameterLayout"/> describes.</summary>
    Span<T> Parameters { get; }

    /// <summary>The named blocks of <see cref="Parameters"/>, in storage order.</summary>
    IReadOnlyList<ParameterBlock> ParameterLayout { get; }

    /// <summary>Advances <paramref name="state"/> by one time step and writes that step's output.</summary>
    /// <param name="input"><see cref="InputSize"/> values.</param>
    /// <param name="state"><see cref="StateSize"/> values, updated in place.</param>
    /// <param name="output"><see cref="OutputSize"/> values.</param>
    void Step(ReadOnlySpan<T> input, Span<T> state, Span<T> output);

    /// <summary>Runs T time steps, T = <paramref name="inputs"/>.Length / <see cref="InputSize"/>.</summary>
    /// <param name="inputs">T × <see cref="InputSize"/> values, one row per time step.</param>
    /// <param name="state"><see cref="StateSize"/> values: the initial state, replaced by the state after the last step.</param>
    /// <param name="outputs">T × <see cref="OutputSize"/> values, one row per time step.</param>
    void Forward(ReadOnlySpan<T> inputs, Span<T> state, Span<T> outputs);

    /// <summary>
    /// Advances S independent streams by one time step together, S = <paramref name="states"/>.Length / <see cref="StateSize"/>:
    /// each stream gets exactly what <see cref="Step"/> would give it, at a fraction of the cost when the cell shares its
    /// weight loads across streams.
    /// </summary>
    /// <param name="inputs">S × <see cref="InputSize"/> values, one row per stream.</param>
    /// <param name="states">S × <see cref="StateSize"/> values, one state per stream, updated in place.</param>
    /// <param name="outputs">S × <see cref="OutputSize"/> values, one row per stream.</param>
    void StepStreams(ReadOnlySpan<T> inputs, Span<T> states, Span<T> outputs);

    /// <summary>Runs T time steps of S independent streams, as T calls of <see cref="StepStreams"/>.</summary>
    /// <param name="inputs">T × S × <see cref="InputSize"/> values, time-major: for each step, one row per stream.</param>
    /// <param name="states">S × <see cref="StateSize"/> values: each stream's initial state, replaced by its state after the last step.</param>
    /// <param name="outputs">T × S × <see cref="OutputSize"/> values, time-major.</param>
    void ForwardStreams(ReadOnlySpan<T> inputs, Span<T> states, Span<T> outputs);

    /// <summary>Runs T time steps like <see cref="Forward(ReadOnlySpan{T}, Span{T}, Span{T})"/>, recording on <paramref name="tape"/> what <see cref="Backward"/> needs.</summary>
    void Forward(ReadOnlySpan<T> inputs, Span<T> state, Span<T> outputs, SequenceTape<T> tape);

    /// <summary>
    /// Backpropagates through the T steps the training forward recorded on <paramref name="tape"/>.
    /// </summary>
    /// <param name="inputs">The inputs the training forward ran on, T × <see cref="InputSize"/>.</param>
    /// <param name="outputGradients">dL/dy(t) for every step, T × <see cref="OutputSize"/>.</param>
    /// <param name="stateGradient">On entry dL/d(state after the last step), zeros for a loss on the outputs only; on return dL/d(initial state).</param>
    /// <param name="inputGradients">Receives dL/dx(t), T × <see cref="InputSize"/>; or empty, to skip computing them.</param>
    /// <param name="parameterGradients">dL/dθ, laid out like <see cref="Parameters"/>: the gradients are added to what it holds.</param>
    /// <param name="tape">The tape the training forward recorded.</param>
    void Backward(ReadOnlySpan<T> inputs, ReadOnlySpan<T> outputGradients, Span<T> stateGradient, Span<T> inputGradients, Span<T> parameterGradients, SequenceTape<T> tape);

    /// <summary>
    /// Runs T time steps of S independent streams like <see cref="ForwardStreams(ReadOnlySpan{T}, Span{T}, Span{T})"/>,
    /// recording on <paramref name="tape"/> what <see cref="BackwardStreams"/> needs: a minibatch of S sequences of
    /// the same length, trained together.
    /// </summary>
    /// <param name="inputs">T × S × <see cref="InputSize"/> values, time-major: for each step, one row per stream.</param>
    /// <param name="states">S × <see cref="StateSize"/> values: each stream's initial state, replaced by its state after the last step.</param>
    /// <param name="outputs">T × S × <see cref="OutputSize"/> values, time-major.</param>
    /// <param name="tape">Where the steps are recorded.</param>
    void ForwardStreams(ReadOnlySpan<T> inputs, Span<T> states, Span<T> outputs, SequenceTape<T> tape);

    /// <summary>
    /// Backpropagates through the T steps of S streams that <see cref="ForwardStreams(ReadOnlySpan{T}, Span{T}, Span{T}, SequenceTape{T})"/>
    /// recorded on <paramref name="tape"/>, adding the gradients of all streams to <paramref name="parameterGradients"/>:
    /// the same gradients as S calls of <see cref="Backward"/>, up to the order of their sums.
    /// </summary>
    /// <param name="inputs">The inputs the training forward ran on, T × S × <see cref="InputSize"/>, time-major.</param>
    /// <param name="outputGradients">dL/dy(t) of every stream and step, T × S × <see cref="OutputSize"/>, time-major.</param>
    /// <param name="stateGradients">S × <see cref="StateSize"/>: on entry dL/d(each stream's last state); on return dL/d(its initial state).</param>
    /// <param name="inputGradients">Receives dL/dx(t) of every stream, T × S × <see cref="InputSize"/>; or empty, to skip them.</param>
    /// <param name="parameterGradients">dL/dθ, laid out like <see cref="Parameters"/>: the gradients are added to what it holds.</param>
    /// <param name="tape">The tape the training forward recorded.</param>
    void BackwardStreams(ReadOnlySpan<T> inputs, ReadOnlySpan<T> outputGradients, Span<T> stateGradients, Span<T> inputGradients, Span<T> parameterGradients, SequenceTape<T> tape);
}
