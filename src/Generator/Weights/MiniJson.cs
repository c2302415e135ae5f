using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CellGen.Generator.Weights;

/// <summary>
/// A strict JSON reader for safetensors headers: objects (as ordered name/value lists), arrays, strings, numbers,
/// true, false and null. The generator runs inside the compiler on netstandard2.0, where System.Text.Json is not ours
/// to load, and a safetensors header needs nothing more. Any malformed input throws <see cref="FormatException"/>.
/// </summary>
internal sealed class MiniJson
{
    private const int MaxDepth = 64;

    private readonly string _text;
    private int _at;

    private MiniJson(string text) => _text = text;

    /// <summary>Parses a whole document.</summary>
    public static object? Parse(string text)
    {
        var reader = new MiniJson(text);
        object? value = reader.Value(0);
        reader.Space();
        if (reader._at != text.Length)
        {
            throw reader.Error("text after the end of the JSON value");
        }

        return value;
    }

    private object? Value(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("nesting deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture));
        }

        Space();
        if (_at >= _text.Length)
        {
            throw Error("the text ends where a value should be");
        }

        char c = _text[_at];
        switch (c)
        {
            case '{':
                return Object(depth);
            case '[':
                return Array(depth);
            case '"':
                return String();
            case 't':
                Word("true");
                return true;
            case 'f':
                Word("false");
                return false;
            case 'n':
                Word("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return Number();
                }

                throw Error($"unexpected '{c}'");
        }
    }

    private List<KeyValuePair<string, object?>> Object(int depth)
    {
        var members = new List<KeyValuePair<string, object?>>();
        _at++;
        Space();
        if (Peek() == '}')
        {
            _at++;
            return members;
        }

        while (true)
        {
            Space();
            if (Peek() != '"')
            {
                throw Error("an object member must start with a quoted name");
            }

            string name = String();
            Space();
            Expect(':');
            members.Add(new KeyValuePair<string, object?>(name, Value(depth + 1)));
            Space();
            if (Peek() == ',')
            {
                _at++;
                continue;
            }

            Expect('}');
            return members;
        }
    }

    private List<object?> Array(int depth)
    {
        var items = new List<object?>();
        _at++;
        Space();
        if (Peek() == ']')
        {
            _at++;
            return items;
        }

        while (true)
        {
            items.Add(Value(depth + 1));
            Space();
            if (Peek() == ',')
            {
                _at++;
                continue;
            }

            Expect(']');
            return items;
        }
    }

    private string String()
    {
        _at++;
        var text = new StringBuilder();
        while (true)
        {
            if (_at >= _text.Length)
            {
                throw Error("a string is not closed");
            }

            char c = _text[_at++];
            if (c == '"')
            {
                return text.ToString();
            }

            if (c < ' ')
            {
                throw Error("a control character inside a string");
            }

            if (c != '\\')
            {
                text.Append(c);
                continue;
            }

            if (_at >= _text.Length)
            {
                throw Error("a string ends in a backslash");
            }

            char escape = _text[_at++];
            switch (escape)
            {
                case '"': text.Append('"'); break;
                case '\\': text.Append('\\'); break;
                case '/': text.Append('/'); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'u':
                    if (_at + 4 > _text.Length || !int.TryParse(_text.Substring(_at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        throw Error("a \\u escape without four hex digits");
                    }

                    text.Append((char)code);
                    _at += 4;
                    break;
                default:
                    throw Error($"the escape \\{escape}");
            }
        }
    }

    /// <summary>A number: integers as <see cref="long"/> when they fit, anything else as <see cref="double"/>.</summary>
    private object Number()
    {
        int start = _at;
        if (Peek() == '-')
        {
            _at++;
        }

        while (_at < _text.Length && "0123456789.eE+-".IndexOf(_text[_at]) >= 0)
        {
            _at++;
        }

        string token = _text.Substring(start, _at - start);
        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            return integer;
        }

        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double real))
        {
            return real;
        }

        throw Error($"'{token}' is not a number");
    }

    private void Word(string word)
    {
        if (string.CompareOrdinal(_text, _at, word, 0, word.Length) != 0)
        {
            throw Error($"expected '{word}'");
        }

        _at += word.Length;
    }

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error($"expected '{c}'");
        }

        _at++;
    }

    private char Peek() => _at < _text.Length ? _text[_at] : '\0';

    private void Space()
    {
        while (_at < _text.Length && _text[_at] is ' ' or '\t' or '\n' or '\r')
        {
            _at++;
        }
    }

    private FormatException Error(string what) =>
        new($"its JSON header is invalid at character {_at.ToString(CultureInfo.InvariantCulture)}: {what}");
}
