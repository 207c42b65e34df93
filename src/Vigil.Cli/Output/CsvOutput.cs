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
        Csv.WriteLine(writer, result.Columns);
        foreach (var row in result.Rows)
        {
            Csv.WriteLine(writer, result.Columns.Select(c => row[c].ToString()));
        }
    }
}
