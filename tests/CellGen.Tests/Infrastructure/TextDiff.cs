using System;
using System.Collections.Generic;
using System.Text;

namespace CellGen.Tests.Infrastructure;

/// <summary>A line diff (longest common subsequence) printed like <c>diff -u</c>, with a few lines of context.</summary>
public static class TextDiff
{
    public static string Unified(string expected, string actual, int context = 3, int maxLines = 200)
    {
        string[] a = expected.Replace("\r\n", "\n").Split('\n');
        string[] b = actual.Replace("\r\n", "\n").Split('\n');
        int[,] common = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        // Walk the table into a list of (kind, line numbers, text).
        var edits = new List<(char Kind, int Old, int New, string Text)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                edits.Add((' ', x++, y++, a[x - 1]));
            }
            else if (y < b.Length && (x == a.Length || common[x, y + 1] >= common[x + 1, y]))
            {
                edits.Add(('+', x, y++, b[y - 1]));
            }
            else
            {
                edits.Add(('-', x++, y, a[x - 1]));
            }
        }

        var output = new StringBuilder();
        int written = 0;
        for (int i = 0; i < edits.Count && written < maxLines; i++)
        {
            bool near = false;
            for (int k = Math.Max(0, i - context); k <= Math.Min(edits.Count - 1, i + context); k++)
            {
                near |= edits[k].Kind != ' ';
            }

            if (!near)
            {
                continue;
            }

            if (i > 0 && edits[i - 1].Kind == ' ' && !IsNear(edits, i - 1, context))
            {
                output.Append("@@ line ").Append(edits[i].Old + 1).Append(" @@\n");
            }

            output.Append(edits[i].Kind).Append(' ').Append(edits[i].Text).Append('\n');
            written++;
        }

        return output.ToString();
    }

    private static bool IsNear(List<(char Kind, int Old, int New, string Text)> edits, int i, int context)
    {
        for (int k = Math.Max(0, i - context); k <= Math.Min(edits.Count - 1, i + context); k++)
        {
            if (edits[k].Kind != ' ')
            {
                return true;
            }
        }

        return false;
    }
}
