using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text.RegularExpressions;
using Vigil.Spl.Eval;
using Vigil.Spl.Execution;
using Vigil.Spl.Execution.Dispatch;
using Vigil.Spl.Lookups;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.DataModels;

/// <summary>
/// A dataset ready to project events: the constraints of it and its ancestors as one search, its calculations
/// compiled, and each field with the name tstats gives it (<c>Processes.process_name</c>: the path of the dataset
/// that defines the field, then the field). The inherited fields _time, host, source and sourcetype keep their names.
/// </summary>
internal sealed class CompiledDataset
{
    private static readonly string[] BaseEventFields = ["_time", "host", "source", "sourcetype"];
    private readonly List<(FieldKey Source, FieldKey Qualified)> _fields = [];

    // Per lineage step: the constraint (null when the step has none), applied in order with the step's calculations,
    // so a child's constraint sees its parent's calculated fields.
    private readonly List<SearchExpression?> _constraints = [];

    // Every calculation of the lineage, in the order they run, with its step, outputs and reads.
    private readonly List<Calculation> _calculations = [];

    // What projecting every field takes: every calculation, every field.
    private Projection? _whole;
    private readonly SplPipeline? _baseSearch;

    // What calculations need of an event: the fields the steps read and those calculations write (null: any field, so
    // the whole event is copied). Copying these few is much cheaper than the whole event, once per event and dataset;
    // the dataset's other fields are read from the event itself, which no calculation changes.
    private FieldKey[]? _workingFields;

    // What the commands of a base search need of an event: the above, their reads and the dataset's fields (null: the
    // whole event is copied before them). The projection reads every field from the copy they give.
    private FieldKey[]? _baseSearchFields;

    // Every field a calculation of the lineage may write.
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    // How many fields the lineage's calculations may add to a copy (room made for them when it is made).
    private int _calculatedFields;

    // Whether the steps' constraints see the event's own source and sourcetype, so that they may be folded for them
    // (MetadataFolding): no calculation writes either, and no base search command stands before the steps.
    private bool _stepsSeeEventMetadata;

    // What every projection reads (the constraints, the base search, the inherited fields, and the index the rows
    // carry, which tstats' WHERE may test): with the calculations' reads, what a search reading some of the fields needs.
    private readonly HashSet<string> _alwaysRead = new([.. BaseEventFields, "index"], StringComparer.Ordinal);

    private CompiledDataset(DataModel model, IReadOnlyList<DataModelDataset> lineage, SplPipeline? baseSearch)
    {
        Model = model;
        Lineage = lineage;
        _baseSearch = baseSearch;
    }

    public DataModel Model { get; }

    public IReadOnlyList<DataModelDataset> Lineage { get; }

    public DataModelDataset Dataset => Lineage[^1];

    /// <summary>
    /// The event fields a projection reads: the constraints' and calculations', the dataset's fields and its base
    /// search's; null when one of them cannot say.
    /// </summary>
    public IReadOnlySet<string>? EventFieldsRead { get; private set; }

    /// <summary>
    /// Whether no event can be in the dataset: a constraint of the lineage, or its base search, can never match (a tag
    /// no loaded knowledge gives).
    /// </summary>
    public bool NeverMatches { get; private set; }

    /// <summary>What an event's raw text must hold to be in the dataset: nothing can be said, or no text will do.</summary>
    public RawRequirement? RawRequirement => NeverMatches ? new RawRequirement.Any([]) : null;

    /// <summary>Whether a constraint of the lineage asks for <c>index=risk</c> (the Risk data model's).</summary>
    public bool RequiresRiskIndex => _constraints.Any(constraint => constraint is not null && IndexExpression.IsRequiredBy(constraint));

    /// <summary>The path tstats writes before a field defined by the lineage's dataset at <paramref name="depth"/>.</summary>
    public string PathOf(int depth) => string.Join('.', Lineage.Take(depth + 1).Select(d => d.Name));

