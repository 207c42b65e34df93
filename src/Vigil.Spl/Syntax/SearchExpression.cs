using System.Text.RegularExpressions;
using Vigil.Spl.Values;

namespace Vigil.Spl.Syntax;

/// <summary>
/// The boolean language of the <c>search</c> command (and of the base search): field comparisons, IN lists, bare
/// terms against <c>_raw</c>, AND / OR / NOT. Values compare case-insensitively, field names case-sensitively.
/// </summary>
public abstract class SearchExpression
{
    public abstract bool Matches(Row row);

    /// <summary>
    /// Literal text that <c>_raw</c> must contain (case-insensitively) for the expression to match, as a tree of
    /// alternatives; null when nothing can be said. Lets a source skip parsing events that cannot match.
    /// </summary>
    public abstract RawRequirement? RawRequirement(Func<string, bool> isVerbatimField);

    /// <summary>The fields the expression reads (a bare term reads _raw).</summary>
    public abstract IEnumerable<string> FieldsRead();
}

public sealed class AndExpression(IReadOnlyList<SearchExpression> operands) : SearchExpression
{
    // An array: a foreach over the interface would allocate an enumerator on every test of every event.
    private readonly SearchExpression[] _operands = [.. operands];

    public IReadOnlyList<SearchExpression> Operands => _operands;

    public override bool Matches(Row row)
    {
        foreach (var operand in _operands)
        {
            if (!operand.Matches(row))
            {
                return false;
            }
        }

        return true;
    }

    public override IEnumerable<string> FieldsRead() => Operands.SelectMany(o => o.FieldsRead());

    public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField)
    {
        var all = Operands.Select(o => o.RawRequirement(isVerbatimField)).OfType<RawRequirement>().ToList();
        return all.Count switch
        {
            0 => null,
            1 => all[0],
            _ => new RawRequirement.All(all),
        };
    }
}

public sealed class OrExpression(IReadOnlyList<SearchExpression> operands) : SearchExpression
{
    // An array: a foreach over the interface would allocate an enumerator on every test of every event.
    private readonly SearchExpression[] _operands = [.. operands];

    // Many alternatives requiring values of one field are looked up by the row's value, not tried in turn. Made at the
    // first test (an OR made only to be taken apart, as IN's raw requirement is, never needs one): null until then,
    // then the index or NoIndex. Threads racing to make it make the same.
    private static readonly object NoIndex = new();
    private object? _index;

    public IReadOnlyList<SearchExpression> Operands => _operands;

    /// <summary>Whether the alternatives are looked up by a field's value (<see cref="OrIndex"/>).</summary>
    internal bool IsIndexed => Index() is not null;

    /// <summary>One alternative stands for itself; none match nothing.</summary>
    public SearchExpression Simplify() => Operands.Count switch
    {
        0 => MatchNoneExpression.Instance,
        1 => Operands[0],
        _ => this,
    };

    public override bool Matches(Row row)
    {
        if (Index() is { } index)
        {
            return index.Matches(row);
        }

        foreach (var operand in _operands)
        {
            if (operand.Matches(row))
            {
                return true;
            }
        }

        return false;
    }

    public override IEnumerable<string> FieldsRead() => Operands.SelectMany(o => o.FieldsRead());

    private OrIndex? Index()
    {
        var index = Volatile.Read(ref _index);
        if (index is null)
        {
            index = OrIndex.For(_operands) ?? NoIndex;
            Volatile.Write(ref _index, index);
        }

        return index as OrIndex;
    }

    public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField)
    {
        var any = new List<RawRequirement>();
        foreach (var operand in Operands)
        {
            if (operand.RawRequirement(isVerbatimField) is not { } requirement)
            {
                return null;
            }

            any.Add(requirement);
        }

        return new RawRequirement.Any(any);
    }
}

public sealed class NotExpression(SearchExpression operand) : SearchExpression
{
    public SearchExpression Operand { get; } = operand;

    public override bool Matches(Row row) => !Operand.Matches(row);

    public override IEnumerable<string> FieldsRead() => Operand.FieldsRead();

    public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField) => null;
}

