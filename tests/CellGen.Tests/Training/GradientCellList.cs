using System.Collections.Generic;
using CellGen.Tests.Training.Cells;

namespace CellGen.Tests.Training;

public static class GradientCellList
{
    public static IEnumerable<object[]> All() => new object[][]
    {
        new object[] { new GradRnnTanh() },
        new object[] { new GradRnnLinear() },
        new object[] { new GradRnnRelu() },
        new object[] { new GradRnnSigmoid() },
        new object[] { new GradRnnHardSigmoid() },
        new object[] { new GradRnnSoftsign() },
        new object[] { new GradRnnOutTanh() },
        new object[] { new GradRnnOutLinear() },
        new object[] { new GradRnnOutRelu() },
        new object[] { new GradRnnOutSigmoid() },
        new object[] { new GradRnnOutHardSigmoid() },
        new object[] { new GradRnnOutSoftsign() },
        new object[] { new GradRnnOutSoftmax() },
        new object[] { new GradRnnClipNoBias() },
        new object[] { new GradJordan() },
        new object[] { new GradJordanSoftmaxClip() },
        new object[] { new GradJordanNoBias() },
        new object[] { new GradLstm() },
        new object[] { new GradLstmPeephole() },
        new object[] { new GradLstmPeepholeClip() },
        new object[] { new GradLstmActivations() },
        new object[] { new GradLstmNoBiasOutput() },
        new object[] { new GradGru() },
        new object[] { new GradGruBefore() },
        new object[] { new GradGruClip() },
        new object[] { new GradGruBeforeClip() },
        new object[] { new GradGruActivations() },
        new object[] { new GradGruNoBiasOutput() },
        new object[] { new GradGruBeforeLinearOutput() },
        new object[] { new GradLstmRowsAlternate() },
        new object[] { new GradGruBeforeRowsAlternate() },
        new object[] { new GradJordanRowsAlternate() },
        new object[] { new GradLstmChunks() },
        new object[] { new GradLstmColumns() },
        new object[] { new GradGruColumns() },
        new object[] { new GradGruBeforeColumns() },
        new object[] { new GradRnnColumns() },
        new object[] { new GradJordanPanelColumns() },
    };
}
