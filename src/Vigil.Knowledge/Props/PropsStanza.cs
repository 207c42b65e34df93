using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Vigil.Knowledge.Conf;

namespace Vigil.Knowledge.Props;

/// <summary>What a props.conf stanza applies to. Precedence between kinds: source, then host, then sourcetype.</summary>
internal enum StanzaKind
{
    Default,
    Sourcetype,
    Host,
    Source,
}

/// <summary>
/// A props.conf stanza and what it matches: <c>[sourcetype]</c>, <c>[host::pattern]</c>, <c>[source::pattern]</c>.
/// Patterns match the whole name: <c>...</c> is any run of characters, <c>*</c> any run without '/', <c>|</c> and
/// parentheses group alternatives. Source and sourcetype match case-sensitively, host does not. A literal stanza has
/// priority 100 and a pattern 0, unless <c>priority</c> says otherwise.
/// </summary>
internal sealed class PropsStanza
{
    private readonly Regex? _pattern;
    private readonly string _literal;

    public PropsStanza(ConfStanza settings, Action<KnowledgeProblem> report)
    {
        Settings = settings;
        var name = settings.Name;
        (Kind, _literal) = name switch
        {
            ConfFile.DefaultStanza => (StanzaKind.Default, string.Empty),
            _ when name.StartsWith("source::", StringComparison.Ordinal) => (StanzaKind.Source, name["source::".Length..]),
            _ when name.StartsWith("host::", StringComparison.Ordinal) => (StanzaKind.Host, name["host::".Length..]),
            _ => (StanzaKind.Sourcetype, name),
        };

        IsPattern = Kind != StanzaKind.Default && (_literal.Contains("...", StringComparison.Ordinal) || _literal.IndexOfAny(['*', '|', '(']) >= 0);
        if (IsPattern)
        {
            try
            {
                _pattern = new Regex(Translate(_literal), RegexOptions.CultureInvariant | (Kind == StanzaKind.Host ? RegexOptions.IgnoreCase : RegexOptions.None), TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                report(new KnowledgeProblem(settings.Origin, settings.Line, $"stanza [{name}] is not a pattern Vigil can read ({e.Message}); it applies to nothing"));
                _pattern = null;
            }
        }

        Priority = IsPattern ? 0 : 100;
        if (settings["priority"] is { } priority)
        {
            if (int.TryParse(priority.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                Priority = value;
            }
            else
            {
                report(new KnowledgeProblem(priority.Origin, priority.Line, $"priority must be a whole number, not '{priority.Value}'"));
            }
        }
    }

    public ConfStanza Settings { get; }

    public string Name => Settings.Name;

    public StanzaKind Kind { get; }

    public bool IsPattern { get; }

    public int Priority { get; }

    public bool Matches(string sourcetype, string source, string host) => Kind switch
    {
        StanzaKind.Default => true,
        StanzaKind.Sourcetype => Match(sourcetype, StringComparison.Ordinal),
        StanzaKind.Source => Match(source, StringComparison.Ordinal),
        _ => Match(host, StringComparison.OrdinalIgnoreCase),
    };

    private bool Match(string value, StringComparison comparison) =>
        IsPattern ? _pattern is not null && _pattern.IsMatch(value) : string.Equals(value, _literal, comparison);

    /// <summary>Splunk's stanza pattern language as a .NET regular expression, anchored at both ends.</summary>
    private static string Translate(string pattern)
    {
        var builder = new StringBuilder("^(?:");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (string.CompareOrdinal(pattern, i, "...", 0, 3) == 0)
            {
                builder.Append(".*");
                i += 2;
            }
            else if (c == '*')
            {
                builder.Append("[^/]*");
            }
            else if (c is '|' or '(' or ')')
            {
                builder.Append(c);
            }
            else if (c == '\\' && i + 1 < pattern.Length)
            {
                builder.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else
            {
                builder.Append(Regex.Escape(c.ToString()));
            }
        }

        return builder.Append(")$").ToString();
    }
}
