using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Findings;
using Vigil.Findings.Risk;

namespace Vigil.Store.Encoding;

/// <summary>
/// A finding's risk entries and threat objects as JSON arrays of objects, with the keys hunt's JSON output uses
/// (risk_object, risk_object_type, risk_score; threat_object, threat_object_type).
/// </summary>
internal static class RiskJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string WriteRisk(IReadOnlyList<RiskEntry> risk) => Write(json =>
    {
        foreach (var entry in risk)
        {
            json.WriteStartObject();
            json.WriteString("risk_object", entry.RiskObject);
            json.WriteString("risk_object_type", RiskObjectTypes.Name(entry.Type));
            json.WriteNumber("risk_score", entry.Score);
            json.WriteEndObject();
        }
    });

    public static string WriteThreats(IReadOnlyList<ThreatEntry> threats) => Write(json =>
    {
        foreach (var threat in threats)
        {
            json.WriteStartObject();
            json.WriteString("threat_object", threat.ThreatObject);
            json.WriteString("threat_object_type", threat.Type);
            json.WriteEndObject();
        }
    });

    public static IReadOnlyList<RiskEntry> ReadRisk(string text) => Read(text, item => new RiskEntry(
        item.GetProperty("risk_object").GetString()!,
        RiskObjectTypes.Parse(item.GetProperty("risk_object_type").GetString()!),
        item.GetProperty("risk_score").GetInt32()));

    public static IReadOnlyList<ThreatEntry> ReadThreats(string text) => Read(text, item => new ThreatEntry(
        item.GetProperty("threat_object").GetString()!,
        item.GetProperty("threat_object_type").GetString()!));

    private static string Write(Action<Utf8JsonWriter> items)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartArray();
            items(json);
            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static List<T> Read<T>(string text, Func<JsonElement, T> item)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.EnumerateArray().Select(item).ToList();
    }
}
