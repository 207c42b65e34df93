namespace Vigil.Spl.Commands;

/// <summary>A field name in table, fields or rename, where <c>*</c> matches any run of characters (case-sensitive).</summary>
public sealed class FieldPattern
{
    private readonly string[] _parts;

    public FieldPattern(string pattern)
    {
        Pattern = pattern;
        _parts = pattern.Split('*');
    }

    public string Pattern { get; }

    public bool HasWildcard => _parts.Length > 1;

    public bool IsMatch(string name) => Capture(name) is not null;

    /// <summary>What each <c>*</c> matched, or null when the name does not match.</summary>
    public string[]? Capture(string name)
    {
        if (!HasWildcard)
        {
            return string.Equals(name, Pattern, StringComparison.Ordinal) ? [] : null;
        }

        if (!name.StartsWith(_parts[0], StringComparison.Ordinal) || !name.EndsWith(_parts[^1], StringComparison.Ordinal)
            || name.Length < _parts[0].Length + _parts[^1].Length)
        {
            return null;
        }

        var captures = new string[_parts.Length - 1];
        var position = _parts[0].Length;
        var end = name.Length - _parts[^1].Length;
        for (var i = 1; i < _parts.Length - 1; i++)
        {
            var at = name.IndexOf(_parts[i], position, end - position, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            captures[i - 1] = name[position..at];
            position = at + _parts[i].Length;
        }

        captures[^1] = name[position..end];
        return captures;
    }

    /// <summary>Fills this pattern's stars with captures from another (rename foo* AS bar*).</summary>
    public string Fill(string[] captures)
    {
        if (!HasWildcard)
        {
            return Pattern;
        }

        var builder = new System.Text.StringBuilder(_parts[0]);
        for (var i = 1; i < _parts.Length; i++)
        {
            builder.Append(i - 1 < captures.Length ? captures[i - 1] : string.Empty).Append(_parts[i]);
        }

        return builder.ToString();
    }

    public override string ToString() => Pattern;
}
