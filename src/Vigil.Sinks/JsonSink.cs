using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Events.Model;
using Vigil.Findings;
using Vigil.Findings.Risk;
using Vigil.Hunt;
using Vigil.Hunt.Sinks;
using Vigil.Spl.Values;

namespace Vigil.Sinks;

/// <summary>
/// Findings as JSON: an array (json) or one object a line (jsonl), written as each detection's results come. Result values
/// are strings, or arrays of strings for multivalues, as Splunk's JSON output gives them; a column with no value is
/// null. docs/findings.md describes every key.
/// </summary>
public sealed class JsonSink(TextWriter writer, bool lines) : IHuntSink
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new();
    private readonly Utf8TextOut _text = new(writer);
    private bool _any;

    public void Begin(HuntStart start)
    {
        if (!lines)
        {
            writer.Write('[');
        }
    }

    public void Finding(Finding finding, DetectionResult result)
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, Options))
        {
            Write(json, finding);
        }

        if (!lines && _any)
        {
            writer.Write(',');
        }

        _text.Write(_buffer.WrittenSpan);
        if (lines)
        {
            writer.Write('\n');
        }

        _any = true;
    }

    public void Finish(HuntReport report)
    {
        if (!lines)
        {
            writer.Write("]\n");
        }
    }

    /// <summary>One finding as a JSON object (the record every Vigil JSON output uses).</summary>
    public static void Write(Utf8JsonWriter json, Finding finding)
    {
        var detection = finding.Detection;
        json.WriteStartObject();
        json.WriteString("id", finding.Id);
        json.WriteString("detection", detection.Name);
        json.WriteString("detection_id", detection.Id);
        json.WriteString("search_name", finding.SearchName);
        WriteTime(json, "time", finding.Time);
        WriteTime(json, "first_time", finding.FirstTime);
        json.WriteStartObject("result");
        foreach (var column in finding.Columns)
        {
            JsonValues.WriteProperty(json, column, finding.Result[column]);
        }

        json.WriteEndObject();
        json.WriteStartArray("risk");
        foreach (var risk in finding.Risk)
        {
            json.WriteStartObject();
            json.WriteString("risk_object", risk.RiskObject);
            json.WriteString("risk_object_type", RiskObjectTypes.Name(risk.Type));
            json.WriteNumber("risk_score", risk.Score);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("threat_objects");
        foreach (var threat in finding.Threats)
        {
            json.WriteStartObject();
            json.WriteString("threat_object", threat.ThreatObject);
            json.WriteString("threat_object_type", threat.Type);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (finding.RiskMessage is null)
        {
            json.WriteNull("risk_message");
        }
        else
        {
            json.WriteString("risk_message", finding.RiskMessage);
        }

        WriteStrings(json, "mitre_attack", detection.MitreAttackIds);
        WriteStrings(json, "mitre_tactics", AttackTactics.Shipped.Of(detection.MitreAttackIds));
        WriteStrings(json, "analytic_story", detection.AnalyticStories);
        json.WriteStartArray("evidence");
        foreach (var reference in finding.Evidence)
        {
            WriteEvidence(json, reference);
        }

        json.WriteEndArray();
        json.WriteNumber("evidence_total", finding.EvidenceTotal);
        json.WriteStartArray("triage");
        foreach (var fact in finding.Triage)
        {
            json.WriteStartObject();
            json.WriteString("label", fact.Label);
            json.WriteString("value", fact.Value);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>An event reference: its file, its place (line; or chunk, record id and offset) and its time.</summary>
    public static void WriteEvidence(Utf8JsonWriter json, EventReference reference)
    {
        json.WriteStartObject();
        json.WriteString("path", reference.Origin.Path);
        switch (reference.Origin)
        {
            case LineOrigin line:
                json.WriteNumber("line", line.Line);
                break;
            case EvtxOrigin record:
                json.WriteNumber("chunk", record.Chunk);
                json.WriteNumber("record_id", record.RecordId);
                json.WriteNumber("offset", record.Offset);
                break;
        }

        if (reference.Time is { } time)
        {
            json.WriteString("time", time.ToString());
        }

        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, Timestamp? time)
    {
        if (time is { } value)
        {
            json.WriteString(name, new EventTime(value.UnixTicks).ToString());
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
