using Vigil.Spl.Execution;
using Vigil.Spl.Definitions;
using Vigil.Spl.Macros;
using Vigil.Spl.Values;

namespace Vigil.Tests.Support;

/// <summary>Runs SPL over rows built in a test, the way the hunt runner does.</summary>
public static class Spl
{
    public static readonly Timestamp Now = Timestamp.FromDateTime(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc));

    public static SearchResult Run(string search, IEnumerable<Row> rows, SplDefinitions? definitions = null, TimeZoneInfo? zone = null)
    {
        return Run(SplPipeline.Compile(search, definitions ?? new SplDefinitions()), rows, zone);
    }

    /// <summary>Runs a search compiled before.</summary>
    public static SearchResult Run(SplPipeline pipeline, IEnumerable<Row> rows, TimeZoneInfo? zone = null)
    {
        var run = pipeline.Start(new SearchContext(zone ?? TimeZoneInfo.Utc, Now));
        foreach (var row in rows)
        {
            run.Push(row);
        }

        return run.Complete();
    }

    /// <summary>A row from name/value pairs; a string[] value is a multivalue; "_time" may be a DateTime.</summary>
    public static Row Row(params (string Name, object? Value)[] fields)
    {
        var row = new Row();
        foreach (var (name, value) in fields)
        {
            row[name] = value switch
            {
                null => Value.Null,
                string s => Value.FromString(s),
                string[] many => Value.FromMany(many),
                DateTime time => Value.FromTime(Timestamp.FromDateTime(time)),
                int n => Value.FromString(n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                double d => Value.FromNumber(d),
                _ => throw new ArgumentException("unsupported test value " + value),
            };
        }

        return row;
    }

    /// <summary>A row with _raw, for bare-term searches.</summary>
    public static Row Raw(string raw, params (string Name, object? Value)[] fields) => Row([.. fields, ("_raw", raw)]);

    /// <summary>The values of one column, in row order, as text (null for absent).</summary>
    public static List<string?> Column(this SearchResult result, string name) =>
        result.Rows.Select(r => r[name].IsNull ? null : r[name].ToString()).ToList();

    /// <summary>Each row as "a=1 b=2" over the result columns, absent values left out: readable assertions.</summary>
    public static List<string> Lines(this SearchResult result) =>
        result.Rows.Select(r => string.Join(" ", result.Columns.Where(c => !r[c].IsNull).Select(c => $"{c}={r[c].ToString().Replace('\n', '|')}"))).ToList();
}
