using System.Text.RegularExpressions;
using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>map search="..." [maxsearches=N]</c>: runs the search once for each of the first N rows (by default the limit
/// spl.map-searches, 10 as in Splunk; the rest are left out, as Splunk leaves them, with a warning when the limit did it), with each <c>$field$</c> replaced by the row's value of the field (its first
/// value; nothing when the row lacks it) and <c>$_serial_id$</c> by the search's number from 1; the results are all the
/// searches' rows, one search after the other. A search over events runs over the hunt's events, which have gone by
/// when the rows are known: where the hunt can read them again (<see cref="IEventRereader"/>), all the searches read
/// them again together; elsewhere map keeps the events the search could match whatever the values (those its other
/// terms allow) until the rows are known. The search must start with a plain search or a generator reading no events; tstats, subsearches
/// over events inside it, and saved searches (<c>map name</c>) are refused. A row whose values make the search
/// unparsable gives no results.
/// </summary>
internal sealed partial class MapCommand : SplCommand
{
    /// <summary>What a token becomes to decide which events to keep: a word no event holds.</summary>
    private const string Placeholder = "vigil0map0token0";

    private readonly SplDefinitions _definitions;

    /// <summary>The template with every term holding a token matching anything: what the searches read, at most (their raw text needs, their fields).</summary>
    private readonly SplPipeline _widest;

    /// <summary>The template's base search with a placeholder for every token, for deciding which events to keep.</summary>
    private readonly SearchExpression? _keep;

    private MapCommand(int position, string template, int? maxSearches, SplDefinitions definitions, SplPipeline widest, SearchExpression? keep)
        : base(position)
    {
        Template = template;
        MaxSearches = maxSearches;
        _definitions = definitions;
        _widest = widest;
        _keep = keep;
    }

    public string Template { get; }

    /// <summary>The search's maxsearches=, or null for the limit spl.map-searches.</summary>
    public int? MaxSearches { get; }

    public override string Name => "map";

    public override IReadOnlyCollection<string>? FieldsRead =>
        Tokens().Matches(Template).Select(m => m.Groups[1].Value).Where(t => t != "_serial_id").ToHashSet(StringComparer.Ordinal);

    public override bool ChoosesFields => true;

    public override bool DependsOnOrder => true;

    public override IReadOnlyList<SplPipeline> Subsearches => [_widest];

    // Where the hunt reads events again, its first reading only notes whether an event could match: that reads what
    // the noting test reads, and the searches get every field when they read again.
    internal override IEnumerable<(Execution.Dispatch.SearchGate Gate, IReadOnlySet<string>? Reads)> EventReaders(
        Func<string, bool> isVerbatimField, bool rereads) =>
        rereads && _widest.ReadsEvents && _keep is not null
            ? [(_widest.Gate(isVerbatimField), SubsearchConditions.FieldsRead(_keep)?.Append("_time").ToHashSet(StringComparer.Ordinal))]
            : base.EventReaders(isVerbatimField, rereads);

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) => _widest.Columns;

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream)
    {
        EventBuffer? events = null;
        if (_widest.ReadsEvents)
        {
            // Where the hunt can read its events again, only whether one could match is noted: the searches read them
            // again once the rows are known. Elsewhere they are held until then.
            var hold = context.EventRereader is null;
            events = new EventBuffer(_widest, TimeWindowExpression.Bind(_keep!, context), context.KeepsWholeEvents ? null : _widest.BufferedEventFields, hold, context.Limits.EventsHeld, context.Limits);
            context.AddEventFeed(events);
        }

        return new Stage(this, context, events, downstream);
    }

    /// <summary>The search for one row: tokens replaced by its values.</summary>
    private string Instantiate(Row row, int serial) => Tokens().Replace(Template, match =>
    {
        var name = match.Groups[1].Value;
        var value = row[name];
        return name == "_serial_id" ? serial.ToString(System.Globalization.CultureInfo.InvariantCulture) : value.IsNull ? string.Empty : value.FirstText;
    });

    [GeneratedRegex(@"\$([A-Za-z_][\w.]*)\$")]
    private static partial Regex Tokens();

    /// <summary>A time modifier whose value is a token (<c>earliest="$starttime$"</c>).</summary>
    [GeneratedRegex(@"\b((?:earliest|latest|starttime|endtime|starttimeu|endtimeu|(?:start|end)(?:minutes|hours|days|months)ago)\s*(?:=|>=|<))\s*""?\$[A-Za-z_][\w.]*\$")]
    private static partial Regex TimeModifierToken();

    /// <summary>The search with each term that holds a token (and each IN list, whose values cannot be seen) matching anything.</summary>
    private static SearchExpression Widen(SearchExpression expression) => expression switch
    {
        AndExpression and => new AndExpression(and.Operands.Select(Widen).ToList()),
        OrExpression or => new OrExpression(or.Operands.Select(Widen).ToList()),
        NotExpression not => new NotExpression(Widen(not.Operand)),
        FieldComparison comparison when HoldsToken(comparison) => new AnyValue(comparison.Field),
        TermExpression term when HoldsToken(term) => new AnyValue("_raw"),
        FieldInExpression list => new AnyValue(list.Field),
        _ => expression,
    };

    private static bool HoldsToken(SearchExpression expression) => expression switch
    {
        FieldComparison comparison => comparison.Value.Contains(Placeholder, StringComparison.OrdinalIgnoreCase),
        TermExpression term => term.Term.Contains(Placeholder, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>A term whose value a row decides: it reads its field, requires no raw text, and is never run.</summary>
    private sealed class AnyValue(string field) : SearchExpression
    {
        public override bool Matches(Row row) => true;

        public override IEnumerable<string> FieldsRead() => [field];

        public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField) => null;
    }

    /// <summary>
    /// The hunt's events the map searches could match: kept until the rows are known, or, when they will be read
    /// again, only noted as being there.
    /// </summary>
    private sealed class EventBuffer(SplPipeline searches, SearchExpression keep, FieldKey[]? fields, bool hold, int maxEvents, SplLimits limits) : IEventFeed
    {
        public List<Row> Events { get; } = [];

        /// <summary>Whether some event could match the searches, whatever their values.</summary>
        public bool AnyCandidate { get; private set; }

        // The searches with every token matching anything take at least the events any of them could.
        public Execution.Dispatch.SearchGate Gate(Func<string, bool> isVerbatimField) => searches.Gate(isVerbatimField);

        public void Push(Row eventRow)
        {
            if (!hold && AnyCandidate)
            {
                return;
            }

            if (MatchesSomeValue(keep, eventRow) != false)
            {
                AnyCandidate = true;
                if (!hold)
                {
                    return;
                }

                if (Events.Count >= maxEvents)
                {
                    throw limits.EventsHeldExceeded("map");
                }

                // An offered event never changes, and map's searches copy what they match: held as it is, or only
                // the fields they read.
                Events.Add(fields is null ? eventRow : eventRow.CopyOf(fields));
            }
        }

        public void Complete()
        {
            // The events are read when the rows are in.
        }

        /// <summary>Three-valued: a term holding a token (or an IN list, whose values cannot be seen) could go either way.</summary>
        private static bool? MatchesSomeValue(SearchExpression expression, Row row)
        {
            switch (expression)
            {
                case AndExpression and:
                    var all = true;
                    foreach (var operand in and.Operands)
                    {
                        var verdict = MatchesSomeValue(operand, row);
                        if (verdict == false)
                        {
                            return false;
                        }

                        all &= verdict is not null;
                    }

                    return all ? true : null;
                case OrExpression or:
                    var unknown = false;
                    foreach (var operand in or.Operands)
                    {
                        var verdict = MatchesSomeValue(operand, row);
                        if (verdict == true)
                        {
                            return true;
                        }

                        unknown |= verdict is null;
                    }

                    return unknown ? null : false;
                case NotExpression not:
                    return !MatchesSomeValue(not.Operand, row);
                case FieldComparison or TermExpression when HoldsToken(expression):
                case FieldInExpression:
                case SubsearchCondition:
                    return null;
                default:
                    return expression.Matches(row);
            }
        }
    }

    private sealed class Stage(MapCommand command, SearchContext context, EventBuffer? events, IRowSink next) : IRowSink
    {
        private readonly List<Row> _rows = [];
        private readonly int _maxSearches = command.MaxSearches ?? context.Limits.MapSearches;

        public void Push(Row row)
        {
            if (_rows.Count < _maxSearches)
            {
                _rows.Add(row);
            }
            else if (command.MaxSearches is null)
            {
                context.Warn(SplLimits.MapSearchesName, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"map: more than {_maxSearches} rows; searches ran for the first {_maxSearches} only ({SplLimits.Hint(SplLimits.MapSearchesName)})"));
            }
        }

        public void Complete()
        {
            // All the searches go over the events together, in one pass over those held or read again; their results
            // follow one another in the order of the rows.
            var runs = new List<PipelineRun?>(_rows.Count);
            for (var i = 0; i < _rows.Count; i++)
            {
                runs.Add(Start(command.Instantiate(_rows[i], i + 1)));
            }

            _rows.Clear();
            var reading = runs.OfType<PipelineRun>().Where(r => r.ReadsEvents).ToList();
            if (reading.Count > 0 && events is not null)
            {
                if (context.EventRereader is { } rereader)
                {
                    if (events.AnyCandidate)
                    {
                        var bases = reading.Select(r => r.Pipeline.BaseSearch ?? new AnyValue("_raw")).ToList();
                        rereader.Reread(bases.Count == 1 ? bases[0] : new OrExpression(bases), eventRow => Offer(reading, eventRow));
                    }
                }
                else
                {
                    foreach (var eventRow in events.Events)
                    {
                        Offer(reading, eventRow);
                    }
                }
            }

            events?.Events.Clear();
            foreach (var run in runs)
            {
                if (run is null)
                {
                    continue;
                }

                // One of map's searches going past a limit stops map's own search with the same error.
                var result = run.Complete();
                if (result.Failure is { } failure)
                {
                    throw new SplLimitException(failure.Limit, failure.Message);
                }

                foreach (var row in result.Rows)
                {
                    next.Push(row);
                }
            }

            next.Complete();
        }

        private static void Offer(List<PipelineRun> runs, Row eventRow)
        {
            foreach (var run in runs)
            {
                run.Push(eventRow);
            }
        }

        /// <summary>The run of one row's search; null when its values make it unparsable (it gives no results).</summary>
        private PipelineRun? Start(string search)
        {
            try
            {
                return SplPipeline.Compile(search, command._definitions).Start(context);
            }
            catch (SplCompileException)
            {
                return null;
            }
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["map"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            string? template = null;
            var templatePosition = site.Position;
            int? maxSearches = null;
            while (!cursor.AtEnd)
            {
                cursor.SkipWhitespace();
                var position = cursor.Position;
                if (!cursor.TryOption(["search", "maxsearches"], out var option, out var value, out _))
                {
                    var (wordPosition, word) = cursor.PeekWordForError();
                    throw word.Contains('=', StringComparison.Ordinal)
                        ? new SplSyntaxException(wordPosition, word.IndexOf('=', StringComparison.Ordinal), $"unsupported map option '{word.Split('=')[0]}'", SplDiagnosticId.UnsupportedOption, "map " + word.Split('=')[0])
                        : new SplSyntaxException(wordPosition, word.Length, "map over a saved search is not supported: write map search=\"...\"", SplDiagnosticId.UnsupportedFeature, "map saved search");
                }

                if (option == "search")
                {
                    template = value;
                    templatePosition = position;
                }
                else
                {
                    maxSearches = Arguments.WholeNumber(value, option, position);
                }
            }

            if (template is null)
            {
                throw site.Error("map needs search=\"...\"");
            }

            var (widest, keep) = Check(template, site.Scope.Definitions, templatePosition);
            return new MapCommand(site.Position, template, maxSearches, site.Scope.Definitions, widest, keep);
        }

        /// <summary>Compiles the template with a placeholder for its tokens; refuses what map cannot run from kept events.</summary>
        private static (SplPipeline Widest, SearchExpression? Keep) Check(string template, SplDefinitions definitions, int position)
        {
            var length = "search".Length;
            if (TimeModifierToken().Match(template) is { Success: true } timed)
            {
                // Which events the searches could want depends on the times the rows bring, which are not known
                // while the hunt's events go by.
                throw new SplSyntaxException(position, length, $"a map search whose time modifier takes a $token$ ({timed.Value}) is not supported",
                    SplDiagnosticId.UnsupportedFeature, "map time modifier from a token");
            }

            try
            {
                var placeheld = SplPipeline.Compile(Tokens().Replace(template, Placeholder), definitions);
                if (placeheld.Generator.ReadsEvents && placeheld.BaseSearch is null)
                {
                    throw new SplSyntaxException(position, length, $"map runs a plain search or one over a lookup; '{placeheld.Generator.Name}' is not supported here", SplDiagnosticId.UnsupportedFeature, "map " + placeheld.Generator.Name);
                }

                if (placeheld.Subsearches.Any(s => s.ReadsEvents))
                {
                    throw new SplSyntaxException(position, length, "subsearches over events inside a map search are not supported", SplDiagnosticId.UnsupportedFeature, "map with subsearches");
                }

                // A token standing for a field name (or a whole clause) hides which fields the searches read: then any.
                var tokenAsField = placeheld.EventFieldsRead?.Any(f => f.Contains(Placeholder, StringComparison.Ordinal)) ?? false;
                var widest = placeheld.BaseSearch is { } search
                    ? SplPipeline.FromParts(placeheld.Text, new EventSearch(placeheld.Generator.Position, Widen(search)), placeheld.Commands, readsAnyField: tokenAsField)
                    : placeheld;
                return (widest, placeheld.BaseSearch);
            }
            catch (SplCompileException e)
            {
                var first = e.Diagnostics[0];
                throw new SplSyntaxException(position, length, $"the map search does not parse: {first.Message}", first.Id, first.Subject);
            }
        }
    }
}
