using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Vigil.Events.Model;
using Vigil.Knowledge.Events;
using Vigil.Knowledge.Conf;
using Vigil.Knowledge.Fields;
using Vigil.Knowledge.Props;
using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;
using Vigil.Spl.Execution.Dispatch;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Knowledge;

/// <summary>
/// Applies search-time knowledge to event rows, in Splunk's order: the props.conf field steps that match the event's
/// sourcetype, source and host (compiled once per combination), then its event types and tags, or only the steps that
/// lead to the fields the searches that could see the event read (<see cref="Demand"/>). <see cref="Apply"/> may run
/// on several threads at once; setting <see cref="Demand"/> may not.
/// </summary>
public sealed class FieldKnowledge
{
    private static readonly string[] Metadata = ["_time", "_raw", "source", "sourcetype", "host", "eventtype", "tag"];
    private readonly IReadOnlyList<PropsStanza> _stanzas;
    private readonly FieldPlanCompiler _compiler;
    private readonly SplDefinitions _definitions;
    private readonly bool _hostMatters;
    private readonly ConcurrentDictionary<(string Sourcetype, string Source, string Host, bool Multi), Plans> _plans = [];
    private readonly Lock _compiling = new();
    private MetadataSieve<(string Name, SearchExpression Search, RegexTimeouts Timeouts)>? _eventTypes;
    private FieldTags[]? _tags;
    private DerivedFields? _derived;

    private readonly Action<KnowledgeProblem> _report;

    internal FieldKnowledge(IReadOnlyList<PropsStanza> stanzas, FieldPlanCompiler compiler, SplDefinitions definitions, Action<KnowledgeProblem> report)
    {
        _stanzas = stanzas;
        _compiler = compiler;
        _definitions = definitions;
        _report = report;
        _hostMatters = stanzas.Any(s => s.Kind == StanzaKind.Host);
    }

    /// <summary>
    /// Compiles every setting and event type now, so that each problem (an EVAL with an unknown function, a regular
    /// expression .NET rejects, an event type that cannot run) is reported before any event is read.
    /// </summary>
    public FieldKnowledge Precompile()
    {
        IsVerbatimField(string.Empty);
        _eventTypes ??= CompileEventTypes();
        return this;
    }

    /// <summary>
    /// The fields the searches read of each kind of event (null: every field). Where <see cref="Apply"/> is not asked
    /// for every field, only the steps that lead to them run, as Splunk leaves out extractions a search cannot use, and
    /// event types and tags, which cost a search per event type, are left out (searches for <c>eventtype=</c> and
    /// <c>tag=</c> are compiled into the searches they stand for instead).
    /// </summary>
    public FieldDemand? Demand
    {
        get => _demand;
        set
        {
            _demand = value;
            _plans.Clear();
        }
    }

    private FieldDemand? _demand;

    /// <summary>
    /// The event's row as a search sees it with every field: what its reader gave (<see cref="EventRows.FromEvent"/>),
    /// then every field, event type and tag this knowledge adds.
    /// </summary>
    public Row RowOf(WinEvent winEvent, SearchContext context)
    {
        var row = EventRows.FromEvent(winEvent);
        Apply(row, context);
        return row;
    }

    /// <summary>
    /// Adds the knowledge's fields to an event row (which must carry sourcetype, source and host): every field, event
    /// types and tags with <paramref name="everyField"/> or without a <see cref="Demand"/>, else those demanded.
    /// </summary>
    /// <remarks>
    /// <paramref name="hits"/> are the literals of the event's raw text, scanned with the table the demand was given:
    /// with them, fields only searches told apart by literals read are computed only for events holding one of those
    /// literals (asked only where that decides). Without them, every field demanded of the event's kind is computed.
    /// </remarks>
    public void Apply(Row row, SearchContext context, bool everyField = true, ILiteralHits? hits = null)
    {
        var plans = PlanFor(row);
        if (!everyField && plans.Demanded is { } demanded)
        {
            (hits is not null && plans.ByLiterals is { } byLiterals ? byLiterals.For(hits.Hits()) : demanded).Apply(row, context);
            return;
        }

        plans.Whole.Apply(row, context);
        AddEventTypesAndTags(row);
    }

    /// <summary>
    /// The steps for one kind of event: all of them, those the demand leads to (null: all), and those told apart by the
    /// event's literals (null: the demanded ones for every event).
    /// </summary>
    private sealed record Plans(FieldPlan Whole, FieldPlan? Demanded, LiteralPlans? ByLiterals);

    /// <summary>
    /// Whether a field's values are copied from the event's text (so a literal test on the raw text is sound for it),
    /// rather than computed by an alias, calculated field, lookup or literal FORMAT, or set from metadata.
    /// </summary>
    public bool IsVerbatimField(string name)
    {
        var derived = Derived;
        return !derived.Any && !derived.Names.Contains(name) && !name.StartsWith("tag::", StringComparison.Ordinal);
    }