    public static CompiledDataset Compile(DataModel model, string datasetName, SearchScope scope, Func<string, SplSyntaxException> error)
    {
        var lineage = model.Lineage(datasetName);
        if (lineage.Count == 0)
        {
            var at = error(string.Empty).Diagnostic;
            throw new SplSyntaxException(at.Position, at.Length, $"data model '{model.Name}' has no dataset '{datasetName}' (it has: {string.Join(", ", model.Datasets.Select(d => d.Name))})", SplDiagnosticId.UnknownDataModel, $"{model.Name}.{datasetName}");
        }

        SplPipeline? baseSearch = null;
        if (lineage[0].BaseSearch is { } text)
        {
            try
            {
                baseSearch = SplPipeline.Compile(text, scope.Definitions);
            }
            catch (SplCompileException e)
            {
                throw Wrap(error, $"the base search of {model.Name}.{lineage[0].Name} cannot run: {e.Diagnostics[0].Message}", e.Diagnostics[0]);
            }

            if (baseSearch.Generator is not EventSearch || baseSearch.Commands.Any(c => !c.IsStreaming))
            {
                throw error($"the base search of {model.Name}.{lineage[0].Name} must be a search followed by streaming commands only");
            }
        }

        var compiled = new CompiledDataset(model, lineage, baseSearch);
        compiled.NeverMatches = baseSearch?.BaseSearch is { } baseExpression && NeverMet(baseExpression);
        foreach (var name in BaseEventFields)
        {
            compiled._fields.Add((new FieldKey(name), new FieldKey(name)));
        }

        // The fields the steps read; null once one cannot say.
        HashSet<string>? working = new(StringComparer.Ordinal);
        for (var depth = 0; depth < lineage.Count; depth++)
        {
            var dataset = lineage[depth];
            var path = compiled.PathOf(depth);
            foreach (var field in dataset.Fields.Concat(dataset.Calculations.SelectMany(c => c.Outputs)))
            {
                if (!BaseEventFields.Contains(field.Name) && !compiled._fields.Any(f => f.Source.Name == field.Name))
                {
                    compiled._fields.Add((new FieldKey(field.Name), new FieldKey(path + "." + field.Name)));
                }
            }

            var constraints = new List<SearchExpression>();
            foreach (var constraintText in dataset.Constraints.Where(c => !string.IsNullOrWhiteSpace(c)))
            {
                try
                {
                    constraints.Add(SplCompiler.CompileCondition(constraintText, scope.Definitions));
                }
                catch (SplCompileException e)
                {
                    throw Wrap(error, $"the constraint of {model.Name}.{dataset.Name} cannot run: {e.Diagnostics[0].Message}", e.Diagnostics[0]);
                }
            }

            var constraint = constraints.Count switch
            {
                0 => null,
                1 => constraints[0],
                _ => new AndExpression(constraints),
            };
            compiled.NeverMatches |= constraint is not null && NeverMet(constraint);
            var calculations = dataset.Calculations.Select(c => CompileCalculation(model, dataset, c, scope, error)).ToList();
            compiled._calculatedFields += dataset.Calculations.Sum(c => c.Outputs.Count);
            compiled._constraints.Add(constraint);
            compiled._calculations.AddRange(dataset.Calculations.Zip(calculations, (c, compiledCalculation) =>
                new Calculation(depth, compiledCalculation.Apply, [.. c.Outputs.Select(o => o.Name)], compiledCalculation.Reads)));
            foreach (var calculation in calculations)
            {
                compiled._written.UnionWith(calculation.Writes);
            }

            var constraintReads = constraint is null ? [] : SubsearchConditions.FieldsRead(constraint);
            compiled._alwaysRead.UnionWith(constraintReads ?? []);
            var reads = calculations.Select(c => c.Reads).Prepend(constraintReads);
            foreach (var read in reads)
            {
                if (read is null)
                {
                    working = null;
                }
                else
                {
                    working?.UnionWith(read);
                }
            }
        }

        if (working is not null && !working.Any(f => f.Contains('*', StringComparison.Ordinal)))
        {
            // A written field is copied too: a calculation that writes nothing (a rex that does not match) leaves the
            // event's value, as it would on the event itself.
            working.UnionWith(compiled._written);
            compiled._workingFields = [.. working.Select(f => new FieldKey(f))];
            working.UnionWith(compiled._fields.Select(f => f.Source.Name));

            // The base search's commands run on a copy too: of what they and the steps read, when each says.
            if (baseSearch is not null && baseSearch.Commands.All(c => c.FieldsRead is not null))
            {
                working.UnionWith(baseSearch.Commands.SelectMany(c => c.FieldsRead!));
                compiled._baseSearchFields = [.. working.Select(f => new FieldKey(f))];
            }

            // A base search reads what its expression and commands do; its results go to the steps.
            var readsKnown = baseSearch is null;
            if (compiled._baseSearchFields is not null && baseSearch?.BaseSearch is { } expression && baseSearch.Subsearches.Count == 0
                && SubsearchConditions.FieldsRead(expression) is { } searched && !searched.Any(f => f.Contains('*', StringComparison.Ordinal)))
            {
                compiled._alwaysRead.UnionWith(searched);
                compiled._alwaysRead.UnionWith(baseSearch.Commands.SelectMany(c => c.FieldsRead!));
                readsKnown = true;
            }

            if (readsKnown)
            {
                compiled.EventFieldsRead = compiled.Needs(compiled._fields.Select(f => f.Qualified.Name).ToHashSet(StringComparer.Ordinal)).EventFields;
            }
        }

        compiled._whole = compiled.MakeProjection(_ => true, [.. compiled._fields]);
        compiled._stepsSeeEventMetadata = !compiled._written.Contains("source") && !compiled._written.Contains("sourcetype")
            && (baseSearch is null || baseSearch.Commands.Count == 0);
        return compiled;
    }

