using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Content.Model;
using Vigil.Findings;

namespace Vigil.Cli.Output;

/// <summary>
/// Findings as JSON: an array (json) or one object a line (jsonl). Result values are strings, or arrays of strings
/// for multivalues, as Splunk's JSON output gives them; a column with no value is null.
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static void Write(TextWriter writer, IEnumerable<Finding> findings, bool lines)
    {
        using var buffer = new MemoryStream();
        if (!lines)
        {
            writer.Write('[');
        }

        var first = true;
        foreach (var finding in findings)
        {
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer, Options))
            {
                WriteFinding(json, finding);
            }

            if (!lines && !first)
            {
                writer.Write(',');
            }

            writer.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            if (lines)
            {
                writer.Write('\n');
            }

            first = false;
        }

        if (!lines)
        {
            writer.Write("]\n");
        }
    }

    private static void WriteFinding(Utf8JsonWriter json, Finding finding)
    {
        var detection = finding.Detection;
        json.WriteStartObject();
        json.WriteString("detection", detection.Name);
        json.WriteString("detection_id", detection.Id);
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
            json.WriteString("risk_object_type", TypeName(risk.Type));
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
        WriteStrings(json, "analytic_story", detection.AnalyticStories);
        json.WriteEndObject();
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

    public static string TypeName(RiskObjectType type) => type switch
    {
        RiskObjectType.System => "system",
        RiskObjectType.User => "user",
        _ => "other",
    };
}