public sealed class MatchAllExpression : SearchExpression
{
    public static MatchAllExpression Instance { get; } = new();

    public override bool Matches(Row row) => true;

    public override IEnumerable<string> FieldsRead() => [];

    public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField) => null;
}

/// <summary>Matches no row: a tag that nothing carries.</summary>
public sealed class MatchNoneExpression : SearchExpression
{
    public static MatchNoneExpression Instance { get; } = new();

    public override bool Matches(Row row) => false;

    public override IEnumerable<string> FieldsRead() => [];

    // Nothing can match, so nothing need be parsed; an empty any-of is never satisfied.
    public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField) => new RawRequirement.Any([]);
}

public enum SearchOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary><c>field=value</c> and friends. <c>field!=v</c> needs the field to exist; <c>NOT field=v</c> does not.</summary>
public sealed class FieldComparison : SearchExpression
{
    public FieldComparison(string field, SearchOperator op, string value)
    {
        _field = new FieldKey(field);
        Operator = op;
        Value = value;
        Pattern = new Wildcard(value);
        _numericValue = Values.Value.TryParseNumber(value, out var number) ? number : null;
        if (value.Contains('/', StringComparison.Ordinal) && Cidr.TryParse(value, out var network))
        {
            _network = network;
        }
    }

    // A CIDR value (10.0.0.0/8) compares as a network: an address matches when the network holds it.
    private readonly System.Net.IPNetwork? _network;

    // The literal as a number, parsed once rather than for every event an ordered comparison sees.
    private readonly double? _numericValue;

    private readonly FieldKey _field;

    public string Field => _field.Name;

    public SearchOperator Operator { get; }

    public string Value { get; }

    public Wildcard Pattern { get; }

    public override IEnumerable<string> FieldsRead() => [Field];

    public override bool Matches(Row row)
    {
        var value = row[_field];
        if (value.IsNull)
        {
            return false;
        }

        return Operator switch
        {
            SearchOperator.Equal => AnyValueMatches(value),
            SearchOperator.NotEqual => !AnyValueMatches(value),
            _ => value.AnyText(this, static (self, text) => self.CompareOrdered(text)),
        };
    }

    private bool AnyValueMatches(Value value) => value.AnyText(this, static (self, text) => self.MatchesOne(text));

    /// <summary>Whether a value matches exactly but for case: no wildcard, no network.</summary>
    internal bool IsExact => !Pattern.HasWildcard && _network is null;

    /// <summary>Whether the value is a network (10.0.0.0/8), which an address in it matches.</summary>
    internal bool IsNetwork => _network is not null;

    internal bool MatchesOne(string text) =>
        _network is { } network ? Cidr.Contains(network, text) || Pattern.IsMatch(text) : Pattern.IsMatch(text);

    private bool CompareOrdered(string text)
    {
        int order;
        if (_numericValue is { } right && Values.Value.TryParseNumber(text, out var left))
        {
            order = left.CompareTo(right);
        }
        else
        {
            // Not both numbers: lexicographic and case-sensitive, as the search command compares strings.
            order = string.CompareOrdinal(text, Value);
        }

        return Operator switch
        {
            SearchOperator.Less => order < 0,
            SearchOperator.LessOrEqual => order <= 0,
            SearchOperator.Greater => order > 0,
            _ => order >= 0,
        };
    }

    public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField) =>
        Operator == SearchOperator.Equal && !Pattern.HasWildcard && _network is null && isVerbatimField(Field) && Syntax.RawRequirement.IsSafeLiteral(Value)
            ? new RawRequirement.Contains(Value)
            : null;
}

/// <summary><c>field IN (v1, v2, ...)</c>: any of the values, wildcards allowed.</summary>
public sealed class FieldInExpression : SearchExpression
{
    private readonly IReadOnlyList<FieldComparison> _alternatives;

    // Values without a wildcard or network match exactly but for case: one set lookup for them all (ESCU lists dozens
    // of event codes or process names this way); the others are tried one by one.
    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly FieldComparison[] _patterns;

