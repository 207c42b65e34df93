using Vigil.Spl.Syntax;

namespace Vigil.Spl.Commands;

/// <summary>Options of the commands that end in a subsearch (join, append, appendpipe): a value may touch the '['.</summary>
internal static class BracketArguments
{
    /// <summary>Reads <c>name=value</c> when the next word is a name followed by '='; the value is quoted, or runs up to white space or '['.</summary>
    public static bool TryOption(TextCursor cursor, out string name, out string value, out int position)
    {
        cursor.SkipWhitespace();
        var saved = cursor.Position;
        position = saved;
        name = string.Empty;
        value = string.Empty;
        var word = cursor.TryName();
        if (word is null || cursor.Peek() != '=')
        {
            cursor.Position = saved;
            return false;
        }

        cursor.Position++;
        name = word;
        if (cursor.Peek() == '"')
        {
            value = cursor.ReadQuoted();
            return true;
        }

        var start = cursor.Position;
        while (cursor.Position < cursor.End && !char.IsWhiteSpace(cursor.Peek()) && cursor.Peek() is not '[' and not ',')
        {
            cursor.Position++;
        }

        value = cursor.Slice(start, cursor.Position);
        return value.Length > 0 ? true : throw cursor.Error($"expected a value for {word}=");
    }

    public static SplSyntaxException Unsupported(string command, string option, int position) =>
        new(position, option.Length, $"unsupported {command} option '{option}'", SplDiagnosticId.UnsupportedOption, $"{command} {option}");
}
