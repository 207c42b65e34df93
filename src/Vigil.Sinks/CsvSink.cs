using Vigil.Hunt;
using Vigil.Hunt.Sinks;
using Vigil.Spl.Execution;

namespace Vigil.Sinks;

/// <summary>
/// A detection's result table as CSV (RFC 4180), the header being the result columns in order, like Splunk's CSV export:
/// a multivalue cell holds its values one a line. A hunt writes one detection's table (the CLI makes sure only one runs).
/// </summary>
public sealed class CsvSink(TextWriter writer) : IHuntSink
{
    public void Result(DetectionResult result) => Write(writer, result.Result);

    public static void Write(TextWriter writer, SearchResult result)
    {
        Csv.WriteLine(writer, result.Columns);
        foreach (var row in result.Rows)
        {
            Csv.WriteLine(writer, result.Columns.Select(c => row[c].ToString()));
        }
    }
}
