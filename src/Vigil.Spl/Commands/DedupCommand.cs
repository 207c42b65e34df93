using Vigil.Spl.Syntax;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>dedup [N] a b [keepempty=bool] [consecutive=bool]</c>: keeps the first N rows of each combination of values.
/// Rows missing a field are dropped unless keepempty=true. Values compare case-sensitively.
/// </summary>
internal sealed class DedupCommand(int position, int keep, IReadOnlyList<string> fields, bool keepEmpty, bool consecutive) : SplCommand(position)
{
    public int Keep { get; } = keep;

    public IReadOnlyList<string> Fields { get; } = fields;

    public bool KeepEmpty { get; } = keepEmpty;

    public bool Consecutive { get; } = consecutive;

    public override string Name => "dedup";

    public override IReadOnlyCollection<string>? FieldsRead => Fields.ToHashSet();

    public override bool DependsOnOrder => true;

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, downstream);

    private sealed class Stage(DedupCommand command, IRowSink next) : StreamingStage(next)
    {
        private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
        private string? _previous;
        private int _run;

        public override void Push(Row row)
        {
            var parts = new string[command.Fields.Count];
            for (var i = 0; i < parts.Length; i++)
            {
                var value = row[command.Fields[i]];
                if (value.IsNull)
                {
                    if (command.KeepEmpty)
                    {
                        Next.Push(row);
                    }

                    return;
                }

                parts[i] = value.ToString();
            }

            var key = string.Join('\u001F', parts);
            if (command.Consecutive)
            {
                _run = key == _previous ? _run + 1 : 1;
                _previous = key;
                if (_run <= command.Keep)
                {
                    Next.Push(row);
                }

                return;
            }

            var seen = _seen.GetValueOrDefault(key);
            if (seen < command.Keep)
            {
                _seen[key] = seen + 1;
                Next.Push(row);
            }
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["dedup"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var keep = cursor.TryInteger() ?? 1;
            var keepEmpty = false;
            var consecutive = false;
            var fields = new List<string>();
            while (!cursor.AtEnd)
            {
                if (cursor.TryOption(["keepempty", "consecutive"], out var option, out var value, out var optionPosition))
                {
                    var flag = Arguments.Boolean(value, option, optionPosition);
                    if (option == "keepempty")
                    {
                        keepEmpty = flag;
                    }
                    else
                    {
                        consecutive = flag;
                    }

                    continue;
                }

                if (cursor.TryConsume(','))
                {
                    continue;
                }

                var (wordPosition, word) = cursor.PeekWordForError();
                if (word.StartsWith("sortby", StringComparison.Ordinal) || word.Contains('=', StringComparison.Ordinal))
                {
                    var optionName = word.Split('=')[0];
                    throw new SplSyntaxException(wordPosition, optionName.Length, $"unsupported dedup option '{optionName}'", SplDiagnosticId.UnsupportedOption, "dedup " + optionName);
                }

                fields.Add(cursor.ExpectFieldName("a field name"));
            }

            if (fields.Count == 0)
            {
                throw site.Error("dedup needs at least one field");
            }

            return new DedupCommand(site.Position, keep, fields, keepEmpty, consecutive);
        }
    }
}
