using System;
using System.Numerics;

namespace CellGen;

/// <summary>
/// A dense layer applied to every time step, y(t) = act(W x(t) + b), for output layers over a composed network
/// (a bidirectional layer's concatenated outputs, say). W is stored input-major, [InputSize, OutputSize], like the
/// cells' weights. Activations: any element-wise one, or Softmax over the step's outputs.
/// </summary>
public sealed class DenseLayer<T> : ISequenceLayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _parameters;
    private readonly T[] _gradients;
    private T[] _outputs = Array.Empty<T>();
    private readonly T[] _preGradient;

    /// <summary>Creates a layer of <paramref name="outputSize"/> units over <paramref name="inputSize"/> inputs, parameters zero.</summary>
    public DenseLayer(int inputSize, int outputSize, Activation activation = Activation.Linear)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "not a defined Activation");
        }

        InputSize = inputSize;
        OutputSize = outputSize;
        Activation = activation;
        _parameters = new T[inputSize * outputSize + outputSize];
        _gradients = new T[_parameters.Length];
        _preGradient = new T[outputSize];
    }

    /// <inheritdoc/>
    public int InputSize { get; }

    /// <inheritdoc/>
    public int OutputSize { get; }

    /// <summary>The activation.</summary>
    public Activation Activation { get; }

    /// <summary>W, [InputSize, OutputSize] input-major.</summary>
    public Span<T> Weights => _parameters.AsSpan(0, InputSize * OutputSize);

    /// <summary>b, [OutputSize].</summary>
    public Span<T> Bias => _parameters.AsSpan(InputSize * OutputSize);

    /// <inheritdoc/>
    public int SegmentCount => 1;

    /// <inheritdoc/>
    public Span<T> Parameters(int segment) => segment == 0 ? _parameters : throw new ArgumentOutOfRangeException(nameof(segment));

    /// <inheritdoc/>
    public Span<T> Gradients(int segment) => segment == 0 ? _gradients : throw new ArgumentOutOfRangeException(nameof(segment));

    /// <inheritdoc/>
    public void ClearGradients() => Array.Clear(_gradients);

    /// <summary>Glorot-uniform weights and zero biases, seeded.</summary>
    public void Initialize(int seed)
    {
        var random = new Random(seed);
        double bound = Math.Sqrt(6.0 / (InputSize + OutputSize));
        Span<T> weights = Weights;
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = T.CreateChecked((random.NextDouble() * 2 - 1) * bound);
        }

        Bias.Clear();
    }

    /// <inheritdoc/>
    public void Forward(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        int steps = ShapeGuard.Sequence(nameof(DenseLayer<T>), inputs.Length, InputSize, outputs.Length, OutputSize);
        Buffers.Grow(ref _outputs, outputs.Length);
        ReadOnlySpan<T> weights = Weights, bias = Bias;
        for (int t = 0; t < steps; t++)
        {
            ReadOnlySpan<T> x = inputs.Slice(t * InputSize, InputSize);
            Span<T> y = outputs.Slice(t * OutputSize, OutputSize);
            bias.CopyTo(y);
            for (int k = 0; k < InputSize; k++)
            {
                T value = x[k];
                ReadOnlySpan<T> row = weights.Slice(k * OutputSize, OutputSize);
                for (int j = 0; j < OutputSize; j++)
                {
                    y[j] += row[j] * value;
                }
            }

            Activate(y);
        }

        outputs.CopyTo(_outputs);
    }

    /// <inheritdoc/>
    public void Backward(ReadOnlySpan<T> inputs, ReadOnlySpan<T> outputGradients, Span<T> inputGradients)
    {
        int steps = ShapeGuard.Sequence(nameof(DenseLayer<T>), nameof(inputs), inputs.Length, InputSize, nameof(outputGradients), outputGradients.Length, OutputSize);
        if (!inputGradients.IsEmpty)
        {
            ShapeGuard.Length(nameof(DenseLayer<T>), nameof(inputGradients), inputGradients.Length, inputs.Length, "like inputs, or empty");
        }

        ReadOnlySpan<T> weights = Weights;
        Span<T> weightGradients = _gradients.AsSpan(0, InputSize * OutputSize), biasGradients = _gradients.AsSpan(InputSize * OutputSize);
        for (int t = 0; t < steps; t++)
        {
            ReadOnlySpan<T> x = inputs.Slice(t * InputSize, InputSize);
            ReadOnlySpan<T> y = _outputs.AsSpan(t * OutputSize, OutputSize);
            ReadOnlySpan<T> dy = outputGradients.Slice(t * OutputSize, OutputSize);
            Span<T> dz = _preGradient;
            Gradient(y, dy, dz);
            for (int j = 0; j < OutputSize; j++)
            {
                biasGradients[j] += dz[j];
            }

            for (int k = 0; k < InputSize; k++)
            {
                T sum = T.Zero;
                ReadOnlySpan<T> row = weights.Slice(k * OutputSize, OutputSize);
                Span<T> rowGradient = weightGradients.Slice(k * OutputSize, OutputSize);
                for (int j = 0; j < OutputSize; j++)
                {
                    sum += row[j] * dz[j];
                    rowGradient[j] += x[k] * dz[j];
                }

                if (!inputGradients.IsEmpty)
                {
                    inputGradients[t * InputSize + k] = sum;
                }
            }
        }
    }

    private void Activate(Span<T> y)
    {
        if (Activation == Activation.Softmax)
        {
            T largest = y[0];
            foreach (T v in y)
            {
                largest = T.Max(largest, v);
            }

            T sum = T.Zero;
            for (int j = 0; j < y.Length; j++)
            {
                y[j] = T.Exp(y[j] - largest);
                sum += y[j];
            }

            for (int j = 0; j < y.Length; j++)
            {
                y[j] /= sum;
            }

            return;
        }

        for (int j = 0; j < y.Length; j++)
        {
            T x = y[j];
            y[j] = Activation switch
            {
                Activation.Tanh => T.Tanh(x),
                Activation.Relu => T.Max(x, T.Zero),
                Activation.Sigmoid => T.One / (T.One + T.Exp(-x)),
                Activation.HardSigmoid => T.Clamp(x * T.CreateChecked(0.2) + T.CreateChecked(0.5), T.Zero, T.One),
                Activation.Softsign => x / (T.One + T.Abs(x)),
                _ => x,
            };
        }

    }

    private void Gradient(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dz)
    {
        if (Activation == Activation.Softmax)
        {
            T weighted = T.Zero;
            for (int j = 0; j < y.Length; j++)
            {
                weighted += y[j] * dy[j];
            }

            for (int j = 0; j < y.Length; j++)
            {
                dz[j] = y[j] * (dy[j] - weighted);
            }

            return;
        }

        for (int j = 0; j < y.Length; j++)
        {
            T v = y[j];
            dz[j] = Activation switch
            {
                Activation.Tanh => dy[j] * (T.One - v * v),
                Activation.Relu => v > T.Zero ? dy[j] : T.Zero,
                Activation.Sigmoid => dy[j] * v * (T.One - v),
                Activation.HardSigmoid => v > T.Zero && v < T.One ? dy[j] * T.CreateChecked(0.2) : T.Zero,
                Activation.Softsign => dy[j] * (T.One - T.Abs(v)) * (T.One - T.Abs(v)),
                _ => dy[j],
            };
        }
    }
}
