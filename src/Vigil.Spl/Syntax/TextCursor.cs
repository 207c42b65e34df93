using System.Text;

namespace Vigil.Spl.Syntax;

/// <summary>A position in one command's text with the small lexing steps every command parser needs.</summary>
internal sealed class TextCursor
{
    private readonly string _text;
    private readonly int _end;

    public TextCursor(string text, int start, int end)
    {
        _text = text;
        Position = start;
        _end = end;
    }

    public int Position { get; set; }

    public int End => _end;

    /// <summary>The whole text the cursor walks (positions index into it).</summary>
    public string Text => _text;

    public bool AtEnd
    {
        get
        {
            SkipWhitespace();
            return Position >= _end;
        }
    }

    public string Slice(int start, int end) => _text[start..end];

    public char Peek(int ahead = 0) => Position + ahead < _end ? _text[Position + ahead] : '\0';

    public void SkipWhitespace()
    {
        while (Position < _end && char.IsWhiteSpace(_text[Position]))
        {
            Position++;
        }
    }

    public bool TryConsume(char c)
    {
        SkipWhitespace();
        if (Peek() == c)
        {
            Position++;
            return true;
        }

        return false;
    }

    public void Expect(char c, string what)
    {
        if (!TryConsume(c))
        {
            throw Error($"expected {what}");
        }
    }

    /// <summary>Consumes a keyword (whole word, exact case unless told otherwise).</summary>
    public bool TryKeyword(string keyword, bool ignoreCase = false)
    {
        SkipWhitespace();
        if (Position + keyword.Length > _end
            || string.Compare(_text, Position, keyword, 0, keyword.Length, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal) != 0)
        {
            return false;
        }

        var after = Position + keyword.Length;
        if (after < _end && IsWordChar(_text[after]))
        {
            return false;
        }

        Position = after;
        return true;
    }

    public bool PeekKeyword(string keyword, bool ignoreCase = false)
    {
        var saved = Position;
        var found = TryKeyword(keyword, ignoreCase);
        Position = saved;
        return found;
    }

    /// <summary>A field name or similar identifier: letters, digits, _ . : - * { } @ and friends, no spaces or operators.</summary>
    public string? TryName()
    {
        SkipWhitespace();
        var start = Position;
        while (Position < _end && IsNameChar(_text[Position]))
        {
            Position++;
        }

        return Position > start ? _text[start..Position] : null;
    }

    public string ExpectName(string what) => TryName() ?? throw Error($"expected {what}");

    /// <summary>
    /// A field name, bare or in quotes (double, or single as eval writes field names). Quoted and bare parts written
    /// without a space between them join into one name, as Splunk reads arguments: <c>""Processes".*"</c> is
    /// <c>Processes.*</c> (how a quoted macro argument lands inside a quoted definition).
    /// </summary>
    public string ExpectFieldName(string what)
    {
        SkipWhitespace();
        if (Peek() == '\'')
        {
            return ReadSingleQuoted();
        }

        if (Peek() != '"')
        {
            var bare = ExpectName(what);
            return Peek() == '"' ? bare + JoinedParts() : bare;
        }

        return JoinedParts();
    }

    private string JoinedParts()
    {
        var builder = new StringBuilder();
        while (true)
        {
            if (Peek() == '"')
            {
                builder.Append(ReadQuoted());
            }
            else if (Position < _end && IsNameChar(_text[Position]))
            {
                builder.Append(TryName());
            }
            else
            {
                return builder.ToString();
            }
        }
    }

