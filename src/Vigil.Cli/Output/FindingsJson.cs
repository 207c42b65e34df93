using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Findings;
using Vigil.Sinks;

namespace Vigil.Cli.Output;

/// <summary>Stored findings as JSON: the very object hunt's json and jsonl write for a finding (JsonSink), so one parser reads both.</summary>
internal static class FindingsJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An array (json) or one object a line (jsonl).</summary>
    public static void Write(TextWriter writer, IEnumerable<Finding> findings, bool lines)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var first = true;
        if (!lines)
        {
            writer.Write('[');
        }

        foreach (var finding in findings)
        {
            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer, Options))
            {
                JsonSink.Write(json, finding);
            }

            if (!lines && !first)
            {
                writer.Write(',');
            }

            writer.Write(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
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
}
