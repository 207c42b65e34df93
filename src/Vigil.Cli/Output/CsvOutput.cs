using Vigil.Spl.Execution;

namespace Vigil.Cli.Output;

/// <summary>
/// A result table as CSV (RFC 4180), the header being the result columns in order, like Splunk's CSV export: a
/// multivalue cell holds its values one a line.
/// </summary>
internal static class CsvOutput
{
    public static void Write(TextWriter writer, SearchResult result)
    {
        writer.Write(string.Join(',', result.Columns.Select(Quote)));
        writer.Write("\r\n");
        foreach (var row in result.Rows)
        {
            writer.Write(string.Join(',', result.Columns.Select(c => Quote(row[c].ToString()))));
            writer.Write("\r\n");
        }
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
