using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Vigil.Events.Json;

namespace Vigil.Tests.Properties;

/// <summary>
/// The JSON framer cuts a stream into records by their balanced braces without parsing them. Over random records whose
/// strings hold quotes, backslashes, brackets, escaped line ends and non-ASCII text, some long enough to span the
/// framer's 64 KiB blocks, written as JSON lines or as evtx_dump's pretty-printed records after <c>Record N</c> lines:
/// every record comes out as its exact text on its first line; one cut short, or longer than the limit, comes out as
/// a problem on its line, and the records after it are read as before.
/// </summary>
public sealed class JsonFramingProperties
{
    private static readonly Gen<string> Text = Gen.Frequency(
        (12, Gen.Char["ab1 \"\\{}[]\nR:,é\t€"].Array[0, 12].Select(chars => new string(chars))),
        (1, Gen.Char["xy\"{\\"].Array[1, 4].Select(chars => string.Concat(Enumerable.Repeat(new string(chars), 24_000)))));

    private static readonly Gen<JsonNode?> Value = Gen.Select(Gen.Int[0, 5], Text, Text).Select(t => t.Item1 switch
    {
        0 => new JsonObject { [t.Item2] = t.Item3 },
        1 => new JsonArray(t.Item2, new JsonObject { ["k"] = t.Item3 }),
        2 => JsonValue.Create(t.Item2.Length),
        _ => (JsonNode?)JsonValue.Create(t.Item3),
    });

    private static readonly Gen<JsonObject> Record = Gen.Select(Text, Value).Array[1, 5].Select(members =>
    {
        var record = new JsonObject();
        foreach (var (name, value) in members)
        {
            record[name] = value;
        }

        return record;
    });

    [Fact]
    public void Records_come_out_whole_on_their_lines_and_a_damaged_one_costs_only_itself()
    {
        Gen.Select(Record.Array[1, 12], Gen.Bool, Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Int[0, 1000]).Sample((records, pretty, cutWhich, cutWhere, limitWhich) =>
        {
            var texts = records.Select(r => r.ToJsonString(new JsonSerializerOptions { WriteIndented = pretty })).ToArray();

            // JSON lines: one record may be cut short (not just after a backslash, which would escape the line end).
            var cut = -1;
            if (!pretty && cutWhich % 3 == 0)
            {
                cut = cutWhich % texts.Length;
                var at = 1 + (cutWhere % (texts[cut].Length - 1));
                while (at > 1 && texts[cut][at - 1] == '\\')
                {
                    at--;
                }

                texts[cut] = texts[cut][..at];
            }

            var limit = texts.Select(t => t.Length).Order().ElementAt(limitWhich % texts.Length);
            var file = new System.Text.StringBuilder();
            var lines = new long[texts.Length];
            long line = 1;
            for (var i = 0; i < texts.Length; i++)
            {
                if (pretty)
                {
                    file.Append("Record ").Append(i + 1).Append('\n');
                    line++;
                }

                lines[i] = line;
                file.Append(texts[i]).Append('\n');
                line += texts[i].Count(c => c == '\n') + 1;
            }

            var frames = new JsonRecordFramer(new StringReader(file.ToString()), limit, 64).Frames().ToList();
            Assert.Equal(texts.Length, frames.Count);
            for (var i = 0; i < texts.Length; i++)
            {
                Assert.Equal(lines[i], frames[i].Line);
                if (i == cut)
                {
                    Assert.Null(frames[i].Text);
                    Assert.StartsWith("truncated record", frames[i].Problem, StringComparison.Ordinal);
                }
                else if (texts[i].Length > limit)
                {
                    Assert.Null(frames[i].Text);
                    Assert.True(frames[i].OverLimit);
                }
                else
                {
                    Assert.Equal(texts[i], frames[i].Text);
                }
            }
        }, iter: 400, threads: 1);
    }
}
