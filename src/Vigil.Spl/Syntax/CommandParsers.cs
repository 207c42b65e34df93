using Vigil.Spl.Commands;
using Vigil.Spl.Eval;

namespace Vigil.Spl.Syntax;

/// <summary>The argument grammar of each supported command. Anything not understood is an error naming it.</summary>
internal static class CommandParsers
{
    private static readonly Dictionary<string, StatsFunction> StatsFunctions = new(StringComparer.Ordinal)
    {
        ["count"] = StatsFunction.Count,
        ["c"] = StatsFunction.Count,
        ["dc"] = StatsFunction.DistinctCount,
        ["distinct_count"] = StatsFunction.DistinctCount,
        ["min"] = StatsFunction.Min,
        ["max"] = StatsFunction.Max,
        ["sum"] = StatsFunction.Sum,
        ["avg"] = StatsFunction.Avg,
        ["mean"] = StatsFunction.Avg,
        ["values"] = StatsFunction.Values,
        ["list"] = StatsFunction.List,
        ["earliest"] = StatsFunction.Earliest,
        ["latest"] = StatsFunction.Latest,
    };

    public static IReadOnlyCollection<string> Supported { get; } =
        ["convert", "dedup", "eval", "fields", "fillnull", "head", "rename", "search", "sort", "stats", "table", "where"];

    public static SplCommand Parse(string name, int position, TextCursor cursor, Func<string, int, Syntax.SearchExpression>? eventTypes) => name switch
    {
        "search" => new SearchCommand(position, new SearchParser(cursor, eventTypes).ParseAll()),
        "where" => ParseWhere(position, cursor),
        "eval" => ParseEval(position, cursor),
        "stats" => ParseStats(position, cursor),
        "convert" => ParseConvert(position, cursor),
        "rename" => ParseRename(position, cursor),
        "table" => new TableCommand(position, ParseFieldList(cursor, "table", allowWildcards: true).Select(f => new FieldPattern(f)).ToList()),
        "fields" => ParseFields(position, cursor),
        "sort" => ParseSort(position, cursor),
        "head" => ParseHead(position, cursor),
        "dedup" => ParseDedup(position, cursor),
        "fillnull" => ParseFillnull(position, cursor),
        _ => throw new SplSyntaxException(position, name.Length, $"unsupported command '{name}' (Vigil runs: {string.Join(", ", Supported)})"),
    };

    private static WhereCommand ParseWhere(int position, TextCursor cursor)
    {
        if (cursor.AtEnd)
        {
            throw cursor.Error("where needs a test");
        }

        var condition = new EvalParser(cursor).ParseCondition("the where expression");
        ExpectEnd(cursor, "where");
        return new WhereCommand(position, condition);
    }

    private static EvalCommand ParseEval(int position, TextCursor cursor)
    {
        var assignments = new List<EvalAssignment>();
        do
        {
            var field = cursor.ExpectFieldName("a field name to assign");
            cursor.SkipWhitespace();
            if (cursor.Peek() != '=' || cursor.Peek(1) == '=')
            {
                throw cursor.Error($"expected '=' after '{field}'");
            }

            cursor.Position++;
            assignments.Add(new EvalAssignment(field, new EvalParser(cursor).ParseValue($"the value of {field}")));
        }
        while (cursor.TryConsume(','));

        ExpectEnd(cursor, "eval");
        return new EvalCommand(position, assignments);
    }

    private static StatsCommand ParseStats(int position, TextCursor cursor)
    {
        var aggregations = new List<StatsAggregation>();
        var groupBy = new List<string>();
        while (!cursor.AtEnd)
        {
            if (cursor.TryKeyword("by", ignoreCase: true))
            {
                groupBy.AddRange(ParseFieldList(cursor, "stats ... by", allowWildcards: false));
                break;
            }

            var start = cursor.Position;
            var name = cursor.TryName() ?? throw cursor.Error("expected a stats function");
            if (cursor.TryConsume('='))
            {
                throw new SplSyntaxException(start, name.Length, $"unsupported stats option '{name}='");
            }

            var functionName = name;
            string? field = null;
            if (cursor.Peek() == '(')
            {
                cursor.Position++;
                cursor.SkipWhitespace();
                if (cursor.PeekKeyword("eval"))
                {
                    throw cursor.Error($"eval expressions inside {name}() are not supported; compute the field with eval first");
                }

                field = cursor.ExpectFieldName($"a field name in {name}()");
                cursor.Expect(')', $"')' to close {name}(");
            }

            if (!StatsFunctions.TryGetValue(functionName, out var function))
            {
                throw new SplSyntaxException(start, name.Length, $"unsupported stats function '{functionName}' (supported: {string.Join(", ", StatsFunctions.Keys)})");
            }

            if (field is null && function != StatsFunction.Count)
            {
                throw new SplSyntaxException(start, name.Length, $"{functionName} needs a field: {functionName}(field)");
            }

            var outputName = field is null ? "count" : $"{functionName}({field})";
            if (cursor.TryKeyword("as", ignoreCase: true))
            {
                outputName = cursor.ExpectFieldName("a name after AS");
            }

            aggregations.Add(new StatsAggregation(function, field, outputName));
            cursor.TryConsume(',');
        }

        if (aggregations.Count == 0)
        {
            throw new SplSyntaxException(position, 5, "stats needs at least one function, such as count");
        }

        return new StatsCommand(position, aggregations, groupBy);
    }