    /// <summary>
    /// The event fields a search needs of the projection when it reads only <paramref name="datasetFields"/> of the
    /// dataset rows (named as tstats names them): what every projection reads, those fields' sources, and what the
    /// calculations making them read in turn. A field the dataset does not have reads nothing of the event.
    /// </summary>
    public IReadOnlySet<string>? EventFieldsFor(IReadOnlySet<string> datasetFields)
    {
        if (EventFieldsRead is null)
        {
            return null;
        }

        return datasetFields.Any(f => f.Contains('*', StringComparison.Ordinal)) ? EventFieldsRead : Needs(datasetFields).EventFields;
    }

    /// <summary>
    /// What projecting only <paramref name="datasetFields"/> (named as tstats names them; null: every field) takes:
    /// the calculations that lead to them or to a constraint, and those fields with the inherited ones.
    /// </summary>
    public Projection ProjectionFor(IReadOnlySet<string>? datasetFields)
    {
        if (datasetFields is null || EventFieldsRead is null || datasetFields.Any(f => f.Contains('*', StringComparison.Ordinal)))
        {
            return _whole!;
        }

        var (kept, _) = Needs(datasetFields);
        return MakeProjection(kept.Contains, [.. _fields.Where(f => datasetFields.Contains(f.Qualified.Name) || BaseEventFields.Contains(f.Qualified.Name))]);
    }

    /// <summary>
    /// The calculations a reader of these dataset fields needs, and the event fields they, the constraints and the
    /// fields' sources read. Only when every calculation says what it reads (<see cref="EventFieldsRead"/> is set).
    /// </summary>
    private (HashSet<Calculation> Kept, HashSet<string> EventFields) Needs(IReadOnlySet<string> datasetFields)
    {
        var needed = new HashSet<string>(_alwaysRead, StringComparer.Ordinal);
        foreach (var (source, qualified) in _fields)
        {
            if (datasetFields.Contains(qualified.Name))
            {
                needed.Add(source.Name);
            }
        }

        // Backwards: a calculation may read what an earlier one makes.
        var kept = new HashSet<Calculation>(ReferenceEqualityComparer.Instance);
        for (var i = _calculations.Count - 1; i >= 0; i--)
        {
            var calculation = _calculations[i];
            if (MakesAny(calculation, needed))
            {
                kept.Add(calculation);
                needed.UnionWith(calculation.Reads);
            }
        }

        return (kept, needed);
    }

