using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Vigil.Events.Model;
using Vigil.Events.Sources;

namespace Vigil.Events.Json;

/// <summary>The JSON forms of a Windows event that Vigil reads (see docs/json-inputs.md).</summary>
public enum JsonEventShape
{
    /// <summary>Valid JSON, but neither form.</summary>
    Unknown,

    /// <summary>Winlogbeat / Elastic Common Schema: a <c>winlog</c> object, nested or as dotted keys.</summary>
    Winlogbeat,

    /// <summary>The Rust evtx crate's <c>evtx_dump -o json|jsonl</c>: the event XML as an <c>Event</c> object.</summary>
    EvtxDump,
}

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
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions
            {
                AllowTrailingCommas = false,
                CommentHandling = JsonCommentHandling.Disallow,
                MaxDepth = limits.JsonDepth,
            });
        }
        catch (JsonException e)
        {
            error = new JsonEventError(e.LineNumber ?? 0, "not valid JSON: " + Describe(e));
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            try
            {
                parsed = DetectShape(root) switch
                {
                    JsonEventShape.EvtxDump => EvtxDumpJsonMapper.Map(root, text, origin),
                    JsonEventShape.Winlogbeat => WinlogbeatJsonMapper.Map(root, text, origin, limits.XmlUserDataDepth),
                    _ => null,
                };
            }
            catch (FormatException e)
            {
                error = new JsonEventError(0, e.Message);
                return false;
            }

            if (parsed is null)
            {
                error = new JsonEventError(0, root.ValueKind == JsonValueKind.Object
                    ? "valid JSON but not a Windows event: neither a Winlogbeat/ECS record (no \"winlog\" object) nor an evtx_dump record (no \"Event\" object)"
                    : "valid JSON but not a Windows event: a record must be a JSON object");
                return false;
            }

            error = default;
            return true;
        }
    }

    /// <summary>Which form a parsed record has: an <c>Event</c> object (evtx_dump) or a <c>winlog</c> object / <c>winlog.*</c> keys.</summary>
    public static JsonEventShape DetectShape(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return JsonEventShape.Unknown;
        }

        if (root.TryGetProperty("Event", out var e) && e.ValueKind == JsonValueKind.Object)
        {
            return JsonEventShape.EvtxDump;
        }

        foreach (var property in root.EnumerateObject())
        {
            if ((property.Name == "winlog" && property.Value.ValueKind == JsonValueKind.Object)
                || property.Name.StartsWith("winlog.", StringComparison.Ordinal))
            {
                return JsonEventShape.Winlogbeat;
            }
        }

        return JsonEventShape.Unknown;
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