    private static ConvertCommand ParseConvert(int position, TextCursor cursor)
    {
        var timeFormat = ConvertCommand.DefaultTimeFormat;
        var conversions = new List<ConvertConversion>();
        while (!cursor.AtEnd)
        {
            if (cursor.TryOption(["timeformat"], out _, out var format, out _))
            {
                timeFormat = format;
                continue;
            }

            var start = cursor.Position;
            var name = cursor.TryName() ?? throw cursor.Error("expected a conversion such as ctime(field)");
            if (cursor.TryConsume('='))
            {
                throw new SplSyntaxException(start, name.Length, $"unsupported convert option '{name}='");
            }

            var function = name switch
            {
                "ctime" => ConvertFunction.Ctime,
                "mktime" => ConvertFunction.Mktime,
                _ => throw new SplSyntaxException(start, name.Length, $"unsupported convert function '{name}' (supported: ctime, mktime)"),
            };
            cursor.Expect('(', $"'(' after {name}");
            var field = cursor.ExpectFieldName($"a field name in {name}()");
            if (field.Contains('*', StringComparison.Ordinal))
            {
                throw new SplSyntaxException(start, name.Length, "wildcards in convert fields are not supported");
            }

            cursor.Expect(')', $"')' to close {name}(");
            string? alias = null;
            if (cursor.TryKeyword("as", ignoreCase: true))
            {
                alias = cursor.ExpectFieldName("a name after AS");
            }

            conversions.Add(new ConvertConversion(function, field, alias));
            cursor.TryConsume(',');
        }

        if (conversions.Count == 0)
        {
            throw new SplSyntaxException(position, 7, "convert needs a conversion such as ctime(field)");
        }

        return new ConvertCommand(position, timeFormat, conversions);
    }

    private static RenameCommand ParseRename(int position, TextCursor cursor)
    {
        var pairs = new List<RenamePair>();
        do
        {
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
            cursor.TryConsume(',');
        }
        while (!cursor.AtEnd);

        return new RenameCommand(position, pairs);
    }

    private static FieldsCommand ParseFields(int position, TextCursor cursor)
    {
        var remove = false;
        cursor.SkipWhitespace();
        if (cursor.Peek() is '-' or '+' && (cursor.Peek(1) == ' ' || cursor.Peek(1) == '\0'))
        {
            remove = cursor.Peek() == '-';
            cursor.Position++;
        }

        var fields = ParseFieldList(cursor, "fields", allowWildcards: true);
        return new FieldsCommand(position, remove, fields.Select(f => new FieldPattern(f)).ToList());
    }

    private static SortCommand ParseSort(int position, TextCursor cursor)
    {
        var limit = SortCommand.DefaultLimit;
        if (cursor.TryInteger() is { } count)
        {
            limit = count;
        }
        else if (cursor.TryOption(["limit"], out _, out var limitText, out var limitPosition))
        {
            limit = int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new SplSyntaxException(limitPosition, 5, $"limit must be a whole number, not '{limitText}'");
        }

        var keys = new List<SortKey>();
        var reverseAll = false;
        while (!cursor.AtEnd)
        {
            if (cursor.TryKeyword("desc") || cursor.TryKeyword("d"))
            {
                reverseAll = true;
                if (!cursor.AtEnd)
                {
                    throw cursor.Error("desc must come last in sort");
                }

                break;
            }

            cursor.SkipWhitespace();
            var descending = false;
            if (cursor.Peek() is '-' or '+')
            {
                descending = cursor.Peek() == '-';
                cursor.Position++;
            }

            var start = cursor.Position;
            var name = cursor.ExpectFieldName("a field to sort by");
            var type = SortType.Auto;
            if (cursor.Peek() == '(' && name is "num" or "str" or "auto" or "ip")
            {
                if (name == "ip")
                {
                    throw new SplSyntaxException(start, 2, "sort ip() is not supported");
                }

                cursor.Position++;
                type = name switch { "num" => SortType.Number, "str" => SortType.Text, _ => SortType.Auto };
                name = cursor.ExpectFieldName("a field name");
                cursor.Expect(')', "')'");
            }

            keys.Add(new SortKey(name, descending, type));
            cursor.TryConsume(',');
        }

        if (keys.Count == 0)
        {
            throw new SplSyntaxException(position, 4, "sort needs at least one field");
        }

        if (reverseAll)
        {
            keys = keys.Select(k => k with { Descending = !k.Descending }).ToList();
        }

        return new SortCommand(position, limit, keys);
    }