    public FieldInExpression(string field, IReadOnlyList<string> values)
    {
        _field = new FieldKey(field);
        _alternatives = values.Select(v => new FieldComparison(field, SearchOperator.Equal, v)).ToList();
        var patterns = new List<FieldComparison>();
        foreach (var alternative in _alternatives)
        {
            if (alternative.IsExact)
            {
                _exact.Add(alternative.Value);
            }
            else
            {
                patterns.Add(alternative);
            }
        }

        _patterns = [.. patterns];
    }

    private readonly FieldKey _field;

    public string Field => _field.Name;

    /// <summary>One comparison per value, in the order written.</summary>
    internal IReadOnlyList<FieldComparison> Alternatives => _alternatives;

    /// <summary>The values, in the order written.</summary>
    public IEnumerable<string> Values => _alternatives.Select(a => a.Value);

    public override IEnumerable<string> FieldsRead() => [Field];

    public override bool Matches(Row row) => row[_field].AnyText(this, static (self, text) => self.MatchesOne(text));

    private bool MatchesOne(string text)
    {
        if (_exact.Contains(text))
        {
            return true;
        }

        foreach (var pattern in _patterns)
        {
            if (pattern.MatchesOne(text))
            {
                return true;
            }
        }

        return false;
    }

    public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField) =>
        new OrExpression(_alternatives).RawRequirement(isVerbatimField);
}

/// <summary>
/// A bare or quoted term, searched in <c>_raw</c> as Splunk searches its index: case-insensitively and only where it
/// stands between breakers (not inside a longer word or number), <c>*</c> standing for any run of characters.
/// <c>TERM(x)</c> needs x between major breakers (white space, brackets, quotes, <c>| ! ; , &amp; ? +</c>), so minor
/// breakers such as <c>. / : = -</c> inside it do not split it; <c>CASE(x)</c> matches case-sensitively.
/// </summary>
public sealed class TermExpression : SearchExpression
{
    private const string MajorBreakers = " \t\r\n[]<>(){}|!;,'\"*&?+";
    private readonly Regex? _regex;
    private readonly bool _wholeTerm;
    private readonly StringComparison _comparison;

    public TermExpression(string term, bool wholeTerm = false, bool caseSensitive = false)
    {
        Term = term;
        _wholeTerm = wholeTerm;
        _comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        if (term.Contains('*', StringComparison.Ordinal))
        {
            var parts = term.Split('*').Select(Regex.Escape);
            var pattern = string.Join(".*?", parts);
            var left = term.StartsWith('*') ? string.Empty : wholeTerm ? @"(?<![^\s\[\]<>(){}|!;,'""*&?+])" : @"(?<![\p{L}\p{N}])";
            var right = term.EndsWith('*') ? string.Empty : wholeTerm ? @"(?![^\s\[\]<>(){}|!;,'""*&?+])" : @"(?![\p{L}\p{N}])";
            var options = RegexOptions.CultureInvariant | RegexOptions.Singleline | (caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase);
            _regex = new Regex(left + pattern + right, options, TimeSpan.FromSeconds(1));
        }
    }

    public string Term { get; }

    public override IEnumerable<string> FieldsRead() => ["_raw"];

    public override bool Matches(Row row)
    {
        var raw = row["_raw"];
        return !raw.IsNull && Contains(raw.FirstText);
    }

    private bool Contains(string raw)
    {
        if (_regex is not null)
        {
            return _regex.IsMatch(raw);
        }

        var from = 0;
        while (from <= raw.Length - Term.Length)
        {
            var at = raw.IndexOf(Term, from, _comparison);
            if (at < 0)
            {
                return false;
            }

            var end = at + Term.Length;
            var startsClean = _wholeTerm
                ? at == 0 || MajorBreakers.Contains(raw[at - 1], StringComparison.Ordinal)
                : at == 0 || !char.IsLetterOrDigit(raw[at - 1]) || !char.IsLetterOrDigit(Term[0]);
            var endsClean = _wholeTerm
                ? end == raw.Length || MajorBreakers.Contains(raw[end], StringComparison.Ordinal)
                : end == raw.Length || !char.IsLetterOrDigit(raw[end]) || !char.IsLetterOrDigit(Term[^1]);
            if (startsClean && endsClean)
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField)
    {
        var longest = Term.Split('*').MaxBy(p => p.Length) ?? string.Empty;
        return longest.Length > 0 && Syntax.RawRequirement.IsSafeLiteral(longest) ? new RawRequirement.Contains(longest) : null;
    }
}

/// <summary>What raw text must contain for a search to have a chance: literals combined with all-of and any-of.</summary>
public abstract class RawRequirement
{
    public abstract bool IsSatisfiedBy(ReadOnlySpan<char> raw);

