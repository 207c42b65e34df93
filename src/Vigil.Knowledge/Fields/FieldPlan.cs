using System.Buffers;
using Vigil.Spl.Eval;
using Vigil.Spl.Execution;
using Vigil.Spl.Lookups;
using Vigil.Spl.Values;

namespace Vigil.Knowledge.Fields;

/// <summary><c>a AS b</c> (overwrites b, and removes it when a is missing) or <c>a ASNEW b</c> (only where b is missing).</summary>
internal sealed record AliasPair(string From, string To, bool OnlyWhereMissing)
{
    /// <summary>The names with their hashes, for the lookups made on every event.</summary>
    public FieldKey FromKey { get; } = new(From);

    public FieldKey ToKey { get; } = new(To);
}

/// <summary>
/// The search-time field steps for one combination of sourcetype, source and host, in Splunk's order: extractions
/// (EXTRACT- then REPORT-, each by class name), field aliases (by class name, in sequence), calculated fields (all at
/// once, each seeing the fields as they were before any of them), automatic lookups (by class name, in sequence).
/// </summary>
internal sealed class FieldPlan
{
    public static FieldPlan Empty { get; } = new([], [], [], []);

    public FieldPlan(IReadOnlyList<Extraction> extractions, IReadOnlyList<AliasPair> aliases, IReadOnlyList<CalculatedField> evals, IReadOnlyList<AutomaticLookup> lookups)
    {
        Extractions = extractions;
        Aliases = aliases;
        Evals = evals;
        Lookups = lookups;
    }

    public IReadOnlyList<Extraction> Extractions { get; }

    public IReadOnlyList<AliasPair> Aliases { get; }

    public IReadOnlyList<CalculatedField> Evals { get; }

    public IReadOnlyList<AutomaticLookup> Lookups { get; }

    public bool IsEmpty => Extractions.Count == 0 && Aliases.Count == 0 && Evals.Count == 0 && Lookups.Count == 0;

    /// <summary>
    /// The fields a step may set (a field outside them adds no step to <see cref="Restrict"/>); null when an extraction
    /// names fields from the text it reads, so that any field may come from it.
    /// </summary>
    public IReadOnlySet<string>? ComputedFields()
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var extraction in Extractions)
        {
            if (extraction.NamesFromText)
            {
                return null;
            }

            fields.UnionWith(extraction.FixedOutputs.Select(o => o.Name));
        }

        fields.UnionWith(Aliases.Select(a => a.To));
        fields.UnionWith(Evals.Select(e => e.Field));
        fields.UnionWith(Lookups.SelectMany(l => l.OutputFields));
        return fields;
    }

    /// <summary>
    /// The steps needed to compute the given fields, and the steps those need in turn (walked backwards through the
    /// order steps run in). Splunk likewise leaves out extractions a search cannot use.
    /// </summary>
    public FieldPlan Restrict(IReadOnlySet<string> fields)
    {
        var needed = new HashSet<string>(fields, StringComparer.Ordinal);
        var lookups = new List<AutomaticLookup>();
        foreach (var lookup in Lookups.Reverse())
        {
            if (lookup.OutputFields.Any(needed.Contains))
            {
                lookups.Insert(0, lookup);
                needed.UnionWith(lookup.Invocation.Inputs.Select(i => i.EventField));
            }
        }

        var evals = new List<CalculatedField>();
        var evalInputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var eval in Evals)
        {
            if (needed.Contains(eval.Field))
            {
                evals.Add(eval);
                evalInputs.UnionWith(eval.Expression.FieldsRead());
            }
        }

        needed.UnionWith(evalInputs);
        var aliases = new List<AliasPair>();
        foreach (var alias in Aliases.Reverse())
        {
            if (needed.Contains(alias.To))
            {
                aliases.Insert(0, alias);
                needed.Add(alias.From);
            }
        }

        // Extractions run in order and a later one may read an earlier one's output (SOURCE_KEY, "in field"): walk
        // them backwards, each kept one asking for the field it reads.
        var extractions = new List<Extraction>();
        foreach (var extraction in Extractions.Reverse())
        {
            if (extraction.MayProduce(needed))
            {
                extractions.Insert(0, extraction);
                needed.Add(extraction.SourceField);
            }
        }

        return new FieldPlan(extractions, aliases, evals, lookups);
    }

    public void Apply(Row row, SearchContext context)
    {
        // Indexed loops: this runs for every event, and a foreach over the lists' interfaces would allocate each time.
        if (Extractions.Count > 0)
        {
            var values = new ExtractedValues(row, row.Count);
            for (var i = 0; i < Extractions.Count; i++)
            {
                Extractions[i].Apply(row, values);
            }
        }

        for (var i = 0; i < Aliases.Count; i++)
        {
            var alias = Aliases[i];
            var value = row[alias.FromKey];
            if (alias.OnlyWhereMissing)
            {
                if (!value.IsNull && !row.Has(alias.ToKey))
                {
                    row[alias.ToKey] = value;
                }
            }
            else
            {
                // Since Splunk 7.2.4 an AS alias whose source is missing removes the alias field.
                row[alias.ToKey] = value;
            }
        }

        if (Evals.Count > 0)
        {
            var results = ArrayPool<Value>.Shared.Rent(Evals.Count);
            for (var i = 0; i < Evals.Count; i++)
            {
                results[i] = Evals[i].Evaluate(row, context);
            }

            // A calculated field replaces any field of its name, even with null.
            for (var i = 0; i < Evals.Count; i++)
            {
                row[Evals[i].Key] = results[i];
            }

            ArrayPool<Value>.Shared.Return(results, clearArray: true);
        }

        for (var i = 0; i < Lookups.Count; i++)
        {
            Lookups[i].Apply(row);
        }
    }
}

/// <summary>A <c>LOOKUP-</c> setting: its invocation, and where it was written (to say once if its table cannot be read).</summary>
internal sealed class AutomaticLookup(LookupInvocation invocation, string location, Action<string> reportOnce)
{
    private bool _failed;

    public LookupInvocation Invocation { get; } = invocation;

    /// <summary>The event fields it may write (its table's columns when it has no OUTPUT list).</summary>
    public IReadOnlyList<string> OutputFields => _outputFields ??= ReadOutputFields();

    private IReadOnlyList<string>? _outputFields;

    private List<string> ReadOutputFields()
    {
        try
        {
            return Invocation.OutputFields(Invocation.Definition.Table.Header).ToList();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return Invocation.Outputs.Select(o => o.EventField).ToList();
        }
    }

    public void Apply(Row row)
    {
        if (_failed)
        {
            return;
        }

        try
        {
            Invocation.Apply(row);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or SplLimitException)
        {
            // The table is read when knowledge compiles (FieldPlanCompiler), so this is a table gone or changed since.
            _failed = true;
            reportOnce($"{location}: lookup '{Invocation.Definition.Name}' cannot be read, so it adds nothing: {(e as SplLimitException)?.InnerException?.Message ?? e.Message}");
        }
    }
}
