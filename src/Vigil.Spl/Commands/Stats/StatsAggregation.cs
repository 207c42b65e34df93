using Vigil.Spl.Eval;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary>
/// One aggregation as written: <c>count</c>, <c>min(_time) as firstTime</c>, <c>values(x)</c>,
/// <c>count(eval(status="404")) as failures</c>, <c>values(*) as *</c>. It reads a field, every field a wildcard
/// matches (internal fields aside; <see cref="OutputName"/> then takes the matched part in place of its <c>*</c>), the
/// value of an eval expression (false counting as no value, as Splunk's <c>count(eval(test))</c> counts only true
/// tests), or for count alone, the row.
/// </summary>
internal sealed class StatsAggregation
{
    public StatsAggregation(StatsFunction function, string? field, EvalExpression? expression, string outputName)
    {
        Function = function;
        Field = field;
        _fieldKey = field is null ? default : new FieldKey(field);
        Expression = expression;
        OutputName = outputName;
        if (field is not null && field.Contains('*', StringComparison.Ordinal))
        {
            Wildcard = new FieldPattern(field);
            OutputPattern = new FieldPattern(outputName);
        }
    }

    public StatsFunction Function { get; }

    /// <summary>The field read; null for an eval expression or a bare count.</summary>
    public string? Field { get; }

    // The field with its hash: read from every row.
    private readonly FieldKey _fieldKey;

    public EvalExpression? Expression { get; }

    public string OutputName { get; }

    /// <summary>For a field with <c>*</c>: the pattern of the fields read.</summary>
    public FieldPattern? Wildcard { get; }

    /// <summary>For a field with <c>*</c>: the output names, the matched parts filling its stars.</summary>
    public FieldPattern? OutputPattern { get; }

    /// <summary>Whether the aggregation reads no value, only the row (a bare count).</summary>
    public bool CountsRows => Field is null && Expression is null;

    /// <summary>The input fields read; null when a wildcard reads fields unknown in advance.</summary>
    public IReadOnlyCollection<string>? FieldsRead =>
        Wildcard is not null ? null : Expression is not null ? Expression.FieldsRead().ToHashSet() : Field is null ? [] : [Field];

    public Aggregator Create() => Function.Create();

    /// <summary>What the aggregation reads from the row (not for wildcards, which read several fields).</summary>
    public Value Read(Row row, SearchContext context)
    {
        if (Expression is null)
        {
            return row[_fieldKey];
        }

        var value = Expression.Evaluate(row, context);
        return value.Kind == ValueKind.Boolean ? value.AsBoolean ? Value.FromString("true") : Value.Null : value;
    }
}

/// <summary>
/// Reads the aggregations of stats-like commands (stats, eventstats, streamstats, tstats): <c>fn[(field)] [as name]</c>,
/// commas optional; <c>fn(eval(expression)) as name</c> where eval expressions are allowed (the AS is required then).
/// </summary>
internal static class AggregationParser
{
    /// <summary>Reads aggregations until the cursor's end or a word that is not a function (such as BY, FROM, WHERE).</summary>
    public static List<StatsAggregation> ParseList(TextCursor cursor, string command, Func<string, bool> isStopWord, bool allowEval = true)
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

            aggregations.Add(ParseOne(cursor, command, name, start, allowEval));
        }

        return aggregations;
    }

    private static StatsAggregation ParseOne(TextCursor cursor, string command, string name, int start, bool allowEval)
    {
        if (name.Equals("sparkline", StringComparison.OrdinalIgnoreCase))
        {
            throw new SplSyntaxException(start, name.Length, "sparkline() is not supported: it draws a chart in Splunk's interface, which Vigil has not", SplDiagnosticId.UnsupportedStatsFunction, "sparkline");
        }

        var function = StatsFunction.Find(name)
            ?? throw new SplSyntaxException(start, name.Length, $"unsupported {command} function '{name}' (supported: {string.Join(", ", StatsFunction.AllNames)})", SplDiagnosticId.UnsupportedStatsFunction, name.ToLowerInvariant());
        string? field = null;
        EvalExpression? expression = null;
        if (cursor.Peek() == '(')
        {
            cursor.Position++;
            cursor.SkipWhitespace();
            var evalPosition = cursor.Position;
            if (cursor.TryKeyword("eval", ignoreCase: true) && cursor.Peek() == '(')
            {
                if (!allowEval)
                {
                    throw new SplSyntaxException(evalPosition, 4, $"{command} functions take fields, not eval expressions", SplDiagnosticId.UnsupportedFeature, $"{command} fn(eval(...))");
                }

                cursor.Position++;
                // A test is allowed here, unlike in eval: count(eval(status="404")) counts where it holds.
                expression = new EvalParser(cursor).ParseExpression();
                cursor.Expect(')', "')' to close eval(");
            }
            else
            {
                cursor.Position = evalPosition;
                field = cursor.ExpectFieldName($"a field name in {name}()");
            }

            cursor.Expect(')', $"')' to close {name}(");
        }

        if (field is null && expression is null && !function.FieldOptional)
        {
            throw new SplSyntaxException(start, name.Length, $"{name} needs a field: {name}(field)");
        }

        string? outputName = null;
        if (cursor.TryKeyword("as", ignoreCase: true))
        {
            outputName = cursor.ExpectFieldName("a name after AS");
            if (cursor.Peek() == '(')
            {
                // Splunk keeps a parenthesised part written against the name: "as aceFlags(inheritance)".
                outputName += Brackets.Read(cursor);
            }
        }
        else if (expression is not null)
        {
            throw new SplSyntaxException(start, name.Length, $"{name}(eval(...)) needs a name: {name}(eval(...)) AS name");
        }

        outputName ??= field is null ? "count" : $"{name}({field})";
        if (field is not null && field.Contains('*', StringComparison.Ordinal) && outputName.Count(c => c == '*') != field.Count(c => c == '*'))
        {
            throw new SplSyntaxException(start, name.Length, $"the name of {name}({field}) needs as many '*' as its field, for the part each matched");
        }

        return new StatsAggregation(function, field, expression, outputName);
    }
}
