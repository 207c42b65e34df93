using Vigil.Spl.Syntax;

namespace Vigil.Spl.Commands.Shared;

/// <summary>
/// <c>name=value</c> options that may stand anywhere among a command's other arguments. An option the command does
/// not know is an error naming it, so nothing written is ever silently ignored.
/// </summary>
internal static class CommandOptions
{
    /// <summary>
    /// Reads the option at the cursor when the next word is followed by <c>=</c>: true for a known one; an unknown one
    /// throws. False, without moving, when the next word is no option.
    /// </summary>
    public static bool TryRead(TextCursor cursor, string command, IReadOnlyCollection<string> known, out string name, out string value, out int position)
    {
        cursor.SkipWhitespace();
        position = cursor.Position;
        name = string.Empty;
        value = string.Empty;
        var word = cursor.TryName();
        cursor.SkipWhitespace();
        var isOption = word is not null && cursor.Peek() == '=' && cursor.Peek(1) != '=';
        cursor.Position = position;
        if (!isOption)
        {
            return false;
        }

        if (!known.Contains(word!))
        {
            throw Unsupported(position, command, word!);
        }

        return cursor.TryOption(known, out name, out value, out position);
    }

    public static SplSyntaxException Unsupported(int position, string command, string option) =>
        new(position, Math.Max(1, option.Length), $"unsupported {command} option '{option}'", SplDiagnosticId.UnsupportedOption, $"{command} {option}");

    /// <summary>An option whose value Vigil cannot honour (<c>annotate=true</c>), named with its value.</summary>
    public static SplSyntaxException UnsupportedValue(int position, string command, string option, string value, string why) =>
        new(position, Math.Max(1, option.Length), $"{command} {option}={value} is not supported: {why}", SplDiagnosticId.UnsupportedOption, $"{command} {option}");
}
