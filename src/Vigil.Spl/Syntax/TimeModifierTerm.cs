using Vigil.Spl.Values;

namespace Vigil.Spl.Syntax;

/// <summary>
/// A time modifier as written among search terms (<c>earliest=-7d@d</c>, <c>starthoursago=168</c>,
/// <c>timeformat=...</c>). It is no test of its own: Splunk applies time modifiers as the time range of the group of
/// terms they stand in (Search Reference, "Time modifiers"), so once a search is parsed,
/// <see cref="TimeModifierGroups"/> gathers each group's modifiers into one <see cref="TimeWindowExpression"/>.
/// </summary>
internal sealed class TimeModifierTerm(string name, SearchOperator op, string value, int position, int length) : SearchExpression
{
    /// <summary>The modifiers Vigil runs, as the Search Reference lists them ("Time modifiers", "search").</summary>
    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal)
    {
        "earliest", "latest", "starttime", "endtime", "starttimeu", "endtimeu", "timeformat",
        "startminutesago", "starthoursago", "startdaysago", "startmonthsago",
        "endminutesago", "endhoursago", "enddaysago", "endmonthsago",
    };

    /// <summary>
    /// Modifiers Splunk documents that Vigil refuses: the index-time ones (Vigil's events have no <c>_indextime</c>) and
    /// the deprecated ones whose range the Search Reference leaves open ("within the last N days" from when, a "range"
    /// of days around what).
    /// </summary>
    private static readonly HashSet<string> Refused = new(StringComparer.Ordinal)
    {
        "_index_earliest", "_index_latest", "daysago", "hoursago", "minutesago", "monthsago",
        "searchtimespandays", "searchtimespanhours", "searchtimespanminutes", "searchtimespanmonths",
    };

    public string Name { get; } = name;

    public SearchOperator Operator { get; } = op;

    public string Value { get; } = value;

    public int Position { get; } = position;

    public int Length { get; } = length;

    public static bool IsSupported(string field) => Supported.Contains(field);

    public static bool IsRefused(string field) => Refused.Contains(field);

    public override bool Matches(Row row) =>
        throw new InvalidOperationException("a time modifier is matched through the time window of its group");

    public override IEnumerable<string> FieldsRead() => Name == "timeformat" ? [] : ["_time"];

    // A time range needs no literal in the raw text.
    public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField) => null;

    public SplSyntaxException Error(string message) =>
        new(Position, Length, message, SplDiagnosticId.UnsupportedFeature, $"time modifier {Name}=");
}
