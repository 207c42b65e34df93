using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;
using Vigil.Spl.Execution;

namespace Vigil.Sinks;

/// <summary>A search's result table in the output formats hunts use: table, csv (exactly the table), json (an array of rows) or jsonl.</summary>
public static class ResultTable
{
    public static readonly IReadOnlyList<string> Formats = ["table", "csv", "json", "jsonl"];

    public static void Write(TextWriter writer, SearchResult result, string format, bool toTerminal)
    {
        switch (format)
        {
            case "csv":
                CsvSink.Write(writer, result);
                break;
            case "json":
            case "jsonl":
                WriteJson(writer, result, lines: format == "jsonl");
                break;
            default:
                WriteTable(writer, result, toTerminal);
                break;
        }
    }

    private static void WriteJson(TextWriter writer, SearchResult result, bool lines)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        if (!lines)
        {
            writer.Write('[');
        }

        for (var i = 0; i < result.Rows.Count; i++)
        {
            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer, options))
            {
                json.WriteStartObject();
                foreach (var column in result.Columns)
                {
                    JsonValues.WriteProperty(json, column, result.Rows[i][column]);
                }

                json.WriteEndObject();
            }

            if (!lines && i > 0)
            {
                writer.Write(',');
            }

            writer.Write(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
            if (lines)
            {
                writer.Write('\n');
            }
        }

        if (!lines)
        {
            writer.Write("]\n");
        }
    }

    private static void WriteTable(TextWriter writer, SearchResult result, bool toTerminal)
    {
        var console = TextConsole.Over(writer, toTerminal);
        if (result.Rows.Count == 0)
        {
            console.Write(new Text("no results\n"));
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in result.Columns)
        {
            table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
        }

        foreach (var row in result.Rows)
        {
            table.AddRow(result.Columns.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(TerminalText.Visible(row[c].ToString()))).ToArray());
        }

        console.Write(table);
        console.Write(new Text($"{result.Rows.Count:N0} result{(result.Rows.Count == 1 ? string.Empty : "s")}\n"));
    }
}
