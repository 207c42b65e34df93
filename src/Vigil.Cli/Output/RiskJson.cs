using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Findings;
using Vigil.Sinks;
using Vigil.Store;

namespace Vigil.Cli.Output;

/// <summary>
/// Entities and timelines as JSON, with Enterprise Security's risk field names so what reads ES's risk analysis reads
/// these. An entity carries the fields ESCU's risk correlation searches compute by risk_object and risk_object_type
/// (risk_score summed, risk_event_count, source, annotations.mitre_attack.mitre_tactic, firstTime, lastTime); a
/// timeline entry is its risk event as searches read it (<c>RiskEvent.ToRow</c>, _time in ISO-8601, risk_score a number) plus the
/// detection's name and id.
/// </summary>
internal static class RiskJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An array, or one object a line.</summary>
    public static void WriteRanking(TextWriter writer, IReadOnlyList<EntityRisk> entities, bool lines) =>
        WriteAll(writer, entities, lines, (json, entity) =>
        {
            json.WriteString("risk_object", entity.Entity);
            json.WriteString("risk_object_type", entity.Type);
            json.WriteNumber("risk_score", entity.Score);
            json.WriteNumber("risk_event_count", entity.Events);
            Strings(json, "source", entity.Detections.Select(SearchNames.Of));
            Strings(json, "annotations.mitre_attack.mitre_tactic", entity.Tactics);
            json.WriteString("firstTime", StoredTimes.Full(entity.FirstTime));
            json.WriteString("lastTime", StoredTimes.Full(entity.LastTime));
        });

    public static void WriteTimeline(TextWriter writer, IReadOnlyList<TimelineEntry> timeline, bool lines) =>
        WriteAll(writer, timeline, lines, (json, entry) =>
        {
            foreach (var (name, value) in entry.Risk.ToRow().Fields)
            {
                if (name == "_time")
                {
                    json.WriteString(name, StoredTimes.Full(entry.Risk.Time));
                }
                else if (name == "risk_score")
                {
                    // A number, as in the ranking: the one field every reader sums.
                    json.WriteNumber(name, entry.Risk.RiskScore);
                }
                else
                {
                    JsonValues.WriteProperty(json, name, value);
                }
            }

            json.WriteString("detection", entry.DetectionName);
            json.WriteString("detection_id", entry.DetectionId);
        });

    private static void WriteAll<T>(TextWriter writer, IEnumerable<T> items, bool lines, Action<Utf8JsonWriter, T> writeFields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            if (!lines)
            {
                json.WriteStartArray();
            }

            foreach (var item in items)
            {
                json.WriteStartObject();
                writeFields(json, item);
                json.WriteEndObject();
                if (lines)
                {
                    // jsonl: flush each object and start the next on its own line.
                    json.Flush();
                    buffer.WriteByte((byte)'\n');
                    json.Reset();
                }
            }

            if (!lines)
            {
                json.WriteEndArray();
            }
        }

        writer.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        if (!lines)
        {
            writer.Write('\n');
        }
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