    /// <summary>
    /// The fields <see cref="IsVerbatimField"/> says are not verbatim besides <c>tag::</c> fields; null when none is
    /// (a step names fields from metadata). What a search's gate was worked out with, for remembering gates.
    /// </summary>
    public IReadOnlyCollection<string>? ComputedFields => Derived.Any ? null : Derived.Names;

    // Worked out on first use (the compiler is not to be shared), and published whole: hunts ask from several threads
    // at once.
    private DerivedFields Derived
    {
        get
        {
            var derived = _derived;
            if (derived is null)
            {
                lock (_compiling)
                {
                    derived = _derived ??= DeriveFields();
                }
            }

            return derived;
        }
    }

    /// <summary>The fields some step computes rather than copies from the text; Any: a step names fields from metadata.</summary>
    private sealed record DerivedFields(HashSet<string> Names, bool Any);

    private DerivedFields DeriveFields()
    {
        var names = new HashSet<string>(Metadata, StringComparer.Ordinal);
        var any = false;
        foreach (var stanza in _stanzas)
        {
            var settings = stanza.Settings.Settings.ToDictionary(s => s.Key, s => s, StringComparer.Ordinal);
            var plan = _compiler.Compile(settings);
            foreach (var alias in plan.Aliases)
            {
                names.Add(alias.To);
            }

            foreach (var eval in plan.Evals)
            {
                names.Add(eval.Field);
            }

            foreach (var lookup in plan.Lookups)
            {
                try
                {
                    names.UnionWith(lookup.Invocation.OutputFields(lookup.Invocation.Definition.Table.Header));
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    names.UnionWith(lookup.Invocation.Outputs.Select(o => o.EventField));
                }
            }

            foreach (var extraction in plan.Extractions)
            {
                // Values cut from metadata (source, host ...) are not in the event's text.
                var fromMetadata = extraction.SourceField is "source" or "sourcetype" or "host";
                if (fromMetadata && extraction.NamesFromText)
                {
                    any = true;
                }

                names.UnionWith(extraction.FixedOutputs.Where(o => o.Literal || fromMetadata).Select(o => o.Name));
            }
        }

        return new DerivedFields(names, any);
    }

    private Plans PlanFor(Row row)
    {
        var sourcetypeValue = row[FieldKey.Sourcetype];
        var sourceValue = row[FieldKey.Source];
        var key = (
            Sourcetype: sourcetypeValue.FirstText,
            Source: sourceValue.FirstText,
            Host: _hostMatters ? row[FieldKey.Host].FirstText : string.Empty,
            Multi: sourcetypeValue.Kind == ValueKind.Multi || sourceValue.Kind == ValueKind.Multi);
        if (_plans.TryGetValue(key, out var plan))
        {
            return plan;
        }

        // Compiled under a lock: once per combination however many threads meet it, and problems reported one at a time.
        lock (_compiling)
        {
            if (!_plans.TryGetValue(key, out plan))
            {
                var whole = _compiler.Compile(Winners(key.Sourcetype, key.Source, key.Host));
                var needed = _demand is null ? null : NeededOf(whole, row, _demand);
                var split = needed is null ? default : _demand!.Split(row);
                plan = new Plans(whole, needed is null ? null : whole.Restrict(needed), needed is null ? null : LiteralPlans.Of(whole, split.Always, split.ByLiterals));
                _plans[key] = plan;
            }

            return plan;
        }
    }

    private static readonly HashSet<string> DispatchMetadata = new(["source", "sourcetype"], StringComparer.Ordinal);

    /// <summary>
    /// What the searches an event of the row's kind could reach read. Dispatch tells them by the event's source and
    /// sourcetype after knowledge: where a step may change either, every field is computed.
    /// </summary>
    private static IReadOnlySet<string>? NeededOf(FieldPlan whole, Row row, FieldDemand demand) =>
        MayChangeDispatchMetadata(whole, row) ? null : demand.For(row);

    /// <summary>
    /// Whether a step may change the event's source or sourcetype: an alias, a calculated field or a lookup writing
    /// one. An extraction never replaces a field the event had before it (<see cref="ExtractedValues"/>), and events
    /// carry both, so one taking field names from the text (<c>FORMAT = $1::$2</c>) counts only where one is missing.
    /// </summary>
    private static bool MayChangeDispatchMetadata(FieldPlan whole, Row row)
    {
        var steps = whole.Restrict(DispatchMetadata);
        return steps.Aliases.Count > 0 || steps.Evals.Count > 0 || steps.Lookups.Count > 0
            || (steps.Extractions.Count > 0 && (row[FieldKey.Source].IsNull || row[FieldKey.Sourcetype].IsNull));
    }

    /// <summary>
    /// For each setting, the value from the matching stanza of highest precedence: source over host over sourcetype
    /// over [default]; within a kind, higher priority first, then the pattern that sorts first.
    /// </summary>
    private Dictionary<string, ConfSetting> Winners(string sourcetype, string source, string host)
    {
        var matching = _stanzas.Where(s => s.Matches(sourcetype, source, host))
            .OrderByDescending(s => s.Kind)
            .ThenByDescending(s => s.Priority)
            .ThenBy(s => s.Name, StringComparer.Ordinal);
        var winners = new Dictionary<string, ConfSetting>(StringComparer.Ordinal);
        foreach (var stanza in matching)
        {
            foreach (var setting in stanza.Settings.Settings)
            {
                winners.TryAdd(setting.Key, setting);
            }
        }

        return winners;
    }

