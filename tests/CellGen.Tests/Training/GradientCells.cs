using CellGen;

// Double-precision cells for the finite-difference gradient checks: every kind and option, with sizes whose
// vector loops leave tails (5 = 4 + 1, 9 = 8 + 1, 3 = 2 + 1 doubles).
namespace CellGen.Tests.Training.Cells;

[RnnCell(Input = 3, Hidden = 5, Activation = Activation.Tanh, ElementType = typeof(double))] public partial class GradRnnTanh { }
[RnnCell(Input = 3, Hidden = 5, Activation = Activation.Linear, ElementType = typeof(double))] public partial class GradRnnLinear { }
[RnnCell(Input = 3, Hidden = 5, Activation = Activation.Relu, ElementType = typeof(double))] public partial class GradRnnRelu { }
[RnnCell(Input = 3, Hidden = 5, Activation = Activation.Sigmoid, ElementType = typeof(double))] public partial class GradRnnSigmoid { }
[RnnCell(Input = 3, Hidden = 5, Activation = Activation.HardSigmoid, ElementType = typeof(double))] public partial class GradRnnHardSigmoid { }
[RnnCell(Input = 3, Hidden = 5, Activation = Activation.Softsign, ElementType = typeof(double))] public partial class GradRnnSoftsign { }
[RnnCell(Input = 2, Hidden = 9, Output = 3, OutputActivation = Activation.Tanh, ElementType = typeof(double))] public partial class GradRnnOutTanh { }
[RnnCell(Input = 2, Hidden = 9, Output = 3, OutputActivation = Activation.Linear, ElementType = typeof(double))] public partial class GradRnnOutLinear { }
[RnnCell(Input = 2, Hidden = 9, Output = 3, OutputActivation = Activation.Relu, ElementType = typeof(double))] public partial class GradRnnOutRelu { }
[RnnCell(Input = 2, Hidden = 9, Output = 3, OutputActivation = Activation.Sigmoid, ElementType = typeof(double))] public partial class GradRnnOutSigmoid { }
[RnnCell(Input = 2, Hidden = 9, Output = 3, OutputActivation = Activation.HardSigmoid, ElementType = typeof(double))] public partial class GradRnnOutHardSigmoid { }
[RnnCell(Input = 2, Hidden = 9, Output = 3, OutputActivation = Activation.Softsign, ElementType = typeof(double))] public partial class GradRnnOutSoftsign { }
[RnnCell(Input = 2, Hidden = 9, Output = 3, OutputActivation = Activation.Softmax, ElementType = typeof(double))] public partial class GradRnnOutSoftmax { }
[RnnCell(Input = 4, Hidden = 3, Clip = 0.6, Bias = false, ElementType = typeof(double))] public partial class GradRnnClipNoBias { }
[JordanCell(Input = 3, Hidden = 5, Output = 2, OutputActivation = Activation.Sigmoid, ElementType = typeof(double))] public partial class GradJordan { }
[JordanCell(Input = 2, Hidden = 9, Output = 4, Activation = Activation.Relu, OutputActivation = Activation.Softmax, Clip = 0.9, ElementType = typeof(double))] public partial class GradJordanSoftmaxClip { }
[JordanCell(Input = 1, Hidden = 2, Output = 1, Bias = false, ElementType = typeof(double))] public partial class GradJordanNoBias { }
[LstmCell(Input = 3, Hidden = 5, ElementType = typeof(double))] public partial class GradLstm { }
[LstmCell(Input = 2, Hidden = 9, Peephole = true, ElementType = typeof(double))] public partial class GradLstmPeephole { }
[LstmCell(Input = 3, Hidden = 3, Peephole = true, Clip = 0.5, ElementType = typeof(double))] public partial class GradLstmPeepholeClip { }
[LstmCell(Input = 2, Hidden = 4, GateActivation = Activation.HardSigmoid, CandidateActivation = Activation.Relu, CellActivation = Activation.Softsign, ElementType = typeof(double))] public partial class GradLstmActivations { }
[LstmCell(Input = 3, Hidden = 6, Bias = false, Output = 3, OutputActivation = Activation.Softmax, ElementType = typeof(double))] public partial class GradLstmNoBiasOutput { }
[GruCell(Input = 3, Hidden = 5, ElementType = typeof(double))] public partial class GradGru { }
[GruCell(Input = 2, Hidden = 9, ResetAfter = false, ElementType = typeof(double))] public partial class GradGruBefore { }
[GruCell(Input = 3, Hidden = 3, Clip = 0.4, ElementType = typeof(double))] public partial class GradGruClip { }
[GruCell(Input = 2, Hidden = 5, ResetAfter = false, Clip = 0.4, ElementType = typeof(double))] public partial class GradGruBeforeClip { }
[GruCell(Input = 1, Hidden = 4, GateActivation = Activation.HardSigmoid, CandidateActivation = Activation.Softsign, ElementType = typeof(double))] public partial class GradGruActivations { }
[GruCell(Input = 2, Hidden = 7, Bias = false, Output = 2, OutputActivation = Activation.Tanh, ElementType = typeof(double))] public partial class GradGruNoBiasOutput { }
[GruCell(Input = 2, Hidden = 1, ResetAfter = false, CandidateActivation = Activation.Linear, Output = 5, ElementType = typeof(double))] public partial class GradGruBeforeLinearOutput { }

// Recurrent weights past 32 KB, whose backward products alternate their row order from step to step
// (BackwardKernels.AlternatesRows): LSTM 4 · 40 · 40 doubles, the reset-before GRU's three blocks (its U_n dz and its
// U_r, U_z dz share the order), Jordan's 72 output rows of 64. In 512-bit vectors the LSTM and GRU read U transposed
// with their sums in quarters of j, and go through the halves of Uᵀ in alternating order (BackwardKernels.SumsInQuarters);
// Jordan's 72 rows are nine whole vectors, one sum over all of j, as for the cells below.
[LstmCell(Input = 3, Hidden = 40, ElementType = typeof(double))] public partial class GradLstmRowsAlternate { }
[GruCell(Input = 2, Hidden = 40, ResetAfter = false, ElementType = typeof(double))] public partial class GradGruBeforeRowsAlternate { }
[JordanCell(Input = 2, Hidden = 64, Output = 72, ElementType = typeof(double))] public partial class GradJordanRowsAlternate { }

// A step that goes through its tiles two at a time, alternating the chunks' order (KernelWriter.TilesPerRestChunk):
// 32 doubles are four 512-bit tiles, 4 · 32 · 35 doubles of weights.
[LstmCell(Input = 3, Hidden = 32, ElementType = typeof(double))] public partial class GradLstmChunks { }

// Backward products through U transposed in 512-bit vectors with one sum over all of j (BackwardKernels.UsesColumns): h
// of eight whole vectors or more; 72 doubles are nine, one past the tiles of four that a block of streams takes.
[LstmCell(Input = 3, Hidden = 64, ElementType = typeof(double))] public partial class GradLstmColumns { }
[GruCell(Input = 2, Hidden = 64, ElementType = typeof(double))] public partial class GradGruColumns { }
[GruCell(Input = 2, Hidden = 64, ResetAfter = false, ElementType = typeof(double))] public partial class GradGruBeforeColumns { }
[RnnCell(Input = 2, Hidden = 72, ElementType = typeof(double))] public partial class GradRnnColumns { }

// A Jordan cell whose U is both in panels (16 hidden doubles, two of 8) and copied transposed (64 output rows).
[JordanCell(Input = 2, Hidden = 16, Output = 64, ElementType = typeof(double))] public partial class GradJordanPanelColumns { }
