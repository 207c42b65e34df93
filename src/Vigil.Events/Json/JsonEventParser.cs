using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Events.Model;
using Vigil.Events.Sources;

namespace Vigil.Events.Json;

/// <summary>Why a record gave no event, and on which line of the record (0 = its first line).</summary>
public readonly record struct JsonEventError(long LineOffset, string Reason);

/// <summary>
/// Turns the text of one JSON record into the fields the XML reader gives for the same Windows event (docs/fields.md),
/// then adds the Splunk aliases. The raw text of the event is the record's JSON.
/// </summary>
public static class JsonEventParser
{
    public static bool TryParse(string text, EventOrigin origin, [NotNullWhen(true)] out WinEvent? parsed, out JsonEventError error) =>
        TryParse(text, origin, ReaderLimits.Default, out parsed, out error);

    /// <summary>
    /// Parses one record with the given limits. A record nested deeper than <see cref="ReaderLimits.JsonDepth"/> is not
    /// valid JSON here (the JSON reader frames and skips such records before they come here); event XML in it deeper
    /// than <see cref="ReaderLimits.XmlUserDataDepth"/> throws <see cref="InputLimitException"/>.
    /// </summary>
    public static bool TryParse(string text, EventOrigin origin, ReaderLimits limits, [NotNullWhen(true)] out WinEvent? parsed, out JsonEventError error)
    {
        parsed = null;
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(text));
        try
        {
            var json = utf8.AsMemory(0, Encoding.UTF8.GetBytes(text, utf8));

            // Winlogbeat records, nearly every record met, are read in one pass with no document built. evtx_dump's,
            // which its mapper walks as a tree, are made a document once their Event object is met.
            var record = WinlogbeatRecord.ForThread;
            try
            {
                record.Read(json.Span, limits.JsonDepth, untilEventObject: true);
                if (record.HasEventObject)
                {
                    using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = limits.JsonDepth });
                    if (document.RootElement.TryGetProperty("Event", out var e) && e.ValueKind == JsonValueKind.Object)
                    {
                        parsed = EvtxDumpJsonMapper.Map(document.RootElement, text, origin);
                    }
                    else
                    {
                        // A later top-level "Event" is not an object, and the last of a name is the one that counts.
                        record.Read(json.Span, limits.JsonDepth, untilEventObject: false);
                    }
                }

                if (parsed is null && record.HasWinlog)
                {
                    parsed = WinlogbeatJsonMapper.Map(record, text, origin, limits.XmlUserDataDepth);
                }
            }
            catch (JsonException e)
            {
                error = new JsonEventError(e.LineNumber ?? 0, "not valid JSON: " + Describe(e));
                return false;
            }
            catch (FormatException e)
            {
                error = new JsonEventError(0, e.Message);
                return false;
            }

            if (parsed is null)
            {
                error = new JsonEventError(0, record.IsObject
                    ? "valid JSON but not a Windows event: neither a Winlogbeat/ECS record (no \"winlog\" object) nor an evtx_dump record (no \"Event\" object)"
                    : "valid JSON but not a Windows event: a record must be a JSON object");
                return false;
            }

            error = default;
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    private static string Describe(JsonException e)
    {
        var message = e.Message;
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var column = e.BytePositionInLine is { } position ? string.Create(CultureInfo.InvariantCulture, $" (column {position + 1})") : string.Empty;
        return (at > 0 ? message[..at].TrimEnd() : message) + column;
    }
}

/// <summary>Reading JSON values as the text an XML element or attribute would hold.</summary>
internal static class JsonValues
{
    /// <summary>A scalar as text: strings as they are, numbers as written, booleans as <c>true</c>/<c>false</c>; null for anything else.</summary>
    public static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>Splunk keeps no empty field values, so an empty value is no field.</summary>
    public static void Add(List<EventField> fields, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value) && name.Length != 0)
        {
            fields.Add(new EventField(name, value));
        }
    }

    public static EventTime ParseTime(string name, string text) =>
        EventTime.TryParseSystemTime(text, out var time) ? time : throw new FormatException($"{name} '{text}' is not a valid time");
}