    private void AddEventTypesAndTags(Row row)
    {
        if (_eventTypes is null || _tags is null)
        {
            lock (_compiling)
            {
                _eventTypes ??= CompileEventTypes();
                _tags ??= IndexTags();
            }
        }

        List<string>? types = null;
        var candidates = _eventTypes.For(row);
        for (var i = 0; i < candidates.Count; i++)
        {
            var (name, search, timeouts) = candidates[i];
            if (IsOfType(row, search, timeouts))
            {
                (types ??= []).Add(name);
            }
        }

        if (types is not null)
        {
            row["eventtype"] = Value.FromMany(types);
        }

        // Each field's tags are sorted once, when indexed: an event of one tagged value takes its list as it is.
        string[]? all = null;
        List<string>? several = null;
        foreach (var tags in _tags)
        {
            var value = row[tags.Field];
            if (value.IsNull)
            {
                continue;
            }

            var fieldTags = value.Kind == ValueKind.Multi ? tags.Of(value.Values) : tags.ByValue.GetValueOrDefault(value.FirstText);
            if (fieldTags is null)
            {
                continue;
            }

            row[tags.TagField] = Value.FromMany(fieldTags);
            if (all is null)
            {
                all = fieldTags;
            }
            else
            {
                (several ??= [.. all]).AddRange(fieldTags);
            }
        }

        if (several is not null)
        {
            all = FieldTags.SortedDistinct(several);
        }

        if (all is not null)
        {
            row[TagField] = Value.FromMany(all);
        }
    }

    private static readonly FieldKey TagField = new("tag");

    /// <summary>The tags of one field's values (its values compared ignoring case), each list sorted and without repeats.</summary>
    private sealed record FieldTags(FieldKey Field, FieldKey TagField, Dictionary<string, string[]> ByValue)
    {
        public string[]? Of(IReadOnlyList<string> values)
        {
            List<string>? found = null;
            foreach (var single in values)
            {
                if (ByValue.TryGetValue(single, out var tags))
                {
                    (found ??= []).AddRange(tags);
                }
            }

            return found is null ? null : SortedDistinct(found);
        }

        public static string[] SortedDistinct(IEnumerable<string> tags) => [.. tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    // A wildcard term of an event type's search is a regular expression: one out of time on an event must not end the
    // hunt (RegexTimeouts), and the event is then not of the type, as a search that cannot finish finds nothing.
    private static bool IsOfType(Row row, SearchExpression search, RegexTimeouts timeouts)
    {
        if (timeouts.GaveUp)
        {
            return false;
        }

        try
        {
            return search.Matches(row);
        }
        catch (RegexMatchTimeoutException e)
        {
            timeouts.Add(e, "that event is not given the type");
            return false;
        }
    }

    /// <summary>
    /// Event types in the order Splunk lists them on an event: by priority (1 first, none last), then by name; sorted
    /// once per source and sourcetype into those an event of them could be.
    /// </summary>
    private MetadataSieve<(string Name, SearchExpression Search, RegexTimeouts Timeouts)> CompileEventTypes()
    {
        var compiled = new List<(string, SearchExpression, RegexTimeouts)>();
        foreach (var type in _definitions.EventTypes.Values.OrderBy(t => t.Priority ?? int.MaxValue).ThenBy(t => t.Name, StringComparer.Ordinal))
        {
            try
            {
                var origin = type.Origin ?? "eventtypes.conf";
                var timeouts = new RegexTimeouts($"event type '{type.Name}'", message => _report(new KnowledgeProblem(origin, null, message)));
                compiled.Add((type.Name, SplCompiler.CompileCondition(type.Search, _definitions), timeouts));
            }
            catch (SplCompileException e)
            {
                _report(new KnowledgeProblem(type.Origin ?? "eventtypes.conf", null, $"event type '{type.Name}' cannot run: {e.Diagnostics[0].Message}"));
            }
        }

        return new MetadataSieve<(string Name, SearchExpression Search, RegexTimeouts Timeouts)>(compiled, type => type.Search);
    }

    private FieldTags[] IndexTags()
    {
        var index = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        foreach (var assignment in _definitions.Tags.Assignments)
        {
            if (!index.TryGetValue(assignment.Field, out var byValue))
            {
                byValue = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
                index.Add(assignment.Field, byValue);
            }

            if (!byValue.TryGetValue(assignment.Value, out var tags))
            {
                byValue[assignment.Value] = tags = [];
            }

            tags.AddRange(assignment.Tags);
        }

        return [.. index.Select(field => new FieldTags(
            new FieldKey(field.Key),
            new FieldKey("tag::" + field.Key),
            field.Value.Where(v => v.Value.Count > 0).ToDictionary(v => v.Key, v => FieldTags.SortedDistinct(v.Value), StringComparer.OrdinalIgnoreCase)))];
    }
}
