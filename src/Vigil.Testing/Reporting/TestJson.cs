using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Testing.Running;

namespace Vigil.Testing.Reporting;

/// <summary>
/// The outcomes as one JSON object: <c>{"tests": [{detection, detection_id, test, result, message, events_read,
/// duration_seconds, data_missing}], "summary": {passed, failed, skipped, errors, data_missing, seconds}}</c>.
/// </summary>
public static class TestJson
{
    public static void Write(TextWriter writer, IReadOnlyList<TestOutcome> outcomes, TestSummary summary)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(json, outcomes, summary);
        }

        writer.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void Write(Utf8JsonWriter json, IReadOnlyList<TestOutcome> outcomes, TestSummary summary)
    {
        json.WriteStartObject();
        json.WriteStartArray("tests");
        foreach (var outcome in outcomes)
        {
            json.WriteStartObject();
            json.WriteString("detection", outcome.Case.Detection.Name);
            json.WriteString("detection_id", outcome.Case.Detection.Id);
            json.WriteString("test", outcome.Case.Test.Name);
            json.WriteString("result", TestTable.Label(outcome.Status));
            json.WriteString("message", outcome.Message);
            json.WriteNumber("events_read", outcome.EventsRead);
            json.WriteNumber("duration_seconds", Math.Round(outcome.Duration.TotalSeconds, 3));
            json.WriteBoolean("data_missing", outcome.DataMissing);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("summary");
        json.WriteNumber("passed", summary.Passed);
        json.WriteNumber("failed", summary.Failed);
        json.WriteNumber("skipped", summary.Skipped);
        json.WriteNumber("errors", summary.Errors);
        json.WriteNumber("data_missing", summary.DataMissing);
        json.WriteNumber("seconds", Math.Round(summary.Elapsed.TotalSeconds, 3));
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
