namespace CellGen.Generator.Model;

/// <summary>The kinds of cell the generator emits, one per attribute.</summary>
internal enum CellKind
{
    /// <summary>Simple (Elman) RNN, <c>[RnnCell]</c>.</summary>
    Rnn,

    /// <summary>Jordan network, <c>[JordanCell]</c>: the memory holds the output.</summary>
    Jordan,

    /// <summary>LSTM, <c>[LstmCell]</c>.</summary>
    Lstm,

    /// <summary>GRU, <c>[GruCell]</c>.</summary>
    Gru,
}
