using CellGen;

namespace CellGen.Benchmarks;

// Every shape the benchmarks measure, (Input, Hidden): LSTM, GRU and RNN at each, and one double-precision LSTM.
[LstmCell(Input = 1, Hidden = 8)] public partial class Lstm1x8 { }
[LstmCell(Input = 1, Hidden = 20)] public partial class Lstm1x20 { }
[LstmCell(Input = 2, Hidden = 16)] public partial class Lstm2x16 { }
[LstmCell(Input = 3, Hidden = 32)] public partial class Lstm3x32 { }
[LstmCell(Input = 3, Hidden = 64)] public partial class Lstm3x64 { }
[LstmCell(Input = 16, Hidden = 128)] public partial class Lstm16x128 { }
[LstmCell(Input = 64, Hidden = 256)] public partial class Lstm64x256 { }
[GruCell(Input = 1, Hidden = 8)] public partial class Gru1x8 { }
[GruCell(Input = 1, Hidden = 20)] public partial class Gru1x20 { }
[GruCell(Input = 2, Hidden = 16)] public partial class Gru2x16 { }
[GruCell(Input = 3, Hidden = 32)] public partial class Gru3x32 { }
[GruCell(Input = 3, Hidden = 64)] public partial class Gru3x64 { }
[GruCell(Input = 16, Hidden = 128)] public partial class Gru16x128 { }
[GruCell(Input = 64, Hidden = 256)] public partial class Gru64x256 { }
[RnnCell(Input = 1, Hidden = 8)] public partial class Rnn1x8 { }
[RnnCell(Input = 1, Hidden = 20)] public partial class Rnn1x20 { }
[RnnCell(Input = 2, Hidden = 16)] public partial class Rnn2x16 { }
[RnnCell(Input = 3, Hidden = 32)] public partial class Rnn3x32 { }
[RnnCell(Input = 3, Hidden = 64)] public partial class Rnn3x64 { }
[RnnCell(Input = 16, Hidden = 128)] public partial class Rnn16x128 { }
[RnnCell(Input = 64, Hidden = 256)] public partial class Rnn64x256 { }
[LstmCell(Input = 3, Hidden = 64, ElementType = typeof(double))] public partial class Lstm3x64Double { }
