using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>join [type=inner|outer|left] [max=N] [overwrite=bool] [usetime=false] [field-list] [subsearch]</c>: merges each
/// row with the subsearch rows whose join fields hold the same values (compared as text, case-sensitively; a
/// multivalue as all its values). Without a field list, the fields common to both sides are used. type=inner (the
/// default) drops rows nothing matches; outer and left keep them unchanged. max=1 (the default) merges with the first
/// match only, max=0 with every one, a row for each. overwrite=true (the default) lets the subsearch's values replace
/// the row's. The subsearch keeps at most 50,000 rows (limits.conf [join] subsearch_maxout); those past it are
/// dropped, as Splunk drops them. Rows keep their order. usetime=true and the left=/right=/where form are refused.
/// </summary>
internal sealed class JoinCommand : SplCommand
{
    private JoinCommand(int position, Subsearch subsearch, IReadOnlyList<string> fields, bool keepUnmatched, int max, bool overwrite)
        : base(position)
    {
        Subsearch = subsearch;
        Fields = fields;
        KeepUnmatched = keepUnmatched;
        Max = max;
        Overwrite = overwrite;
    }

    public Subsearch Subsearch { get; }

    /// <summary>The join fields; empty for the fields both sides have.</summary>
    public IReadOnlyList<string> Fields { get; }

    public bool KeepUnmatched { get; }

    /// <summary>How many subsearch rows one row merges with; 0 for all.</summary>
    public int Max { get; }

    public bool Overwrite { get; }

    public override string Name => "join";

    public override IReadOnlyCollection<string>? FieldsRead => Fields.Count > 0 ? Fields.ToHashSet() : null;

    public override IReadOnlyList<SplPipeline> Subsearches => [Subsearch.Pipeline];

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) =>
        input is null || Subsearch.Pipeline.Columns is not { } right ? null : [.. input, .. right.Where(c => !input.Contains(c))];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, Subsearch.Start(context), downstream);

    private sealed class Stage(JoinCommand command, SubsearchRun subsearch, IRowSink next) : IRowSink
    {
        private readonly List<Row> _waiting = [];
        private RightSide? _right;

        public void Push(Row row)
        {
            // Without join fields the common fields are known only once every row is in.
            if (command.Fields.Count > 0 && subsearch.IsComplete)
            {
                _right ??= new RightSide(command.Fields, subsearch.Result.Rows);
                Merge(row, _right);
                return;
            }

            _waiting.Add(row);
        }

        public void Complete()
        {
            var fields = command.Fields.Count > 0 ? command.Fields : CommonFields(_waiting, subsearch.Result.Rows);
            _right ??= new RightSide(fields, subsearch.Result.Rows);
            foreach (var row in _waiting)
            {
                Merge(row, _right);
            }

            _waiting.Clear();
            next.Complete();
        }

        private static List<string> CommonFields(List<Row> left, IReadOnlyList<Row> right)
        {
            var leftFields = left.SelectMany(r => r.Names).ToHashSet(StringComparer.Ordinal);
            return right.SelectMany(r => r.Names).Distinct(StringComparer.Ordinal).Where(leftFields.Contains).ToList();
        }

        private void Merge(Row row, RightSide right)
        {
            var matches = right.Matches(row);
            if (matches.Count == 0)
            {
                if (command.KeepUnmatched)
                {
                    next.Push(row);
                }

                return;
            }

            var count = command.Max == 0 ? matches.Count : Math.Min(command.Max, matches.Count);
            for (var i = 0; i < count; i++)
            {
                var merged = i == count - 1 ? row : row.Clone();
                merged.Evidence = Evidence.Combine(merged.Evidence, matches[i].Evidence);
                foreach (var (name, value) in matches[i].Fields)
                {
                    if (command.Overwrite || !merged.Has(name))
                    {
                        merged[name] = value;
                    }
                }

                next.Push(merged);
            }
        }
    }

    /// <summary>The subsearch rows by their join-field values, each list in the subsearch's order.</summary>
    private sealed class RightSide
    {
        private readonly IReadOnlyList<string> _fields;
        private readonly Dictionary<string, List<Row>> _byKey = new(StringComparer.Ordinal);

        public RightSide(IReadOnlyList<string> fields, IReadOnlyList<Row> rows)
        {
            _fields = fields;
            foreach (var row in rows)
            {
                if (Key(row) is { } key)
                {
                    if (!_byKey.TryGetValue(key, out var list))
                    {
                        list = [];
                        _byKey.Add(key, list);
                    }

                    list.Add(row);
                }
            }
        }

        public List<Row> Matches(Row row) =>
            _fields.Count > 0 && Key(row) is { } key && _byKey.TryGetValue(key, out var list) ? list : [];

        /// <summary>The join-field values as one text; null when a field is missing (such a row joins nothing).</summary>
        private string? Key(Row row)
        {
            var parts = new string[_fields.Count];
            for (var i = 0; i < parts.Length; i++)
            {
                var value = row[_fields[i]];
                if (value.IsNull)
                {
                    return null;
                }

                parts[i] = value.ToString();
            }

            return string.Join('\u001F', parts);
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["join"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var fields = new List<string>();
            var keepUnmatched = false;
            var max = 1;
            var overwrite = true;
            while (true)
            {
                cursor.SkipWhitespace();
                if (cursor.AtEnd || cursor.Peek() == '[')
                {
                    break;
                }

                if (cursor.TryConsume(','))
                {
                    continue;
                }

                if (!BracketArguments.TryOption(cursor, out var option, out var value, out var optionPosition))
                {
                    fields.Add(cursor.ExpectFieldName("a join field or the subsearch"));
                    continue;
                }

                switch (option.ToLowerInvariant())
                {
                    case "type":
                        keepUnmatched = value.ToLowerInvariant() switch
                        {
                            "inner" => false,
                            "outer" or "left" => true,
                            _ => throw new SplSyntaxException(optionPosition, option.Length, $"join type must be inner, outer or left, not '{value}'"),
                        };
                        break;
                    case "max":
                        max = Arguments.WholeNumber(value, option, optionPosition);
                        break;
                    case "overwrite":
                        overwrite = Arguments.Boolean(value, option, optionPosition);
                        break;
                    case "usetime":
                        if (Arguments.Boolean(value, option, optionPosition))
                        {
                            throw new SplSyntaxException(optionPosition, option.Length, "join usetime=true is not supported", SplDiagnosticId.UnsupportedOption, "join usetime");
                        }

                        break;
                    case "earlier":
                        // Only means something with usetime=true, which is refused.
                        Arguments.Boolean(value, option, optionPosition);
                        break;
                    default:
                        throw BracketArguments.Unsupported("join", option, optionPosition);
                }
            }

            if (cursor.AtEnd)
            {
                throw site.Error("join needs a subsearch: join <fields> [search ...]");
            }

            var subsearch = new Subsearch(PipelineParser.ParseSubsearch(cursor, site.Scope), SplLimits.JoinRowsName, null);
            Arguments.ExpectEnd(cursor, "join subsearch");
            return new JoinCommand(site.Position, subsearch, fields.Distinct().ToList(), keepUnmatched, max, overwrite);
        }
    }
}
