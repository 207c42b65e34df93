using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Events.Model;
using Vigil.Spl.Values;

namespace Vigil.Sinks;

/// <summary>
/// Formats an event as the row <paramref name="toRow"/> makes of it (<c>vigil export</c> with every field): <c>_time</c>
/// first (<see cref="ExportedTime"/>), then the row's other fields in their order, each a string, an array of strings or
/// null as <see cref="JsonValues"/> writes them. <paramref name="toRow"/> is this formatter's alone, so it may keep what
/// must not be shared across threads (a search context).
/// </summary>
internal sealed class RowLineFormatter(Func<WinEvent, Row> toRow, bool includeRaw) : ILineFormatter
{
    private readonly Utf8JsonWriter _json = new(Stream.Null, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    private readonly RelaxedJsonText _text = new();

    public void Format(WinEvent winEvent, IBufferWriter<byte> output)
    {
        var row = toRow(winEvent);
        _json.Reset(output);
        _json.WriteStartObject();
        if (row.Has("_time"))
        {
            _json.WriteString("_time", ExportedTime.Of(row));
        }

        foreach (var (name, value) in row.Fields)
        {
            if (name == "_time" || (name == "_raw" && !includeRaw))
            {
                continue;
            }

            switch (value.Count)
            {
                case 0:
                    _json.WriteNull(name);
                    break;
                case 1:
                    _text.WriteString(_json, name, value.ToString());
                    break;
                default:
                    _json.WriteStartArray(name);
                    var values = value.Values;
                    for (var i = 0; i < values.Count; i++)
                    {
                        _text.WriteStringValue(_json, values[i]);
                    }

                    _json.WriteEndArray();
                    break;
            }
        }

        _json.WriteEndObject();
        _json.Flush();
        output.Write("\n"u8);
    }

    public void Dispose() => _json.Dispose();
}
