using System.Globalization;
using System.Text;

namespace Vigil.Spl.Commands.Shared;

internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>A JSON value with where it stands in the text it was read from (containers are shown as written).</summary>
internal sealed class JsonNode(JsonKind kind, int start)
{
    public JsonKind Kind { get; } = kind;

    public int Start { get; } = start;

    public int End { get; set; }

    /// <summary>A scalar's text: a string unescaped, a number as written, true, false or null.</summary>
    public string Text { get; set; } = string.Empty;

    public List<(string Key, JsonNode Value)> Members { get; } = [];

    public List<JsonNode> Items { get; } = [];

    public bool IsContainer => Kind is JsonKind.Object or JsonKind.Array;

    /// <summary>What a field gets from this value: a scalar's text, or a container's JSON as written.</summary>
    public string FieldText(string source) => IsContainer ? source[Start..End] : Text;
}

/// <summary>
/// Reads JSON the way an extractor must: an object or array at the start of the text; on the first error it stops and
/// keeps what it read, so a cut-off or malformed event still yields the fields before the problem.
/// </summary>
internal sealed class JsonText
{
    private readonly string _text;
    private int _position;
    private bool _failed;

    private JsonText(string text) => _text = text;

    /// <summary>The object or array the text holds (white space around it allowed), or null when it holds neither.</summary>
    public static JsonNode? Parse(string text)
    {
        var reader = new JsonText(text);
        reader.SkipWhitespace();
        return reader.Peek() is '{' or '[' ? reader.ReadValue() : null;
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private void SkipWhitespace()
    {
        while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\r' or '\n')
        {
            _position++;
        }
    }

    private JsonNode? ReadValue()
    {
        SkipWhitespace();
        var start = _position;
        switch (Peek())
        {
            case '{':
                return ReadObject(start);
            case '[':
                return ReadArray(start);
            case '"':
                var text = ReadString();
                return text is null ? Fail() : Scalar(JsonKind.String, start, text);
            case 't':
                return ReadWord("true", JsonKind.True, start);
            case 'f':
                return ReadWord("false", JsonKind.False, start);
            case 'n':
                return ReadWord("null", JsonKind.Null, start);
            default:
                return ReadNumber(start);
        }
    }

    private JsonNode? Fail()
    {
        _failed = true;
        return null;
    }

    private JsonNode Scalar(JsonKind kind, int start, string text) => new(kind, start) { End = _position, Text = text };

    private JsonNode ReadObject(int start)
    {
        var node = new JsonNode(JsonKind.Object, start);
        _position++;
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            node.End = _position;
            return node;
        }

        while (!_failed)
        {
            SkipWhitespace();
            var key = Peek() == '"' ? ReadString() : null;
            SkipWhitespace();
            if (key is null || Peek() != ':')
            {
                Fail();
                break;
            }

            _position++;
            var value = ReadValue();
            if (value is null)
            {
                break;
            }

            node.Members.Add((key, value));
            SkipWhitespace();
            if (Peek() == ',')
            {
                _position++;
                continue;
            }

            if (Peek() == '}')
            {
                _position++;
                break;
            }

            Fail();
        }

        node.End = _position;
        return node;
    }

    private JsonNode ReadArray(int start)
    {
        var node = new JsonNode(JsonKind.Array, start);
        _position++;
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            node.End = _position;
            return node;
        }

        while (!_failed)
        {
            var value = ReadValue();
            if (value is null)
            {
                break;
            }

            node.Items.Add(value);
            SkipWhitespace();
            if (Peek() == ',')
            {
                _position++;
                continue;
            }

            if (Peek() == ']')
            {
                _position++;
                break;
            }

            Fail();
        }

        node.End = _position;
        return node;
    }

    private JsonNode? ReadWord(string word, JsonKind kind, int start)
    {
        if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
        {
            return Fail();
        }

        _position += word.Length;
        return Scalar(kind, start, word);
    }

    private JsonNode? ReadNumber(int start)
    {
        while (_position < _text.Length && (char.IsAsciiDigit(_text[_position]) || _text[_position] is '-' or '+' or '.' or 'e' or 'E'))
        {
            _position++;
        }

        var text = _text[start.._position];
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? Scalar(JsonKind.Number, start, text) : Fail();
    }

    private string? ReadString()
    {
        _position++;
        var builder = new StringBuilder();
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_position >= _text.Length)
            {
                break;
            }

            var escape = _text[_position++];
            switch (escape)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'u':
                    if (_position + 4 > _text.Length || !int.TryParse(_text.AsSpan(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        return null;
                    }

                    builder.Append((char)code);
                    _position += 4;
                    break;
                default: builder.Append(escape); break;
            }
        }

        return null;
    }
}
