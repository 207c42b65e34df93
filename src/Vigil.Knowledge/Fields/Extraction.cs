using System.Text;
using System.Text.RegularExpressions;
using Vigil.Spl.Values;

namespace Vigil.Knowledge.Fields;

/// <summary>A search-time extraction: an <c>EXTRACT-</c> regex or a <c>REPORT-</c> transform.</summary>
internal abstract class Extraction
{
    /// <summary>The field it reads (_raw unless SOURCE_KEY or "in field" says otherwise).</summary>
    public required string SourceField
    {
        get => _sourceField.Name;
        init => _sourceField = new FieldKey(value);
    }

    // The field read, with its hash: read on every event.
    private readonly FieldKey _sourceField;

    public bool MvAdd { get; init; }

    public bool KeepEmpty { get; init; }

    /// <summary>Fields it can make whose names are fixed, with whether each value is literal text rather than a capture.</summary>
    public abstract IEnumerable<(string Name, bool Literal)> FixedOutputs { get; }

    /// <summary>Whether it names fields from the text it reads ($1::$2, _KEY_1), so any field may come from it.</summary>
    public abstract bool NamesFromText { get; }

    /// <summary>Whether it may make one of these fields.</summary>
    public bool MayProduce(IReadOnlySet<string> fields) => NamesFromText || FixedOutputs.Any(o => fields.Contains(o.Name));

    /// <summary>The times its regular expression ran out of time on a text, and where they are said (null: it has none).</summary>
    public RegexTimeouts? Timeouts { get; init; }

    public void Apply(Row row, ExtractedValues values)
    {
        var source = row[_sourceField];
        if (source.IsNull)
        {
            return;
        }

        foreach (var text in source.Values)
        {
            // Asked for each value: a multivalue field may hold several texts the expression runs out of time on.
            if (Timeouts is { GaveUp: true })
            {
                return;
            }

            try
            {
                Extract(text, values);
            }
            catch (RegexMatchTimeoutException e) when (Timeouts is not null)
            {
                Timeouts.Add(e, $"that text of {SourceField} gives no more fields");
            }
        }
    }

    protected abstract void Extract(string text, ExtractedValues values);

    /// <summary>transforms.conf CLEAN_KEYS: non-alphanumerics become '_', then leading '_' and digits go.</summary>
    public static string CleanKey(string key)
    {
        var builder = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        var start = 0;
        while (start < builder.Length && (builder[start] == '_' || char.IsAsciiDigit(builder[start])))
        {
            start++;
        }

        return builder.ToString(start, builder.Length - start);
    }
}

/// <summary>One side of a FORMAT pair: a capture group (<c>$1</c>) or literal text.</summary>
internal readonly record struct FormatPart(int Group, string Literal)
{
    public bool IsGroup => Group > 0;

    /// <summary>The group's text (groups numbered as PCRE numbers them) or the literal.</summary>
    public string Resolve(Regex regex, Match match) => IsGroup ? Pcre.Group(regex, match, Group).Value : Literal;
}

/// <summary>
/// A regular expression extraction. Named groups become fields; <c>_KEY_n</c>/<c>_VAL_n</c> groups and a FORMAT
/// whose names are captures (<c>$1::$2</c>) extract every match, and so does MV_ADD for fixed names.
/// </summary>
internal sealed class RegexExtraction : Extraction
{
    private readonly TieredRegex _regex;
    private readonly IReadOnlyList<(FormatPart Name, FormatPart Value)>? _format;
    private readonly string[] _namedGroups;
    private readonly List<(string Key, string Value)> _keyValueGroups = [];
    private readonly bool _cleanKeys;

