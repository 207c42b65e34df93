using System.Collections.Concurrent;
using Vigil.Spl.Execution.Dispatch;

namespace Vigil.Knowledge.Fields;

/// <summary>
/// The steps an event of one kind needs, told apart by the literals its raw text holds. The searches taking every event
/// of the kind read some fields; those told apart by literals read more, which an event needs only when it holds one
/// of their literals: the few Security searches that show <c>EventData_Xml</c> no longer have a regular expression run
/// over every Security event's whole text. Fields no step computes cost nothing and are left out of the choice; the
/// searches reading the same computed fields form one group. A plan is made once per combination of groups met (up to
/// a bound), and leaves out no field a search that could take the event reads.
/// </summary>
internal sealed class LiteralPlans
{
    // A combination of groups is one bit each in a word.
    private const int MaxGroups = 64;

    // Plans kept for combinations met; past this, an event meeting a new combination takes the plan for every group
    // (it computes more than it needs, never less), so an input cannot make memory grow with its combinations.
    private const int MaxPlans = 256;

    private readonly FieldPlan _whole;
    private readonly IReadOnlySet<string> _always;
    private readonly (int[] Literals, string[] Fields)[] _groups;
    private readonly ConcurrentDictionary<ulong, FieldPlan> _plans = new();

    private LiteralPlans(FieldPlan whole, IReadOnlySet<string> always, (int[] Literals, string[] Fields)[] groups)
    {
        _whole = whole;
        _always = always;
        _groups = groups;
    }

    /// <summary>
    /// The plans of one kind of event, from the steps of the kind (<paramref name="whole"/>) and the demand split by
    /// literals (<see cref="FieldDemand.Split"/>); null when the literals tell no computed field apart (the plan of
    /// every field demanded is then the one), or too many groups of searches would.
    /// </summary>
    public static LiteralPlans? Of(FieldPlan whole, IReadOnlySet<string>? always, IReadOnlyList<LiteralReads> byLiterals)
    {
        if (always is null || byLiterals.Count == 0 || whole.ComputedFields() is not { } computed)
        {
            return null;
        }

        var groups = new Dictionary<string, (HashSet<int> Literals, string[] Fields)>(StringComparer.Ordinal);
        foreach (var reader in byLiterals)
        {
            var extra = reader.Reads.Where(f => computed.Contains(f) && !always.Contains(f)).Order(StringComparer.Ordinal).ToArray();
            if (extra.Length == 0)
            {
                continue;
            }

            var key = string.Join('\n', extra);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = ([], extra);
            }

            group.Literals.UnionWith(reader.Literals);
        }

        return groups.Count is 0 or > MaxGroups
            ? null
            : new LiteralPlans(whole, always, [.. groups.Values.Select(g => (g.Literals.Order().ToArray(), g.Fields))]);
    }

    /// <summary>The steps for an event whose raw text holds the literals <paramref name="found"/> (a scan with the demand's table).</summary>
    public FieldPlan For(ReadOnlySpan<ulong> found)
    {
        var combination = 0UL;
        for (var i = 0; i < _groups.Length; i++)
        {
            if (LiteralTable.AnyHit(found, _groups[i].Literals))
            {
                combination |= 1UL << i;
            }
        }

        if (_plans.TryGetValue(combination, out var plan))
        {
            return plan;
        }

        var every = _groups.Length == MaxGroups ? ulong.MaxValue : (1UL << _groups.Length) - 1;
        return _plans.Count < MaxPlans || combination == every
            ? _plans.GetOrAdd(combination, static (c, self) => self.Make(c), this)
            : _plans.GetOrAdd(every, static (c, self) => self.Make(c), this);
    }

    private FieldPlan Make(ulong combination)
    {
        var fields = new HashSet<string>(_always, StringComparer.Ordinal);
        for (var i = 0; i < _groups.Length; i++)
        {
            if ((combination & (1UL << i)) != 0)
            {
                fields.UnionWith(_groups[i].Fields);
            }
        }

        return _whole.Restrict(fields);
    }
}
