using Vigil.Spl.Syntax;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

internal sealed record RenamePair(FieldPattern From, FieldPattern To);

/// <summary>
/// <c>rename a AS b, foo* AS bar*</c>: the field keeps its place; a field already named b is replaced, and where a is
/// absent b is removed, as Splunk renames.
/// </summary>
internal sealed class RenameCommand(int position, IReadOnlyList<RenamePair> pairs) : SplCommand(position)
{
    public IReadOnlyList<RenamePair> Pairs { get; } = pairs;

    public override string Name => "rename";

    public override IReadOnlyCollection<string>? FieldsRead => Pairs.Any(p => p.From.HasWildcard) ? null : Pairs.Select(p => p.From.Pattern).ToHashSet();

    public override bool IsStreaming => true;

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input)
    {
        if (input is null)
        {
            return null;
        }

        var columns = input.ToList();
        foreach (var pair in Pairs)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (pair.From.Capture(columns[i]) is { } captures)
                {
                    var target = pair.To.Fill(captures);
                    var existing = columns.IndexOf(target);
                    columns[i] = target;
                    if (existing >= 0 && existing != i)
                    {
                        columns.RemoveAt(existing);
                        i -= existing < i ? 1 : 0;
                    }
                }
            }
        }

        return columns;
    }

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(Pairs, downstream);

    private sealed class Stage(IReadOnlyList<RenamePair> pairs, IRowSink next) : StreamingStage(next)
    {
        // A search's rows repeat the same names (drop_dm_object_name renames every field of every tstats row): what a
        // wildcard pair makes of a name is worked out once, for this many names per pair at most.
        internal const int RememberedNames = 1024;

        private readonly Dictionary<string, string?>[] _targets = [.. pairs.Select(_ => new Dictionary<string, string?>(StringComparer.Ordinal))];
        private readonly List<string> _names = [];

        public override void Push(Row row)
        {
            for (var p = 0; p < pairs.Count; p++)
            {
                var pair = pairs[p];
                if (!pair.From.HasWildcard)
                {
                    if (row.Has(pair.From.Pattern))
                    {
                        row.Rename(pair.From.Pattern, pair.To.Pattern);
                    }
                    else if (!string.Equals(pair.From.Pattern, pair.To.Pattern, StringComparison.Ordinal))
                    {
                        // Renaming a field the row lacks leaves the new name empty (Search Reference, rename).
                        row.Remove(pair.To.Pattern);
                    }

                    continue;
                }

                // The names as they were before this pair: renaming changes the row.
                _names.Clear();
                _names.AddRange(row.Names);
                foreach (var name in _names)
                {
                    if (Target(p, name) is { } target)
                    {
                        row.Rename(name, target);
                    }
                }
            }

            Next.Push(row);
        }

        /// <summary>The name a wildcard pair renames <paramref name="name"/> to, or null when the pair does not match it.</summary>
        private string? Target(int pair, string name)
        {
            var targets = _targets[pair];
            if (targets.TryGetValue(name, out var target))
            {
                return target;
            }

            target = pairs[pair].From.Capture(name) is { } captures ? pairs[pair].To.Fill(captures) : null;
            if (targets.Count < RememberedNames)
            {
                targets.Add(name, target);
            }

            return target;
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["rename"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var pairs = new List<RenamePair>();
            do
            {
                if (cursor.TryConsume(','))
                {
                    continue;
                }

                var from = cursor.ExpectFieldName("a field to rename");
                if (!cursor.TryKeyword("as", ignoreCase: true))
                {
                    throw cursor.Error($"expected AS after '{from}'");
                }

                var to = cursor.ExpectFieldName("a new name after AS");
                var fromPattern = new FieldPattern(from);
                var toPattern = new FieldPattern(to);
                if (toPattern.HasWildcard && fromPattern.Pattern.Count(c => c == '*') != toPattern.Pattern.Count(c => c == '*'))
                {
                    throw cursor.Error($"'{from}' and '{to}' must have the same number of wildcards");
                }

                pairs.Add(new RenamePair(fromPattern, toPattern));
            }
            while (!cursor.AtEnd);

            return new RenameCommand(site.Position, pairs);
        }
    }
}
