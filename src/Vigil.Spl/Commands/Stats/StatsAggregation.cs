using Vigil.Spl.Syntax;

namespace Vigil.Spl.Commands.Stats;

/// <summary>One aggregation as written: <c>count</c>, <c>min(_time) as firstTime</c>, <c>values(x)</c> ...</summary>
internal sealed record StatsAggregation(StatsFunction Function, string FunctionName, string? Field, string OutputName)
{
    public Aggregator Create() => Function.Create();
}

/// <summary>Reads the aggregations of stats-like commands (stats, tstats): <c>fn[(field)] [as name]</c>, commas optional.</summary>
internal static class AggregationParser
{
    /// <summary>Reads aggregations until the cursor's end or a word that is not a function (such as BY, FROM, WHERE).</summary>
    public static List<StatsAggregation> ParseList(TextCursor cursor, string command, Func<string, bool> isStopWord)
    {
        var aggregations = new List<StatsAggregation>();
        while (!cursor.AtEnd)
        {
            if (cursor.TryConsume(','))
            {
                continue;
            }

            var saved = cursor.Position;
            cursor.SkipWhitespace();
            var start = cursor.Position;
            var name = cursor.TryName() ?? throw cursor.Error($"expected a {command} function");
            if (isStopWord(name))
            {
                cursor.Position = saved;
                break;
            }

            if (cursor.Peek() == '=')
            {
                throw new SplSyntaxException(start, name.Length, $"unsupported {command} option '{name}='", SplDiagnosticId.UnsupportedOption, $"{command} {name}");
            }

            aggregations.Add(ParseOne(cursor, command, name, start));
        }

        return aggregations;
    }

    private static StatsAggregation ParseOne(TextCursor cursor, string command, string name, int start)
    {
        var function = StatsFunction.Find(name)
            ?? throw new SplSyntaxException(start, name.Length, $"unsupported {command} function '{name}' (supported: {string.Join(", ", StatsFunction.AllNames)})", SplDiagnosticId.UnsupportedStatsFunction, name.ToLowerInvariant());
        string? field = null;
        if (cursor.Peek() == '(')
        {
            cursor.Position++;
            cursor.SkipWhitespace();
            if (cursor.PeekKeyword("eval", ignoreCase: true))
            {
                throw new SplSyntaxException(cursor.Position, 4, $"eval expressions inside {name}() are not supported; compute the field with eval first", SplDiagnosticId.UnsupportedFeature, "fn(eval(...))");
            }

            field = cursor.ExpectFieldName($"a field name in {name}()");
            cursor.Expect(')', $"')' to close {name}(");
        }

        if (field is null && !function.FieldOptional)
        {
            throw new SplSyntaxException(start, name.Length, $"{name} needs a field: {name}(field)");
        }

        var outputName = field is null ? "count" : $"{name}({field})";
        if (cursor.TryKeyword("as", ignoreCase: true))
        {
            outputName = cursor.ExpectFieldName("a name after AS");
        }

        return new StatsAggregation(function, name, field, outputName);
    }
}