    // A loop, not Outputs.Any(needed.Contains): every tstats search asks, over every calculation of its dataset.
    private static bool MakesAny(Calculation calculation, HashSet<string> fields)
    {
        foreach (var output in calculation.Outputs)
        {
            if (fields.Contains(output))
            {
                return true;
            }
        }

        return false;
    }

    private Projection MakeProjection(Func<Calculation, bool> keep, (FieldKey Source, FieldKey Qualified)[] fields) =>
        new([.. _constraints.Select((constraint, depth) =>
            new ProjectionStep(constraint, [.. _calculations.Where(c => c.Step == depth && keep(c)).Select(c => c.Apply)]))],
            fields,
            [.. fields.Select(f => _written.Contains(f.Source.Name))]);

    /// <summary>A calculation of the lineage: its step, what it does, the fields it makes and those it reads.</summary>
    private sealed record Calculation(int Step, Action<Row, SearchContext> Apply, IReadOnlyList<string> Outputs, IReadOnlyCollection<string> Reads);

    /// <summary>One lineage step of a projection: its constraint (null: none) and the calculations it runs.</summary>
    internal sealed record ProjectionStep(SearchExpression? Constraint, Action<Row, SearchContext>[] Calculations);

    /// <summary>
    /// What a projector does: each step in turn, then the fields it names as tstats does, each read from the copy the
    /// calculations worked on when one may write it (<paramref name="Written"/>), else from the event.
    /// </summary>
    internal sealed record Projection(ProjectionStep[] Steps, (FieldKey Source, FieldKey Qualified)[] Fields, bool[] Written);

    /// <summary>
    /// What projecting takes for events of one source and sourcetype (<paramref name="metadataRow"/>; null: any): the
    /// base search and the steps' constraints folded for them, and whether no such event can be in the dataset.
    /// </summary>
    private FoldedProjection Fold(Projection projection, Row? metadataRow)
    {
        var baseSearch = _baseSearch?.BaseSearch;
        if (metadataRow is null)
        {
            return new(baseSearch, projection, Never: false);
        }

        baseSearch = baseSearch is null ? null : MetadataFolding.Fold(baseSearch, metadataRow);
        if (_stepsSeeEventMetadata)
        {
            projection = projection with { Steps = [.. projection.Steps.Select(step => step.Constraint is { } constraint ? step with { Constraint = Folded(constraint, metadataRow) } : step)] };
        }

        return new(baseSearch, projection, baseSearch is MatchNoneExpression || projection.Steps.Any(step => step.Constraint is MatchNoneExpression));

        // A constraint every event of the pair meets is not tested at all.
        static SearchExpression? Folded(SearchExpression constraint, Row metadataRow) =>
            MetadataFolding.Fold(constraint, metadataRow) is var folded and not MatchAllExpression ? folded : null;
    }

    /// <summary>A projection for the events of one source and sourcetype (<see cref="Fold"/>).</summary>
    private sealed record FoldedProjection(SearchExpression? BaseSearch, Projection Projection, bool Never);

    /// <summary>A projector for one run: it owns the base search's streaming stages.</summary>
    public Projector Start(SearchContext context) => new(this, context);

    internal sealed class Projector : IRowSink
    {
        private readonly CompiledDataset _dataset;
        private readonly SearchContext _context;
        private readonly IRowSink? _chain;
        private readonly List<Row> _pending = [];

        public Projector(CompiledDataset dataset, SearchContext context)
        {
            _dataset = dataset;
            _context = context;
            if (dataset._baseSearch is { } pipeline)
            {
                IRowSink sink = this;
                for (var i = pipeline.Commands.Count - 1; i >= 0; i--)
                {
                    sink = pipeline.Commands[i].CreateStage(context, sink);
                }

                _chain = sink;
            }
        }

        private Row? _lastEvent;
        private IReadOnlyList<Row> _lastRows = [];
        private ExceptionDispatchInfo? _lastFailure;

        // The copy of an event the lineage's calculations work on, made again for each event in the same storage:
        // only the projected row outlives the event.
        private Row? _working;

