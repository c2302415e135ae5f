using CellGen;

// One float and one double class per PyTorch reference case in ReferenceData/ (made by tools/reference/make_vectors.py).
namespace CellGen.Tests.Numerics.Reference;

[RnnCell(Input = 7, Hidden = 33)] public partial class RnnTanhI7H33F { }
[RnnCell(Input = 7, Hidden = 33, ElementType = typeof(double))] public partial class RnnTanhI7H33D { }
[RnnCell(Input = 1, Hidden = 20, Activation = Activation.Relu)] public partial class RnnReluI1H20F { }
[RnnCell(Input = 1, Hidden = 20, Activation = Activation.Relu, ElementType = typeof(double))] public partial class RnnReluI1H20D { }
[RnnCell(Input = 3, Hidden = 5, Output = 4, Bias = false, Activation = Activation.Softsign, OutputActivation = Activation.Softmax)] public partial class RnnSoftsignF { }
[RnnCell(Input = 3, Hidden = 5, Output = 4, Bias = false, Activation = Activation.Softsign, OutputActivation = Activation.Softmax, ElementType = typeof(double))] public partial class RnnSoftsignD { }
[RnnCell(Input = 2, Hidden = 16, Output = 3, Activation = Activation.Linear, Clip = 0.8, OutputActivation = Activation.Sigmoid)] public partial class RnnLinearClipF { }
[RnnCell(Input = 2, Hidden = 16, Output = 3, Activation = Activation.Linear, Clip = 0.8, OutputActivation = Activation.Sigmoid, ElementType = typeof(double))] public partial class RnnLinearClipD { }

[LstmCell(Input = 7, Hidden = 33)] public partial class LstmI7H33F { }
[LstmCell(Input = 7, Hidden = 33, ElementType = typeof(double))] public partial class LstmI7H33D { }
[LstmCell(Input = 1, Hidden = 8)] public partial class LstmI1H8F { }
[LstmCell(Input = 1, Hidden = 8, ElementType = typeof(double))] public partial class LstmI1H8D { }
[LstmCell(Input = 3, Hidden = 64)] public partial class LstmI3H64F { }
[LstmCell(Input = 3, Hidden = 64, ElementType = typeof(double))] public partial class LstmI3H64D { }
[LstmCell(Input = 3, Hidden = 17, Peephole = true)] public partial class LstmPeepholeF { }
[LstmCell(Input = 3, Hidden = 17, Peephole = true, ElementType = typeof(double))] public partial class LstmPeepholeD { }
[LstmCell(Input = 5, Hidden = 6, Output = 3, Peephole = true, Clip = 1.5, GateActivation = Activation.HardSigmoid, CandidateActivation = Activation.Relu, CellActivation = Activation.Softsign, OutputActivation = Activation.Tanh)] public partial class LstmEverythingF { }
[LstmCell(Input = 5, Hidden = 6, Output = 3, Peephole = true, Clip = 1.5, GateActivation = Activation.HardSigmoid, CandidateActivation = Activation.Relu, CellActivation = Activation.Softsign, OutputActivation = Activation.Tanh, ElementType = typeof(double))] public partial class LstmEverythingD { }
[LstmCell(Input = 4, Hidden = 2, Bias = false)] public partial class LstmNoBiasF { }
[LstmCell(Input = 4, Hidden = 2, Bias = false, ElementType = typeof(double))] public partial class LstmNoBiasD { }

[GruCell(Input = 7, Hidden = 33)] public partial class GruI7H33F { }
[GruCell(Input = 7, Hidden = 33, ElementType = typeof(double))] public partial class GruI7H33D { }
[GruCell(Input = 1, Hidden = 3)] public partial class GruI1H3F { }
[GruCell(Input = 1, Hidden = 3, ElementType = typeof(double))] public partial class GruI1H3D { }
[GruCell(Input = 4, Hidden = 9, ResetAfter = false)] public partial class GruResetBeforeF { }
[GruCell(Input = 4, Hidden = 9, ResetAfter = false, ElementType = typeof(double))] public partial class GruResetBeforeD { }
[GruCell(Input = 2, Hidden = 5, Output = 2, ResetAfter = false, Clip = 0.7, GateActivation = Activation.HardSigmoid, CandidateActivation = Activation.Softsign, OutputActivation = Activation.Softmax)] public partial class GruEverythingF { }
[GruCell(Input = 2, Hidden = 5, Output = 2, ResetAfter = false, Clip = 0.7, GateActivation = Activation.HardSigmoid, CandidateActivation = Activation.Softsign, OutputActivation = Activation.Softmax, ElementType = typeof(double))] public partial class GruEverythingD { }
[GruCell(Input = 3, Hidden = 12, Bias = false, CandidateActivation = Activation.Linear)] public partial class GruNoBiasLinearF { }
[GruCell(Input = 3, Hidden = 12, Bias = false, CandidateActivation = Activation.Linear, ElementType = typeof(double))] public partial class GruNoBiasLinearD { }

[JordanCell(Input = 3, Hidden = 10, Output = 4, OutputActivation = Activation.Sigmoid)] public partial class JordanSigmoidF { }
[JordanCell(Input = 3, Hidden = 10, Output = 4, OutputActivation = Activation.Sigmoid, ElementType = typeof(double))] public partial class JordanSigmoidD { }
[JordanCell(Input = 2, Hidden = 7, Output = 3, Activation = Activation.Relu, OutputActivation = Activation.Softmax)] public partial class JordanSoftmaxF { }
[JordanCell(Input = 2, Hidden = 7, Output = 3, Activation = Activation.Relu, OutputActivation = Activation.Softmax, ElementType = typeof(double))] public partial class JordanSoftmaxD { }
[JordanCell(Input = 1, Hidden = 4, Output = 1, Bias = false)] public partial class JordanNoBiasF { }
[JordanCell(Input = 1, Hidden = 4, Output = 1, Bias = false, ElementType = typeof(double))] public partial class JordanNoBiasD { }