    /// <summary>Whether no text satisfies it (an any-of with nothing in it, as a subsearch without results gives).</summary>
    public abstract bool NeverSatisfied { get; }

    /// <summary>How many literals it tests at most per text.</summary>
    public abstract int LiteralCount { get; }

    /// <summary>
    /// A requirement every text satisfying this one satisfies, testing at most <paramref name="maxLiterals"/>
    /// literals (null: none left): all-of parts are dropped, largest first, and an any-of too large for the bound is
    /// dropped whole. Testing literal by literal, thousands (a subsearch's results) would cost more than the parse they
    /// spare.
    /// </summary>
    public abstract RawRequirement? Bounded(int maxLiterals);

    /// <summary>
    /// Characters that appear in an event's raw text as in the field value: no XML entity or JSON escape other than a
    /// numeric reference spells them, and the readers decode those before testing again (XML character references,
    /// JSON string escapes).
    /// </summary>
    public static bool IsSafeLiteral(string value) => value.Length > 0 && value.All(IsSafeLiteralChar);

    private static bool IsSafeLiteralChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ' ' or ':' or '\\' or '/';

    public sealed class Contains(string literal) : RawRequirement
    {
        public string Literal { get; } = literal;

        public override bool IsSatisfiedBy(ReadOnlySpan<char> raw) => raw.Contains(Literal, StringComparison.OrdinalIgnoreCase);

        public override bool NeverSatisfied => false;

        public override int LiteralCount => 1;

        public override RawRequirement? Bounded(int maxLiterals) => maxLiterals >= 1 ? this : null;

        public override string ToString() => $"\"{Literal}\"";
    }

    public sealed class All(IReadOnlyList<RawRequirement> parts) : RawRequirement
    {
        public IReadOnlyList<RawRequirement> Parts { get; } = parts;

        public override bool IsSatisfiedBy(ReadOnlySpan<char> raw)
        {
            foreach (var part in Parts)
            {
                if (!part.IsSatisfiedBy(raw))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool NeverSatisfied => Parts.Any(p => p.NeverSatisfied);

        public override int LiteralCount => Parts.Sum(p => p.LiteralCount);

        public override RawRequirement? Bounded(int maxLiterals)
        {
            if (LiteralCount <= maxLiterals)
            {
                return this;
            }

            // Any part alone is a weaker requirement: keep the smallest while they fit.
            var kept = new List<RawRequirement>();
            var count = 0;
            foreach (var part in Parts.Select(p => p.Bounded(maxLiterals)).OfType<RawRequirement>().OrderBy(p => p.LiteralCount))
            {
                if (count + part.LiteralCount > maxLiterals)
                {
                    break;
                }

                kept.Add(part);
                count += part.LiteralCount;
            }

            return kept.Count switch
            {
                0 => null,
                1 => kept[0],
                _ => new All(kept),
            };
        }

        public override string ToString() => "(" + string.Join(" AND ", Parts) + ")";
    }

    public sealed class Any(IReadOnlyList<RawRequirement> parts) : RawRequirement
    {
        public IReadOnlyList<RawRequirement> Parts { get; } = parts;

        public override bool IsSatisfiedBy(ReadOnlySpan<char> raw)
        {
            foreach (var part in Parts)
            {
                if (part.IsSatisfiedBy(raw))
                {
                    return true;
                }
            }

            return false;
        }

        public override bool NeverSatisfied => Parts.All(p => p.NeverSatisfied);

        public override int LiteralCount => Parts.Sum(p => p.LiteralCount);

        public override RawRequirement? Bounded(int maxLiterals) => LiteralCount <= maxLiterals ? this : null;

        public override string ToString() => "(" + string.Join(" OR ", Parts) + ")";
    }
}
