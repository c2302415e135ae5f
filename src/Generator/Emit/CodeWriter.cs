using System.Text;

namespace CellGen.Generator.Emit;

/// <summary>Writes C# with four-space indentation and LF line endings, so generated files are byte-stable.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4);
        }

        _text.Append(line).Append('\n');
    }

    /// <summary>Writes <paramref name="header"/> (if any) and an opening brace, and indents.</summary>
    public void Open(string? header = null)
    {
        if (header is not null)
        {
            Line(header);
        }

        Line("{");
        _depth++;
    }

    /// <summary>Outdents and writes a closing brace (with an optional suffix such as <c>;</c>).</summary>
    public void Close(string suffix = "")
    {
        _depth--;
        Line("}" + suffix);
    }

    /// <summary>Indents the lines that follow by one level, for a statement that spans lines.</summary>
    public void Indent() => _depth++;

    /// <summary>Ends an <see cref="Indent"/>.</summary>
    public void Outdent() => _depth--;

    /// <summary>Writes a <c>/// &lt;summary&gt;</c> doc comment on one line.</summary>
    public void Summary(string text) => Line($"/// <summary>{text}</summary>");

    public override string ToString() => _text.ToString();
}
