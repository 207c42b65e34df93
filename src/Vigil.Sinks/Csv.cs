using System.Globalization;

namespace Vigil.Sinks;

/// <summary>
/// CSV as RFC 4180 writes it (a field with a comma, quote or line break quoted, quotes doubled), with cells a
/// spreadsheet would run as a formula neutralized: event data is attacker-controlled, and a module path or command
/// line starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return would run when an analyst opens
/// the file in Excel or LibreOffice (CSV injection). Such a cell gets a leading apostrophe, which spreadsheets show as
/// text; a plain number such as <c>-5</c> is left as it is, since no spreadsheet runs it.
/// </summary>
public static class Csv
{
    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>The cell as written: neutralized if a spreadsheet would run it, then quoted.</summary>
    public static string Cell(string value) => Quote(Neutralize(value));

    public static string Neutralize(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "'" + value
            : value;

    public static void WriteLine(TextWriter writer, IEnumerable<string> fields)
    {
        writer.Write(string.Join(',', fields.Select(Cell)));
        writer.Write("\r\n");
    }
}
