using System.Globalization;

namespace Vigil.Spl.Syntax;

/// <summary>Argument forms several commands share: field lists, Boolean options, whole numbers, the end of a command.</summary>
internal static class Arguments
{
    /// <summary>Fields separated by commas or white space; an option (<c>name=value</c>) among them is an error naming it.</summary>
    public static List<string> FieldList(TextCursor cursor, string command, bool allowWildcards, bool allowEmpty = false)
    {
        var fields = new List<string>();
        while (!cursor.AtEnd)
        {
            if (cursor.TryConsume(','))
            {
                // Splunk accepts empty list items ("by a, , b").
                continue;
            }

            var (wordPosition, word) = cursor.PeekWordForError();
            if (word.Contains('=', StringComparison.Ordinal) && !word.StartsWith('"'))
            {
                var option = word.Split('=')[0];
                throw new SplSyntaxException(wordPosition, Math.Max(1, option.Length), $"unsupported {command} option '{option}'", SplDiagnosticId.UnsupportedOption, $"{command} {option}");
            }

            var field = cursor.ExpectFieldName("a field name");
            if (cursor.Peek() == '(')
            {
                // A name written with parentheses, as stats and the ML commands make them: predicted(x), count(y).
                field += Brackets.Read(cursor);
            }

            if (!allowWildcards && field.Contains('*', StringComparison.Ordinal))
            {
                throw new SplSyntaxException(wordPosition, field.Length, $"wildcards are not allowed in {command} field names");
            }

            fields.Add(field);
        }

        if (fields.Count == 0 && !allowEmpty)
        {
            throw cursor.Error($"{command} needs at least one field");
        }

        return fields;
    }

    public static bool Boolean(string value, string option, int position) => value.ToLowerInvariant() switch
    {
        "true" or "t" or "1" or "yes" => true,
        "false" or "f" or "0" or "no" => false,
        _ => throw new SplSyntaxException(position, option.Length, $"{option} must be true or false, not '{value}'"),
    };

    public static int WholeNumber(string value, string option, int position) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new SplSyntaxException(position, option.Length, $"{option} must be a whole number, not '{value}'");

    public static void ExpectEnd(TextCursor cursor, string command)
    {
        if (!cursor.AtEnd)
        {
            throw cursor.Error($"unexpected text after the {command} expression");
        }
    }
}