    /// <summary>
    /// Reads a double-quoted string; <c>\"</c> and <c>\\</c> are escapes, any other backslash is kept. With
    /// <paramref name="pipeEscape"/> (the search language), <c>\|</c> is a pipe too, as Splunk's search command reads
    /// it ("Quotes and escaping characters", Search Reference, search command).
    /// </summary>
    public string ReadQuoted(bool pipeEscape = false)
    {
        SkipWhitespace();
        var start = Position;
        if (Peek() != '"')
        {
            throw Error("expected a quoted string");
        }

        Position++;
        var builder = new StringBuilder();
        while (Position < _end)
        {
            var c = _text[Position++];
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c == '\\' && Position < _end && (_text[Position] is '"' or '\\' || (pipeEscape && _text[Position] == '|')))
            {
                builder.Append(_text[Position++]);
                continue;
            }

            builder.Append(c);
        }

        throw new SplSyntaxException(start, 1, "unterminated quoted string");
    }

    public string ReadSingleQuoted()
    {
        SkipWhitespace();
        var start = Position;
        Position++;
        var close = _text.IndexOf('\'', Position, _end - Position);
        if (close < 0)
        {
            throw new SplSyntaxException(start, 1, "unterminated single-quoted field name");
        }

        var name = _text[Position..close];
        Position = close + 1;
        return name;
    }

    /// <summary>A search term or value: up to white space or a stop character; <c>\"</c>, <c>\\</c> and <c>\|</c> are escapes.</summary>
    public string? TrySearchWord(string stopChars)
    {
        SkipWhitespace();
        var start = Position;
        StringBuilder? builder = null;
        while (Position < _end && !char.IsWhiteSpace(_text[Position]) && !stopChars.Contains(_text[Position], StringComparison.Ordinal))
        {
            if (_text[Position] == '\\' && Position + 1 < _end && _text[Position + 1] is '"' or '\\' or '|')
            {
                builder ??= new StringBuilder().Append(_text, start, Position - start);
                builder.Append(_text[Position + 1]);
                Position += 2;
                continue;
            }

            builder?.Append(_text[Position]);
            Position++;
        }

        return Position > start ? builder?.ToString() ?? _text[start..Position] : null;
    }

    /// <summary>A whole number, or null when the next token is not one.</summary>
    public int? TryInteger()
    {
        SkipWhitespace();
        var start = Position;
        while (Position < _end && char.IsAsciiDigit(_text[Position]))
        {
            Position++;
        }

        if (Position == start || (Position < _end && IsWordChar(_text[Position])))
        {
            Position = start;
            return null;
        }

        return int.TryParse(_text.AsSpan(start, Position - start), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new SplSyntaxException(start, Position - start, "number too large");
    }

    /// <summary>Reads <c>name=value</c> when the next word is one of the given option names.</summary>
    public bool TryOption(IReadOnlyCollection<string> names, out string name, out string value, out int position)
    {
        SkipWhitespace();
        var saved = Position;
        position = Position;
        name = string.Empty;
        value = string.Empty;
        var word = TryName();
        if (word is null || !TryConsume('='))
        {
            Position = saved;
            return false;
        }

        if (!names.Contains(word))
        {
            Position = saved;
            return false;
        }

        name = word;
        SkipWhitespace();
        value = Peek() == '"' ? ReadQuoted() : TrySearchWord(",()|") ?? throw Error($"expected a value for {word}=");
        return true;
    }

    /// <summary>The word at the cursor for an error message, without moving.</summary>
    public (int Position, string Word) PeekWordForError()
    {
        SkipWhitespace();
        var start = Position;
        var end = start;
        while (end < _end && !char.IsWhiteSpace(_text[end]))
        {
            end++;
        }

        return (start, _text[start..end]);
    }

    public SplSyntaxException Error(string message)
    {
        var (position, word) = PeekWordForError();
        return new SplSyntaxException(position, Math.Max(1, word.Length), Position >= _end ? message + ", found the end of the command" : $"{message}, found '{Truncate(word)}'");
    }

    private static string Truncate(string word) => word.Length > 40 ? word[..40] + "..." : word;

    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    public static bool IsNameChar(char c) =>
        char.IsLetterOrDigit(c) || c is '_' or '.' or ':' or '-' or '*' or '{' or '}' or '@' or '$' or '#' or '&' or '/' or '\\';
}
