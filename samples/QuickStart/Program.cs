using System;
using CellGen;

namespace QuickStart;

[LstmCell(Input = 3, Hidden = 64, Peephole = true)]
public partial class MyCell { }

[GruCell(Input = 7, Hidden = 33, ResetAfter = false, ElementType = typeof(double), Output = 3, OutputActivation = Activation.Softmax)]
internal partial class MyGru { }

[JordanCell(Input = 2, Hidden = 5, Output = 2, Clip = 3)]
internal partial class MyJordan { }

[RnnCell(Input = 2, Hidden = 2, Output = 2, Bias = false, Activation = Activation.Linear)]
internal partial class Elman { }

public static class Program
{
    public static void Main()
    {
        var cell = new Elman();
        cell.Parameters.Fill(1);
        var state = cell.CreateState();
        float[] y = new float[2];
        foreach (var x in new[] { new float[] { 1, 1 }, new float[] { 1, 1 }, new float[] { 2, 2 } })
        {
            cell.Step(x, state, y);
            Console.WriteLine(string.Join(", ", y));
        }
    }
}
