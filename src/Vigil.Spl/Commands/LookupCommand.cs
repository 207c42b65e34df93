using Vigil.Spl.Commands.Shared;
using Vigil.Spl.Execution;
using Vigil.Spl.Lookups;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>lookup [local=bool] [update=bool] name field [AS event_field]... [OUTPUT|OUTPUTNEW column [AS event_field]...]</c>:
/// enriches each row from a lookup table, with the definition's matching rules (match types, case sensitivity,
/// max_matches, min_matches and default_match). Without an output clause every other column of the table is written;
/// OUTPUT overwrites (and clears on a miss), OUTPUTNEW writes only fields the row lacks. A row missing an input field
/// is left alone. local and update change nothing here: Vigil reads each table once, on the machine it runs on.
/// </summary>
internal sealed class LookupCommand : SplCommand
{
    private readonly LookupInvocation _invocation;
    private readonly IReadOnlyList<string> _written;

    private LookupCommand(int position, LookupInvocation invocation)
        : base(position)
    {
        _invocation = invocation;
        _written = invocation.OutputFields(invocation.Definition.Header).Distinct().ToList();
    }

    public override string Name => "lookup";

    public override bool IsStreaming => true;

    public override IReadOnlyCollection<string>? FieldsRead
    {
        get
        {
            var read = _invocation.Inputs.Select(i => i.EventField).ToHashSet(StringComparer.Ordinal);
            if (_invocation.Mode == LookupOutputMode.OutputWhereAbsent)
            {
                // OUTPUTNEW looks at whether each output field is already there.
                read.UnionWith(_written);
            }

            return read;
        }
    }

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) =>
        input is null ? null : [.. input, .. _written.Where(f => !input.Contains(f))];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(_invocation, downstream);

    private sealed class Stage(LookupInvocation invocation, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row)
        {
            invocation.Apply(row);
            Next.Push(row);
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        private static readonly string[] Options = ["local", "update"];

        public IReadOnlyList<string> Names => ["lookup"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            while (CommandOptions.TryRead(cursor, "lookup", Options, out var option, out var value, out var optionPosition))
            {
                // Both only matter to distributed and real-time searches; the value must still be a Boolean.
                Arguments.Boolean(value, option, optionPosition);
            }

            cursor.SkipWhitespace();
            var namePosition = cursor.Position;
            if (cursor.AtEnd)
            {
                throw site.Error("lookup needs a lookup table name and at least one field");
            }

            var name = cursor.ExpectFieldName("a lookup table name");
            var definition = LookupResolver.Resolve(site.Scope, name, namePosition, cursor.Position - namePosition);
            var table = definition.Header;

            var inputs = ReadFieldMaps(cursor, table, name, stopAtOutput: true);
            if (inputs.Count == 0)
            {
                throw cursor.Error($"lookup {name} needs at least one lookup field to match on");
            }

            var mode = LookupOutputMode.AllColumns;
            List<LookupFieldMap> outputs = [];
            if (cursor.TryKeyword("outputnew", ignoreCase: true))
            {
                mode = LookupOutputMode.OutputWhereAbsent;
            }
            else if (cursor.TryKeyword("output", ignoreCase: true))
            {
                mode = LookupOutputMode.Output;
            }

            if (mode != LookupOutputMode.AllColumns)
            {
                outputs = ReadFieldMaps(cursor, table, name, stopAtOutput: false);
                if (outputs.Count == 0)
                {
                    throw cursor.Error("expected at least one output field after OUTPUT");
                }
            }

            return new LookupCommand(site.Position, new LookupInvocation(definition, inputs, outputs, mode));
        }

        /// <summary><c>column [AS field]</c> items, separated by commas or spaces; each column must be in the table.</summary>
        private static List<LookupFieldMap> ReadFieldMaps(TextCursor cursor, LookupHeader table, string lookupName, bool stopAtOutput)
        {
            var maps = new List<LookupFieldMap>();
            while (!cursor.AtEnd)
            {
                if (cursor.TryConsume(','))
                {
                    continue;
                }

                if (stopAtOutput && (cursor.PeekKeyword("output", ignoreCase: true) || cursor.PeekKeyword("outputnew", ignoreCase: true)))
                {
                    break;
                }

                var (position, word) = cursor.PeekWordForError();
                if (word.Contains('=', StringComparison.Ordinal) && !word.StartsWith('"'))
                {
                    throw CommandOptions.Unsupported(position, "lookup", word.Split('=')[0]);
                }

                var column = cursor.ExpectFieldName("a lookup field");
                if (table.IndexOf(column) < 0)
                {
                    // Splunk refuses the search: "Could not find all of the specified lookup fields in the lookup table".
                    throw new SplSyntaxException(position, column.Length, $"lookup '{lookupName}' has no field '{column}' (its fields: {string.Join(", ", table.Columns)})");
                }

                var field = cursor.TryKeyword("as", ignoreCase: true) ? cursor.ExpectFieldName("a field name after AS") : column;
                maps.Add(new LookupFieldMap(column, field));
            }

            return maps;
        }
    }
}
