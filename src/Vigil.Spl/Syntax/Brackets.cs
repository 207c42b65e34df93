namespace Vigil.Spl.Syntax;

/// <summary>Finds the bracket that closes an opening one, nested pairs counted, brackets inside quoted strings not.</summary>
internal static class Brackets
{
    /// <summary>The index of the character closing the one at <paramref name="open"/>; -1 when there is none before <paramref name="end"/>.</summary>
    public static int FindClose(string text, int open, int end)
    {
        var opening = text[open];
        var closing = opening switch { '(' => ')', '[' => ']', '{' => '}', _ => throw new ArgumentException($"'{opening}' opens nothing", nameof(open)) };
        var depth = 0;
        var quoted = false;
        for (var i = open; i < end; i++)
        {
            var c = text[i];
            if (c == '\\' && quoted && i + 1 < end)
            {
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == opening)
            {
                depth++;
            }
            else if (!quoted && c == closing && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>From the opening bracket at the cursor to its match, both included; the cursor moves past it.</summary>
    public static string Read(TextCursor cursor)
    {
        var start = cursor.Position;
        var close = FindClose(cursor.Text, start, cursor.End);
        if (close < 0)
        {
            throw new SplSyntaxException(start, 1, $"unclosed '{cursor.Text[start]}'");
        }

        cursor.Position = close + 1;
        return cursor.Slice(start, cursor.Position);
    }
}
