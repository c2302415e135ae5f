using CellGen;

namespace CellGen.Benchmarks;

[LstmCell(Input = 1, Hidden = 8)] public partial class Lstm1x8 { }
[LstmCell(Input = 3, Hidden = 32)] public partial class Lstm3x32 { }
[LstmCell(Input = 3, Hidden = 64)] public partial class Lstm3x64 { }
[LstmCell(Input = 16, Hidden = 128)] public partial class Lstm16x128 { }
[LstmCell(Input = 64, Hidden = 256)] public partial class Lstm64x256 { }
[LstmCell(Input = 3, Hidden = 64, ElementType = typeof(double))] public partial class Lstm3x64Double { }
[GruCell(Input = 3, Hidden = 64)] public partial class Gru3x64 { }
[RnnCell(Input = 3, Hidden = 64)] public partial class Rnn3x64 { }