    public RegexExtraction(Regex regex, IReadOnlyList<(FormatPart Name, FormatPart Value)>? format, bool cleanKeys)
    {
        _regex = new TieredRegex(regex);
        _format = format is { Count: > 0 } ? format : null;
        _cleanKeys = cleanKeys;
        var names = regex.GetGroupNames().Where(n => !int.TryParse(n, out _)).ToList();
        foreach (var key in names.Where(n => n.StartsWith("_KEY_", StringComparison.Ordinal)))
        {
            var valueGroup = "_VAL_" + key["_KEY_".Length..];
            if (names.Contains(valueGroup))
            {
                _keyValueGroups.Add((key, valueGroup));
            }
        }

        _namedGroups = names.Where(n => !n.StartsWith("_KEY_", StringComparison.Ordinal) && !n.StartsWith("_VAL_", StringComparison.Ordinal)).ToArray();
        _namesFromText = _keyValueGroups.Count > 0 || (_format?.Any(f => f.Name.IsGroup) ?? false);
    }

    private readonly bool _namesFromText;

    public override bool NamesFromText => _namesFromText;

    public override IEnumerable<(string Name, bool Literal)> FixedOutputs =>
        _format is not null
            ? _format.Where(f => !f.Name.IsGroup).Select(f => (f.Name.Literal, !f.Value.IsGroup))
            : _namedGroups.Select(n => (n, false));

    protected override void Extract(string text, ExtractedValues values)
    {
        var regex = _regex.Regex;
        var match = regex.Match(text);
        while (match.Success)
        {
            if (_format is not null)
            {
                foreach (var (name, value) in _format)
                {
                    var key = name.Resolve(regex, match);
                    values.Add(_cleanKeys && name.IsGroup ? CleanKey(key) : key, value.Resolve(regex, match), MvAdd, KeepEmpty);
                }
            }
            else
            {
                foreach (var group in _namedGroups)
                {
                    var captured = match.Groups[group];
                    if (captured.Success)
                    {
                        values.Add(group, captured.Value, MvAdd, KeepEmpty);
                    }
                }

                foreach (var (key, value) in _keyValueGroups)
                {
                    if (match.Groups[key].Success && match.Groups[value].Success)
                    {
                        var name = match.Groups[key].Value;
                        values.Add(_cleanKeys ? CleanKey(name) : name, match.Groups[value].Value, MvAdd, KeepEmpty);
                    }
                }
            }

            // A transform's regex is applied along the whole text: names taken from the text give every pair, and with
            // MV_ADD every match of a fixed name adds a value (without it the first value stays, so one match is all).
            if ((!_namesFromText && !MvAdd) || match.Length == 0)
            {
                break;
            }

            match = match.NextMatch();
        }
    }
}

/// <summary>
/// A DELIMS extraction: pairs split by the first set of delimiters, keys from values by the second; with FIELDS, the
/// values are named in order instead.
/// </summary>
internal sealed class DelimsExtraction(string pairDelimiters, string? keyValueDelimiters, IReadOnlyList<string>? fieldNames, bool cleanKeys) : Extraction
{
    public override IEnumerable<(string Name, bool Literal)> FixedOutputs => fieldNames?.Select(n => (n, false)) ?? [];

    public override bool NamesFromText => fieldNames is null;

    protected override void Extract(string text, ExtractedValues values)
    {
        var pairs = fieldNames is null
            ? text.Split(pairDelimiters.ToCharArray(), StringSplitOptions.RemoveEmptyEntries)
            : text.Split(pairDelimiters.ToCharArray());
        if (fieldNames is not null && keyValueDelimiters is null)
        {
            for (var i = 0; i < pairs.Length && i < fieldNames.Count; i++)
            {
                values.Add(fieldNames[i], pairs[i].Trim('"'), MvAdd, KeepEmpty);
            }

            return;
        }

        if (keyValueDelimiters is null)
        {
            // One delimiter set without FIELDS: even tokens are names, odd tokens values.
            for (var i = 0; i + 1 < pairs.Length; i += 2)
            {
                values.Add(Key(pairs[i]), pairs[i + 1].Trim('"'), MvAdd, KeepEmpty);
            }

            return;
        }

        foreach (var pair in pairs)
        {
            var at = pair.IndexOfAny(keyValueDelimiters.ToCharArray());
            if (at > 0)
            {
                values.Add(Key(pair[..at]), pair[(at + 1)..].Trim('"'), MvAdd, KeepEmpty);
            }
        }
    }

    private string Key(string key) => cleanKeys ? CleanKey(key.Trim().Trim('"')) : key.Trim().Trim('"');
}
