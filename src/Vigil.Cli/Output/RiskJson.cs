using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Sinks;
using Vigil.Store;

namespace Vigil.Cli.Output;

/// <summary>
/// Entities and timelines as JSON arrays. A timeline entry is its risk event as searches read it (the Risk data model's
/// fields, from <c>RiskEvent.ToRow</c>, with _time in ISO-8601) plus the detection's name and id.
/// </summary>
internal static class RiskJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteRanking(Stream stream, IReadOnlyList<EntityRisk> entities)
    {
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartArray();
        foreach (var entity in entities)
        {
            json.WriteStartObject();
            json.WriteString("entity", entity.Entity);
            json.WriteString("type", entity.Type);
            json.WriteNumber("score", entity.Score);
            json.WriteNumber("events", entity.Events);
            Strings(json, "detections", entity.Detections);
            Strings(json, "tactics", entity.Tactics);
            json.WriteString("first_time", StoredTimes.Full(entity.FirstTime));
            json.WriteString("last_time", StoredTimes.Full(entity.LastTime));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public static void WriteTimeline(Stream stream, IReadOnlyList<TimelineEntry> timeline)
    {
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartArray();
        foreach (var entry in timeline)
        {
            json.WriteStartObject();
            foreach (var (name, value) in entry.Risk.ToRow().Fields)
            {
                if (name == "_time")
                {
                    json.WriteString(name, StoredTimes.Full(entry.Risk.Time));
                }
                else
                {
                    JsonValues.WriteProperty(json, name, value);
                }
            }

            json.WriteString("detection", entry.DetectionName);
            json.WriteString("detection_id", entry.DetectionId);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
