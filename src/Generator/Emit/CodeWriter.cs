using System;
using System.Globalization;
using System.Runtime.CompilerServices;
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

    /// <summary>
    /// Writes an interpolated line straight into the text, without making a string of it first: a project of 100 cells
    /// writes 32 MB of source, and the strings of its lines were a seventh of what the generator allocated. Values are
    /// formatted with the invariant culture.
    /// </summary>
    public void Line([InterpolatedStringHandlerArgument("")] ref LineHandler line) => _text.Append('\n');

    /// <summary>Appends the parts of an interpolated line to its writer, after the indentation.</summary>
    [InterpolatedStringHandler]
    public readonly struct LineHandler
    {
        private readonly StringBuilder _text;

        public LineHandler(int literalLength, int formattedCount, CodeWriter writer)
        {
            _text = writer._text;
            _text.Append(' ', writer._depth * 4);
        }

        public void AppendLiteral(string value) => _text.Append(value);

        public void AppendFormatted(string? value) => _text.Append(value);

        public void AppendFormatted<T>(T value) =>
            _text.Append(value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());
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
