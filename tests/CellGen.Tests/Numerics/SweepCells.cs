using CellGen;

// Cells of every hidden size around the vector widths (4, 8, 16 floats; 2, 4, 8 doubles), for WidthSweepTests.
namespace CellGen.Tests.Numerics.Sweep;

[LstmCell(Input = 2, Hidden = 1, Peephole = true, Clip = 2.5)] public partial class LstmF1 { }
[GruCell(Input = 3, Hidden = 1)] public partial class GruF1 { }
[GruCell(Input = 1, Hidden = 1, ResetAfter = false)] public partial class GruBeforeF1 { }
[RnnCell(Input = 2, Hidden = 1, Output = 33, OutputActivation = Activation.Softmax)] public partial class RnnF1 { }
[LstmCell(Input = 2, Hidden = 2, Peephole = true, Clip = 2.5)] public partial class LstmF2 { }
[GruCell(Input = 3, Hidden = 2)] public partial class GruF2 { }
[GruCell(Input = 1, Hidden = 2, ResetAfter = false)] public partial class GruBeforeF2 { }
[RnnCell(Input = 2, Hidden = 2, Output = 32, OutputActivation = Activation.Softmax)] public partial class RnnF2 { }
[LstmCell(Input = 2, Hidden = 3, Peephole = true, Clip = 2.5)] public partial class LstmF3 { }
[GruCell(Input = 3, Hidden = 3)] public partial class GruF3 { }
[GruCell(Input = 1, Hidden = 3, ResetAfter = false)] public partial class GruBeforeF3 { }
[RnnCell(Input = 2, Hidden = 3, Output = 31, OutputActivation = Activation.Softmax)] public partial class RnnF3 { }
[LstmCell(Input = 2, Hidden = 4, Peephole = true, Clip = 2.5)] public partial class LstmF4 { }
[GruCell(Input = 3, Hidden = 4)] public partial class GruF4 { }
[GruCell(Input = 1, Hidden = 4, ResetAfter = false)] public partial class GruBeforeF4 { }
[RnnCell(Input = 2, Hidden = 4, Output = 30, OutputActivation = Activation.Softmax)] public partial class RnnF4 { }
[LstmCell(Input = 2, Hidden = 5, Peephole = true, Clip = 2.5)] public partial class LstmF5 { }
[GruCell(Input = 3, Hidden = 5)] public partial class GruF5 { }
[GruCell(Input = 1, Hidden = 5, ResetAfter = false)] public partial class GruBeforeF5 { }
[RnnCell(Input = 2, Hidden = 5, Output = 29, OutputActivation = Activation.Softmax)] public partial class RnnF5 { }
[LstmCell(Input = 2, Hidden = 7, Peephole = true, Clip = 2.5)] public partial class LstmF7 { }
[GruCell(Input = 3, Hidden = 7)] public partial class GruF7 { }
[GruCell(Input = 1, Hidden = 7, ResetAfter = false)] public partial class GruBeforeF7 { }
[RnnCell(Input = 2, Hidden = 7, Output = 27, OutputActivation = Activation.Softmax)] public partial class RnnF7 { }
[LstmCell(Input = 2, Hidden = 8, Peephole = true, Clip = 2.5)] public partial class LstmF8 { }
[GruCell(Input = 3, Hidden = 8)] public partial class GruF8 { }
[GruCell(Input = 1, Hidden = 8, ResetAfter = false)] public partial class GruBeforeF8 { }
[RnnCell(Input = 2, Hidden = 8, Output = 26, OutputActivation = Activation.Softmax)] public partial class RnnF8 { }
[LstmCell(Input = 2, Hidden = 9, Peephole = true, Clip = 2.5)] public partial class LstmF9 { }
[GruCell(Input = 3, Hidden = 9)] public partial class GruF9 { }
[GruCell(Input = 1, Hidden = 9, ResetAfter = false)] public partial class GruBeforeF9 { }
[RnnCell(Input = 2, Hidden = 9, Output = 25, OutputActivation = Activation.Softmax)] public partial class RnnF9 { }
[LstmCell(Input = 2, Hidden = 15, Peephole = true, Clip = 2.5)] public partial class LstmF15 { }
[GruCell(Input = 3, Hidden = 15)] public partial class GruF15 { }
[GruCell(Input = 1, Hidden = 15, ResetAfter = false)] public partial class GruBeforeF15 { }
[RnnCell(Input = 2, Hidden = 15, Output = 19, OutputActivation = Activation.Softmax)] public partial class RnnF15 { }
[LstmCell(Input = 2, Hidden = 16, Peephole = true, Clip = 2.5)] public partial class LstmF16 { }
[GruCell(Input = 3, Hidden = 16)] public partial class GruF16 { }
[GruCell(Input = 1, Hidden = 16, ResetAfter = false)] public partial class GruBeforeF16 { }
[RnnCell(Input = 2, Hidden = 16, Output = 18, OutputActivation = Activation.Softmax)] public partial class RnnF16 { }
[LstmCell(Input = 2, Hidden = 17, Peephole = true, Clip = 2.5)] public partial class LstmF17 { }
[GruCell(Input = 3, Hidden = 17)] public partial class GruF17 { }
[GruCell(Input = 1, Hidden = 17, ResetAfter = false)] public partial class GruBeforeF17 { }
[RnnCell(Input = 2, Hidden = 17, Output = 17, OutputActivation = Activation.Softmax)] public partial class RnnF17 { }
[LstmCell(Input = 2, Hidden = 20, Peephole = true, Clip = 2.5)] public partial class LstmF20 { }
[GruCell(Input = 3, Hidden = 20)] public partial class GruF20 { }
[GruCell(Input = 1, Hidden = 20, ResetAfter = false)] public partial class GruBeforeF20 { }
[RnnCell(Input = 2, Hidden = 20, Output = 5, OutputActivation = Activation.Softmax)] public partial class RnnF20 { }
[LstmCell(Input = 2, Hidden = 28, Peephole = true, Clip = 2.5)] public partial class LstmF28 { }
[GruCell(Input = 3, Hidden = 28)] public partial class GruF28 { }
[GruCell(Input = 1, Hidden = 28, ResetAfter = false)] public partial class GruBeforeF28 { }
[RnnCell(Input = 2, Hidden = 28, Output = 5, OutputActivation = Activation.Softmax)] public partial class RnnF28 { }
[LstmCell(Input = 2, Hidden = 31, Peephole = true, Clip = 2.5)] public partial class LstmF31 { }
[GruCell(Input = 3, Hidden = 31)] public partial class GruF31 { }
[GruCell(Input = 1, Hidden = 31, ResetAfter = false)] public partial class GruBeforeF31 { }
[RnnCell(Input = 2, Hidden = 31, Output = 3, OutputActivation = Activation.Softmax)] public partial class RnnF31 { }
[LstmCell(Input = 2, Hidden = 32, Peephole = true, Clip = 2.5)] public partial class LstmF32 { }
[GruCell(Input = 3, Hidden = 32)] public partial class GruF32 { }
[GruCell(Input = 1, Hidden = 32, ResetAfter = false)] public partial class GruBeforeF32 { }
[RnnCell(Input = 2, Hidden = 32, Output = 2, OutputActivation = Activation.Softmax)] public partial class RnnF32 { }
[LstmCell(Input = 2, Hidden = 33, Peephole = true, Clip = 2.5)] public partial class LstmF33 { }
[GruCell(Input = 3, Hidden = 33)] public partial class GruF33 { }
[GruCell(Input = 1, Hidden = 33, ResetAfter = false)] public partial class GruBeforeF33 { }
[RnnCell(Input = 2, Hidden = 33, Output = 1, OutputActivation = Activation.Softmax)] public partial class RnnF33 { }
[LstmCell(Input = 2, Hidden = 48, Peephole = true, Clip = 2.5)] public partial class LstmF48 { }
[GruCell(Input = 3, Hidden = 48)] public partial class GruF48 { }
[GruCell(Input = 1, Hidden = 48, ResetAfter = false)] public partial class GruBeforeF48 { }
[RnnCell(Input = 2, Hidden = 48, Output = 3, OutputActivation = Activation.Softmax)] public partial class RnnF48 { }
// Five tiles of 16 with weights past 32 KB, where the steps that finish their units chunk by chunk (the RNN's, the
// reset-before GRU's candidate pass) once took chunks of four tiles and ran past the hidden units.
[GruCell(Input = 8, Hidden = 80, ResetAfter = false)] public partial class GruBeforeF80 { }
[RnnCell(Input = 24, Hidden = 80, Output = 3, OutputActivation = Activation.Softmax)] public partial class RnnF80 { }
[LstmCell(Input = 2, Hidden = 1, ElementType = typeof(double))] public partial class LstmD1 { }
[JordanCell(Input = 2, Hidden = 1, Output = 1, ElementType = typeof(double))] public partial class JordanD1 { }
[LstmCell(Input = 2, Hidden = 2, ElementType = typeof(double))] public partial class LstmD2 { }
[JordanCell(Input = 2, Hidden = 2, Output = 2, ElementType = typeof(double))] public partial class JordanD2 { }
[LstmCell(Input = 2, Hidden = 3, ElementType = typeof(double))] public partial class LstmD3 { }
[JordanCell(Input = 2, Hidden = 3, Output = 3, ElementType = typeof(double))] public partial class JordanD3 { }
[LstmCell(Input = 2, Hidden = 4, ElementType = typeof(double))] public partial class LstmD4 { }
[JordanCell(Input = 2, Hidden = 4, Output = 4, ElementType = typeof(double))] public partial class JordanD4 { }
[LstmCell(Input = 2, Hidden = 5, ElementType = typeof(double))] public partial class LstmD5 { }
[JordanCell(Input = 2, Hidden = 5, Output = 5, ElementType = typeof(double))] public partial class JordanD5 { }
[LstmCell(Input = 2, Hidden = 6, ElementType = typeof(double))] public partial class LstmD6 { }
[JordanCell(Input = 2, Hidden = 6, Output = 6, ElementType = typeof(double))] public partial class JordanD6 { }
[LstmCell(Input = 2, Hidden = 7, ElementType = typeof(double))] public partial class LstmD7 { }
[JordanCell(Input = 2, Hidden = 7, Output = 7, ElementType = typeof(double))] public partial class JordanD7 { }
[LstmCell(Input = 2, Hidden = 8, ElementType = typeof(double))] public partial class LstmD8 { }
[JordanCell(Input = 2, Hidden = 8, Output = 8, ElementType = typeof(double))] public partial class JordanD8 { }
[LstmCell(Input = 2, Hidden = 9, ElementType = typeof(double))] public partial class LstmD9 { }
[JordanCell(Input = 2, Hidden = 9, Output = 9, ElementType = typeof(double))] public partial class JordanD9 { }
[LstmCell(Input = 2, Hidden = 15, ElementType = typeof(double))] public partial class LstmD15 { }
[JordanCell(Input = 2, Hidden = 15, Output = 15, ElementType = typeof(double))] public partial class JordanD15 { }
[LstmCell(Input = 2, Hidden = 16, ElementType = typeof(double))] public partial class LstmD16 { }
[JordanCell(Input = 2, Hidden = 16, Output = 16, ElementType = typeof(double))] public partial class JordanD16 { }
[LstmCell(Input = 2, Hidden = 17, ElementType = typeof(double))] public partial class LstmD17 { }
[JordanCell(Input = 2, Hidden = 17, Output = 17, ElementType = typeof(double))] public partial class JordanD17 { }
[LstmCell(Input = 2, Hidden = 24, ElementType = typeof(double))] public partial class LstmD24 { }
[JordanCell(Input = 2, Hidden = 24, Output = 24, ElementType = typeof(double))] public partial class JordanD24 { }

// Steps that go through their tiles in chunks of several, alternating the chunks' order (KernelWriter.TilesPerRestChunk):
// two tiles of a GRU (both forms) at 64 floats and of an LSTM at 32 doubles, eight of an RNN at 256 floats, all with
// their sums in registers at 512 bits; a reset-before GRU of 32 floats with wide inputs parks its sums at 256 bits.
[GruCell(Input = 3, Hidden = 64)] public partial class GruF64 { }
[GruCell(Input = 3, Hidden = 64, ResetAfter = false)] public partial class GruBeforeF64 { }
[RnnCell(Input = 64, Hidden = 256, Output = 3, OutputActivation = Activation.Softmax)] public partial class RnnF256 { }
[GruCell(Input = 100, Hidden = 32, ResetAfter = false)] public partial class GruBeforeF32Wide { }
[LstmCell(Input = 3, Hidden = 32, ElementType = typeof(double))] public partial class LstmD32 { }