        // The dataset fields the runs sharing this projector read (null: any), and what projecting them takes, worked
        // out when the first event comes, and for each source and sourcetype met.
        private HashSet<string>? _wanted = new(StringComparer.Ordinal);
        private Projection? _projection;
        private ByMetadataPair<FoldedProjection>? _byPair;

        /// <summary>
        /// Adds the dataset fields (named as tstats names them; null: any) a run reading its rows reads, and returns
        /// the projector. A run started after events came (a map's whose whole search is a token, the one way a tstats
        /// starts late) makes the next event projected again, with its fields.
        /// </summary>
        public Projector Wanting(IEnumerable<string>? datasetFields)
        {
            if (_wanted is null)
            {
                return this;
            }

            if (datasetFields is null)
            {
                _wanted = null;
            }
            else if (datasetFields.All(_wanted.Contains))
            {
                return this;
            }
            else
            {
                _wanted.UnionWith(datasetFields);
            }

            _projection = null;
            _byPair = null;
            _lastEvent = null;
            return this;
        }

        /// <summary>
        /// The dataset rows the event makes: none when it is not in the dataset, several after mvexpand. The rows are
        /// shared by every search over the dataset: read them, never change them. The same event offered again (by the
        /// next search) gives the same rows without projecting again.
        /// </summary>
        public IReadOnlyList<Row> Project(Row eventRow)
        {
            if (ReferenceEquals(eventRow, _lastEvent))
            {
                _lastFailure?.Throw();
                return _lastRows;
            }

            // A projection that failed (a regular expression out of time) fails again for the next search offered the
            // same event, at once rather than after another timeout, and never gives the rows of the event before.
            _lastEvent = eventRow;
            _lastFailure = null;
            try
            {
                _lastRows = ProjectNew(eventRow);
            }
            catch (RegexMatchTimeoutException e)
            {
                _lastRows = [];
                _lastFailure = ExceptionDispatchInfo.Capture(e);
                throw;
            }

            return _lastRows;
        }

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "None and one row come without a list")]
        private IReadOnlyList<Row> ProjectNew(Row eventRow)
        {
            _pending.Clear();
            var folded = (_byPair ??= new(metadataRow => _dataset.Fold(_projection ??= _dataset.ProjectionFor(_wanted), metadataRow))).For(eventRow);
            if (folded.Never)
            {
                return [];
            }

            if (_dataset._baseSearch is { } pipeline)
            {
                if (!folded.BaseSearch!.Matches(eventRow))
                {
                    return [];
                }

                if (pipeline.Commands.Count == 0)
                {
                    // A search alone changes nothing: the event goes on as it is, copied only if calculations follow.
                    _pending.Add(eventRow);
                }
                else
                {
                    _chain!.Push(_dataset._baseSearchFields is { } fields ? eventRow.CopyOf(fields) : eventRow.Clone());
                }
            }
            else
            {
                _pending.Add(eventRow);
            }

            if (_pending.Count == 0)
            {
                return [];
            }

            var projection = folded.Projection;
            if (_pending.Count == 1)
            {
                // Most events make one row or none: no list for them.
                return _dataset.Finish(projection, _pending[0], _context, cloned: !ReferenceEquals(_pending[0], eventRow), ref _working) is { } row
                    ? [row]
                    : [];
            }

            var results = new List<Row>(_pending.Count);
            foreach (var row in _pending)
            {
                if (_dataset.Finish(projection, row, _context, cloned: !ReferenceEquals(row, eventRow), ref _working) is { } projected)
                {
                    results.Add(projected);
                }
            }

            return results;
        }

        void IRowSink.Push(Row row) => _pending.Add(row);

        void IRowSink.Complete()
        {
            // The base search's stages are streaming: nothing is held back to flush.
        }
    }

    /// <summary>Applies each lineage step's constraint and calculations, then names the fields; null when a constraint fails.</summary>
    private Row? Finish(Projection projection, Row row, SearchContext context, bool cloned, ref Row? working)
    {
        var source = row;
        var partly = false;
        foreach (var (constraint, calculations) in projection.Steps)
        {
            if (constraint is not null && !constraint.Matches(source))
            {
                return null;
            }

            if (calculations.Length > 0)
            {
                if (!cloned)
                {
                    if (_workingFields is { } workingFields)
                    {
                        working ??= new Row(workingFields.Length + _calculatedFields);
                        working.ReplaceWith(source, workingFields);
                        source = working;
                        partly = true;
                    }
                    else
                    {
                        source = source.Clone();
                    }

                    cloned = true;
                }

                foreach (var calculation in calculations)
                {
                    calculation(source, context);
                }
            }
        }

        var fields = projection.Fields;
        var written = projection.Written;

        // A copy of part of the event holds what calculations may have changed; the rest is the event's, unchanged.
        var unchanged = partly ? row : source;

        // The values first, so the row is made the size of what the event has: a dataset names many more fields than
        // one event holds, and the row is made for every event in the dataset.
        var values = ArrayPool<Value>.Shared.Rent(fields.Length);
        var present = 0;
        for (var i = 0; i < fields.Length; i++)
        {
            if (!(values[i] = (written[i] ? source : unchanged)[fields[i].Source]).IsNull)
            {
                present++;
            }
        }

        var projected = new Row(present) { Evidence = source.Evidence };
        for (var i = 0; i < fields.Length; i++)
        {
            if (!values[i].IsNull)
            {
                projected[fields[i].Qualified] = values[i];
            }
        }

        ArrayPool<Value>.Shared.Return(values, clearArray: true);
        return projected;
    }

    // No raw text can meet it, so no event can match it (literals aside: every field is taken as computed).
    private static bool NeverMet(SearchExpression expression) => expression.RawRequirement(_ => false) is { NeverSatisfied: true };

    /// <summary>A problem inside the data model, reported where the search names it, keeping the inner problem's id.</summary>
    private static SplSyntaxException Wrap(Func<string, SplSyntaxException> error, string message, SplDiagnostic inner)
    {
        var at = error(message).Diagnostic;
        return new SplSyntaxException(at.Position, at.Length, message, inner.Id, inner.Subject);
    }

    /// <summary>
    /// The value an eval gives its own field when the field is absent or empty, where the eval is exactly
    /// <c>if(isnull(F) OR F="", literal, F)</c> for its output F; null for any other eval.
    /// </summary>
    private static Value? FallbackOf(EvalExpression expression, string field) =>
        expression is CallExpression { Name: "if", Arguments: [BinaryExpression { Operator: BinaryOperator.Or } or, LiteralExpression fallback, FieldExpression kept] }
        && or.Left is CallExpression { Name: "isnull", Arguments: [FieldExpression tested] }
        && or.Right is BinaryExpression { Operator: BinaryOperator.Equal, Left: FieldExpression compared, Right: LiteralExpression { Value: { Kind: ValueKind.Text } empty } }
        && empty.FirstText.Length == 0
        && new[] { kept.Name, tested.Name, compared.Name }.All(name => string.Equals(name, field, StringComparison.Ordinal))
            ? fallback.Value
            : null;

    /// <summary>The calculation, the fields it reads and those it may write.</summary>
    private static (Action<Row, SearchContext> Apply, IReadOnlyCollection<string> Reads, IReadOnlyCollection<string> Writes) CompileCalculation(DataModel model, DataModelDataset dataset, DataModelCalculation calculation, SearchScope scope, Func<string, SplSyntaxException> error)
    {
        var where = $"{model.Name}.{dataset.Name}";
        switch (calculation)
        {
            case EvalCalculation eval:
                {
                    EvalExpression expression;
                    try
                    {
                        expression = SplCompiler.CompileEval(eval.Expression);
                    }
                    catch (SplCompileException e)
                    {
                        throw Wrap(error, $"a calculated field of {where} cannot run: {e.Diagnostics[0].Message}", e.Diagnostics[0]);
                    }

                    var output = new FieldKey(eval.Outputs.Count == 1 ? eval.Outputs[0].Name : throw error($"an eval calculation of {where} must have one output field"));
                    if (FallbackOf(expression, output.Name) is { } fallback)
                    {
                        // if(isnull(F) OR F="", "unknown", F): 104 of the CIM's calculations, run on every event in their
                        // datasets. A text, or nothing, in F is decided without the evaluator; any other value takes it.
                        return ((row, context) =>
                        {
                            var value = row[output];
                            if (value.IsNull || (value.Kind == ValueKind.Text && value.FirstText.Length == 0))
                            {
                                row[output] = fallback;
                            }
                            else if (value.Kind != ValueKind.Text)
                            {
                                row[output] = expression.Evaluate(row, context);
                            }
                        }, expression.FieldsRead().ToList(), [output.Name]);
                    }

                    return ((row, context) => row[output] = expression.Evaluate(row, context), expression.FieldsRead().ToList(), [output.Name]);
                }

            case RexCalculation rex:
                {
                    TieredRegex regex;
                    try
                    {
                        regex = new TieredRegex(Pcre.Compile(rex.Expression));
                    }
                    catch (ArgumentException e)
                    {
                        throw error($"a regular expression of {where} does not compile: {e.Message}");
                    }

                    // The names with their hashes: the calculation runs on every event in the dataset.
                    var inputKey = new FieldKey(rex.InputField);
                    var outputs = rex.Outputs.Select(output => (output.Name, Key: new FieldKey(output.Name))).ToArray();
                    return ((row, _) =>
                    {
                        var input = row[inputKey];
                        if (input.IsNull)
                        {
                            return;
                        }

                        var match = regex.Regex.Match(input.FirstText);
                        if (!match.Success)
                        {
                            return;
                        }

                        foreach (var (name, key) in outputs)
                        {
                            var group = match.Groups[name];
                            if (group.Success && group.Length > 0)
                            {
                                row[key] = Value.FromString(group.Value);
                            }
                        }
                    }, [rex.InputField], [.. outputs.Select(o => o.Name)]);
                }

            case LookupCalculation lookup:
                {
                    if (!scope.Definitions.Lookups.TryGetValue(lookup.LookupName, out var definition))
                    {
                        var at = error(string.Empty).Diagnostic;
                        throw new SplSyntaxException(at.Position, at.Length, $"{where} needs the lookup '{lookup.LookupName}', which is not loaded", SplDiagnosticId.UnknownLookup, lookup.LookupName);
                    }

                    // The whole table, read now: a data model's lookups run as events are projected, for every search
                    // sharing the projection, where a table that cannot be read must not turn up.
                    List<string> missing;
                    try
                    {
                        missing = lookup.Inputs.Concat(lookup.OutputColumns).Select(m => m.LookupField).Where(f => definition.Table.IndexOf(f) < 0).ToList();
                    }
                    catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
                    {
                        var at = error(string.Empty).Diagnostic;
                        throw new SplSyntaxException(at.Position, at.Length, $"{where} uses lookup '{lookup.LookupName}', which cannot be read: {e.Message}", SplDiagnosticId.UnknownLookup, lookup.LookupName);
                    }

                    if (missing.Count > 0)
                    {
                        var at = error(string.Empty).Diagnostic;
                        throw new SplSyntaxException(at.Position, at.Length, $"{where} uses lookup '{lookup.LookupName}', which has no column {string.Join(", ", missing.Select(m => $"'{m}'"))}", SplDiagnosticId.UnknownLookup, lookup.LookupName);
                    }

                    // As OUTPUTNEW: a data model lookup fills a field the add-on left empty and never clears one it set.
                    // It reads its inputs, and its outputs, which it fills only where absent.
                    var invocation = new LookupInvocation(definition, lookup.Inputs, lookup.OutputColumns, LookupOutputMode.OutputWhereAbsent);
                    var writes = invocation.OutputFields(definition.Header).Distinct(StringComparer.Ordinal).ToList();
                    var reads = invocation.Inputs.Select(i => i.EventField).Concat(writes);
                    return ((row, _) => invocation.Apply(row), [.. reads.Distinct(StringComparer.Ordinal)], writes);
                }

            default:
                throw error($"{where} uses a calculation Vigil does not run ({calculation.GetType().Name})");
        }
    }
}
