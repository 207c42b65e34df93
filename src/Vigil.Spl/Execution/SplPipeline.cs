using Vigil.Spl.Commands;
using Vigil.Spl.Definitions;
using Vigil.Spl.Macros;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution;

/// <summary>
/// A compiled search: a generator (the base search over events, tstats ...) and the commands that turn its rows into
/// results. Compile once, then <see cref="Start"/> a run per set of inputs.
/// </summary>
public sealed class SplPipeline
{
    private SplPipeline(string text, SplGenerator generator, IReadOnlyList<SplCommand> commands)
    {
        Text = text;
        Generator = generator;
        Commands = commands;
        Columns = commands.Aggregate(generator.Columns, (columns, command) => command.Columns(columns));
        NeedsNewestFirst = !generator.SetsOrder && DecideNewestFirst(commands);
        EventFieldsRead = DecideEventFieldsRead();
    }

    /// <summary>The search after macro expansion: what positions in diagnostics refer to.</summary>
    public string Text { get; }

    public SplGenerator Generator { get; }

    /// <summary>The base search when the generator is an event search; null for tstats and other generators.</summary>
    public SearchExpression? BaseSearch => (Generator as EventSearch)?.Expression;

    public IReadOnlyList<SplCommand> Commands { get; }

    /// <summary>The result columns when the search alone decides them (stats, table ...); null for raw events.</summary>
    public IReadOnlyList<string>? Columns { get; }

    /// <summary>Whether events must reach the commands newest first, as Splunk delivers them.</summary>
    public bool NeedsNewestFirst { get; }

    /// <summary>
    /// The event fields the search reads, so that search-time knowledge computes no others; null when it may read any
    /// (raw events shown, wildcards, tstats over a data model). Empty when it reads no events.
    /// </summary>
    public IReadOnlySet<string>? EventFieldsRead { get; }

    private HashSet<string>? DecideEventFieldsRead()
    {
        if (!Generator.ReadsEvents)
        {
            return new HashSet<string>();
        }

        if (Generator is not EventSearch search)
        {
            return null;
        }

        var fields = search.Expression.FieldsRead().ToHashSet(StringComparer.Ordinal);
        foreach (var command in Commands)
        {
            if (command.FieldsRead is not { } read)
            {
                return null;
            }

            fields.UnionWith(read);
            if (command.ChoosesFields)
            {
                return fields;
            }
        }

        // No command chose the fields: the events themselves are the results, every field shown.
        return null;
    }

    /// <summary>Expands macros and parses; throws <see cref="SplCompileException"/> listing every problem.</summary>
    public static SplPipeline Compile(string search, SplDefinitions definitions)
    {
        var (expandedText, macroProblems) = MacroExpander.ExpandCollecting(search, definitions);
        var expanded = expandedText.Trim();
        try
        {
            var (generator, commands) = new PipelineParser(expanded, new SearchScope(definitions)).Parse();
            if (macroProblems.Count == 0)
            {
                return new SplPipeline(expanded, generator, commands);
            }

            throw new SplCompileException(search, macroProblems);
        }
        catch (SplCompileException e) when (!ReferenceEquals(e.Diagnostics, macroProblems))
        {
            // Report macro and syntax problems together, in the order they stand in the search.
            var all = macroProblems.Concat(e.Diagnostics.Select(d => d with { SourceText = d.SourceText ?? expanded }))
                .OrderBy(d => d.Position)
                .ToList();
            throw new SplCompileException(expanded, all);
        }
    }

    public PipelineRun Start(SearchContext context)
    {
        var collector = new RowCollector();
        IRowSink sink = collector;
        for (var i = Commands.Count - 1; i >= 0; i--)
        {
            sink = Commands[i].CreateStage(context, sink);
        }

        if (NeedsNewestFirst)
        {
            sink = new NewestFirstStage(sink);
        }

        return new PipelineRun(this, Generator.Start(context, sink), collector);
    }

    private static bool DecideNewestFirst(IReadOnlyList<SplCommand> commands)
    {
        foreach (var command in commands)
        {
            if (command.DependsOnOrder)
            {
                return true;
            }

            if (command.SetsOrder)
            {
                return false;
            }
        }

        // Raw events come out in Splunk's order too.
        return true;
    }
}

/// <summary>One run of a pipeline: push events, then complete to get the results.</summary>
public sealed class PipelineRun
{
    private readonly SplPipeline _pipeline;
    private readonly GeneratorRun _generator;
    private readonly RowCollector _collector;

    internal PipelineRun(SplPipeline pipeline, GeneratorRun generator, RowCollector collector)
    {
        _pipeline = pipeline;
        _generator = generator;
        _collector = collector;
    }

    /// <summary>Events the generator took (for an event search, those that matched the base search).</summary>
    public long Matched => _generator.Matched;

    /// <summary>Whether this run wants the hunt's events at all.</summary>
    public bool ReadsEvents => _pipeline.Generator.ReadsEvents;

    /// <summary>Offers one event. The row may be shared with other runs: it is copied only if kept.</summary>
    public void Push(Row eventRow) => _generator.Push(eventRow);

    public SearchResult Complete()
    {
        _generator.Complete();
        var columns = _pipeline.Columns ?? DynamicColumns(_collector.Rows);
        return new SearchResult(columns, _collector.Rows);
    }

    /// <summary>For raw events: _time, then the fields in the order first seen, then _raw; other internal fields hidden.</summary>
    private static List<string> DynamicColumns(IReadOnlyList<Row> rows)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var columns = new List<string>();
        var hasTime = false;
        var hasRaw = false;
        foreach (var row in rows)
        {
            foreach (var name in row.Names)
            {
                if (name == "_time")
                {
                    hasTime = true;
                }
                else if (name == "_raw")
                {
                    hasRaw = true;
                }
                else if (!name.StartsWith('_') && seen.Add(name))
                {
                    columns.Add(name);
                }
            }
        }

        if (hasTime)
        {
            columns.Insert(0, "_time");
        }

        if (hasRaw)
        {
            columns.Add("_raw");
        }

        return columns;
    }
}

/// <summary>A search's results: the columns in order and the rows.</summary>
public sealed record SearchResult(IReadOnlyList<string> Columns, IReadOnlyList<Row> Rows);
