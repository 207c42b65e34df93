using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Spl.Values;

namespace Vigil.Store.Encoding;

/// <summary>
/// A finding's result row as JSON: an object with every column in the search's order, each an array of its values
/// (empty when the row has none), so the columns, their order and multivalues all read back.
/// </summary>
internal static class ResultJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(IReadOnlyList<string> columns, Row row)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            foreach (var column in columns)
            {
                json.WriteStartArray(column);
                foreach (var value in row[column].Values)
                {
                    json.WriteStringValue(value);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static (IReadOnlyList<string> Columns, Row Row) Read(string text)
    {
        using var document = JsonDocument.Parse(text);
        var columns = new List<string>();
        var row = new Row();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            columns.Add(property.Name);
            row[property.Name] = Value.FromMany(property.Value.EnumerateArray().Select(v => v.GetString() ?? string.Empty).ToArray());
        }

        return (columns, row);
    }
}
