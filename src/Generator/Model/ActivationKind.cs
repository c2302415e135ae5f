namespace CellGen.Generator.Model;

/// <summary>
/// Mirrors <c>CellGen.Activation</c> in the runtime value for value (the generator cannot reference the runtime;
/// a test checks that the two agree).
/// </summary>
internal enum ActivationKind
{
    Tanh = 0,
    Linear = 1,
    Relu = 2,
    Sigmoid = 3,
    HardSigmoid = 4,
    Softsign = 5,
    Softmax = 6,
}
