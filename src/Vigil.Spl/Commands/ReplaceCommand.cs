using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>One <c>old WITH new</c> pair of replace; <c>*</c> in old matches any text, carried into new's stars.</summary>
internal sealed record ReplacePair(FieldPattern From, FieldPattern To);

/// <summary>
/// <c>replace "a*" WITH "b*", "x" WITH "y" IN f1, f2</c>: replaces each value of the fields that matches a pattern as a
/// whole (case-sensitively) with its replacement, the text a <c>*</c> matched carried into the replacement's
/// <c>*</c>. When several patterns match, a pattern without wildcards wins, the later one first, and among wildcard
/// patterns the fuller match (more literal characters) wins, as Splunk documents. Vigil needs the IN clause: without
/// it Splunk replaces in every field that stats or eval did not make, which Vigil cannot tell apart.
/// </summary>
internal sealed class ReplaceCommand(int position, IReadOnlyList<ReplacePair> pairs, IReadOnlyList<string> fields) : SplCommand(position)
{
    public override string Name => "replace";

    public override bool IsStreaming => true;

    public override IReadOnlyCollection<string>? FieldsRead => fields.ToHashSet(StringComparer.Ordinal);

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new RowChangeStage(Apply, downstream);

    private string Replace(string value)
    {
        ReplacePair? best = null;
        string[]? bestCaptures = null;
        foreach (var pair in pairs)
        {
            if (pair.From.Capture(value) is not { } captures)
            {
                continue;
            }

            if (best is null || Beats(pair, best))
            {
                best = pair;
                bestCaptures = captures;
            }
        }

        return best is null ? value : best.To.Fill(bestCaptures!);
    }

    /// <summary>Whether a later matching pair takes precedence over an earlier one.</summary>
    private static bool Beats(ReplacePair later, ReplacePair earlier)
    {
        if (!later.From.HasWildcard)
        {
            return true;
        }

        return earlier.From.HasWildcard && Literal(later) > Literal(earlier);
    }

    private static int Literal(ReplacePair pair) => pair.From.Pattern.Count(c => c != '*');

    private void Apply(Row row)
    {
        foreach (var field in fields)
        {
            var value = row[field];
            if (!value.IsNull)
            {
                row[field] = Value.FromMany(value.Values.Select(Replace).ToList());
            }
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["replace"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var pairs = new List<ReplacePair>();
            while (!cursor.AtEnd && !cursor.PeekKeyword("in", ignoreCase: true))
            {
                if (cursor.TryConsume(','))
                {
                    continue;
                }

                cursor.SkipWhitespace();
                var fromPosition = cursor.Position;
                var from = ReadValue(cursor, "a value to replace");
                if (!cursor.TryKeyword("with", ignoreCase: true))
                {
                    throw cursor.Error($"expected WITH after '{from}'");
                }

                var to = ReadValue(cursor, "a replacement after WITH");
                var fromPattern = new FieldPattern(from);
                var toPattern = new FieldPattern(to);
                if (toPattern.HasWildcard && StarCount(from) != StarCount(to))
                {
                    throw new SplSyntaxException(fromPosition, cursor.Position - fromPosition, $"'{to}' must have as many wildcards as '{from}', or none");
                }

                pairs.Add(new ReplacePair(fromPattern, toPattern));
            }

            if (pairs.Count == 0)
            {
                throw site.Error("replace needs at least one \"value\" WITH \"replacement\"");
            }

            if (!cursor.TryKeyword("in", ignoreCase: true))
            {
                throw new SplSyntaxException(site.Position, site.Name.Length, "replace without IN <fields> is not supported: it would replace in every field stats and eval did not make, which Vigil cannot tell apart", SplDiagnosticId.UnsupportedFeature, "replace without IN");
            }

            var fields = Arguments.FieldList(cursor, "replace", allowWildcards: false);
            return new ReplaceCommand(site.Position, pairs, fields);
        }

        private static string ReadValue(TextCursor cursor, string what)
        {
            cursor.SkipWhitespace();
            return cursor.Peek() == '"' ? cursor.ReadQuoted() : cursor.TrySearchWord(",") ?? throw cursor.Error($"expected {what}");
        }

        private static int StarCount(string text) => text.Count(c => c == '*');
    }
}