    private static HeadCommand ParseHead(int position, TextCursor cursor)
    {
        var count = HeadCommand.DefaultCount;
        if (cursor.TryInteger() is { } n)
        {
            count = n;
        }
        else if (cursor.TryOption(["limit"], out _, out var limitText, out var limitPosition))
        {
            count = int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new SplSyntaxException(limitPosition, 5, $"limit must be a whole number, not '{limitText}'");
        }

        if (!cursor.AtEnd)
        {
            throw cursor.Error("unsupported head argument (Vigil supports head N and head limit=N)");
        }

        return new HeadCommand(position, count);
    }

    private static DedupCommand ParseDedup(int position, TextCursor cursor)
    {
        var keep = cursor.TryInteger() ?? 1;
        var keepEmpty = false;
        var consecutive = false;
        var fields = new List<string>();
        while (!cursor.AtEnd)
        {
            if (cursor.TryOption(["keepempty", "consecutive"], out var option, out var value, out var optionPosition))
            {
                var flag = ParseBoolean(value, option, optionPosition);
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

            var (wordPosition, word) = cursor.PeekWordForError();
            if (word.StartsWith("sortby", StringComparison.Ordinal) || word.Contains('=', StringComparison.Ordinal))
            {
                var optionName = word.Split('=')[0];
                throw new SplSyntaxException(wordPosition, optionName.Length, $"unsupported dedup option '{optionName}'");
            }

            fields.Add(cursor.ExpectFieldName("a field name"));
            cursor.TryConsume(',');
        }

        if (fields.Count == 0)
        {
            throw new SplSyntaxException(position, 5, "dedup needs at least one field");
        }

        return new DedupCommand(position, keep, fields, keepEmpty, consecutive);
    }

    private static FillnullCommand ParseFillnull(int position, TextCursor cursor)
    {
        var value = "0";
        if (cursor.TryOption(["value"], out _, out var given, out _))
        {
            value = given;
        }

        var fields = cursor.AtEnd ? [] : ParseFieldList(cursor, "fillnull", allowWildcards: false);
        return new FillnullCommand(position, value, fields);
    }

    private static List<string> ParseFieldList(TextCursor cursor, string command, bool allowWildcards)
    {
        var fields = new List<string>();
        while (!cursor.AtEnd)
        {
            var (wordPosition, word) = cursor.PeekWordForError();
            if (word.Contains('=', StringComparison.Ordinal))
            {
                var option = word.Split('=')[0];
                throw new SplSyntaxException(wordPosition, Math.Max(1, option.Length), $"unsupported {command} option '{option}'");
            }

            var field = cursor.ExpectFieldName("a field name");
            if (!allowWildcards && field.Contains('*', StringComparison.Ordinal))
            {
                throw new SplSyntaxException(wordPosition, field.Length, $"wildcards are not allowed in {command} field names");
            }

            fields.Add(field);
            cursor.TryConsume(',');
        }

        if (fields.Count == 0)
        {
            throw cursor.Error($"{command} needs at least one field");
        }

        return fields;
    }

    private static bool ParseBoolean(string value, string option, int position) => value.ToLowerInvariant() switch
    {
        "true" or "t" or "1" => true,
        "false" or "f" or "0" => false,
        _ => throw new SplSyntaxException(position, option.Length, $"{option} must be true or false, not '{value}'"),
    };

    private static void ExpectEnd(TextCursor cursor, string command)
    {
        if (!cursor.AtEnd)
        {
            throw cursor.Error($"unexpected text after the {command} expression");
        }
    }
}
