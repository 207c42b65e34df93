using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Vigil.Evtx.Tests;

/// <summary>The fast path: <see cref="EvtxReaderOptions.RecordFilter"/> decides on the search text before rendering.</summary>
public sealed partial class RecordFilterTests(ITestOutputHelper output)
{
    public static TheoryData<string> Samples() => TestFiles.AllSamples();

    private static readonly string[] FixedLiterals =
        ["4624", "Microsoft-Windows-Security-Auditing", "Application", "EventData", "S-1-5-18", "System", "0x8020000000000000", "Sysmon", "1102"];

    private static List<EvtxRecord> Read(string file, EvtxReaderOptions options, EvtxFileSummary? summary = null) =>
        EvtxFile.ReadRecords(file, options, summary ?? new EvtxFileSummary()).ToList();

    /// <summary>
    /// The soundness property itself, on every record of every sample: split the rendered XML into element names,
    /// attribute names, attribute values and text nodes; every maximal run of literal characters in each of them occurs
    /// in the record's search text.
    /// </summary>
    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryLiteralRunOfTheXmlIsInTheSearchText(string sample)
    {
        string file = TestFiles.PathOf(sample);
        foreach (bool recover in new[] { false, true })
        {
            var texts = new List<string>();
            var summary = new EvtxFileSummary();
            List<EvtxRecord> records = Read(file, new EvtxReaderOptions
            {
                Threads = 1,
                Recover = recover,
                RecordFilter = t =>
                {
                    texts.Add(t.ToString());
                    return true;
                },
            }, summary);
            Assert.Equal(0, summary.RecordsSkipped);

            // With one thread the filter sees the records in file order; a damaged record is seen but not yielded.
            int t = 0;
            int unmatched = 0;
            foreach (EvtxRecord r in records)
            {
                List<string> runs = LiteralRuns(r.Xml);
                while (t < texts.Count && !runs.All(texts[t].Contains))
                {
                    t++;
                    unmatched++;
                }

                Assert.True(t < texts.Count, $"record {r.RecordId}: a literal run of its XML is missing from its search text: "
                    + string.Join(" | ", runs.Where(x => !texts.Any(s => s.Contains(x, StringComparison.Ordinal)))));
                t++;
            }

            Assert.True(unmatched <= summary.RecordsDamaged, $"{unmatched} search texts without a record, {summary.RecordsDamaged} damaged records");
            output.WriteLine($"recover={recover}: {records.Count} records, {texts.Count} search texts");
        }
    }

    /// <summary>The brief's check: for a set of literals, the records kept by a Contains filter are exactly those whose XML holds the literal.</summary>
    [Theory]
    [MemberData(nameof(Samples))]
    public void ContainsFilterKeepsExactlyTheRecordsWhoseXmlHoldsTheLiteral(string sample)
    {
        string file = TestFiles.PathOf(sample);
        List<EvtxRecord> all = Read(file, new EvtxReaderOptions());
        Assert.NotEmpty(all);

        var literals = new List<string>(FixedLiterals);
        XElement first = EventFields.ParseXml(all[0].Xml);
        literals.Add(first.Descendants().First(e => e.Name.LocalName == "Computer").Value);
        foreach (EvtxRecord r in all.Skip(all.Count / 2).Concat(all))
        {
            string? value = EventFields.FromXml(r.Xml).Data.Select(d => d.Value).FirstOrDefault(v => v.Length >= 4 && LiteralOnly().IsMatch(v));
            if (value is not null)
            {
                literals.Add(value);
                break;
            }
        }

        foreach (string literal in literals)
        {
            List<long> expected = all.Where(r => r.Xml.Contains(literal, StringComparison.OrdinalIgnoreCase)).Select(r => r.FileOffset).ToList();
            var summary = new EvtxFileSummary();
            List<long> kept = Read(file, new EvtxReaderOptions { RecordFilter = t => t.Contains(literal, StringComparison.OrdinalIgnoreCase) }, summary)
                .Select(r => r.FileOffset).ToList();
            Assert.True(expected.SequenceEqual(kept),
                $"literal [{literal}]: expected {expected.Count} records, kept {kept.Count}; extra {string.Join(",", kept.Except(expected).Take(5))}, missing {string.Join(",", expected.Except(kept).Take(5))}");
            Assert.Equal(all.Count - kept.Count, summary.RecordsSkipped);
            output.WriteLine($"[{literal}]: {kept.Count} of {all.Count}");
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(4, false)]
    [InlineData(1, true)]
    [InlineData(4, true)]
    public void SkippedRecordsAreCountedAndTheSummaryAddsUp(int threads, bool recover)
    {
        foreach (string file in new[] { TestFiles.PathOf("evtx-crate/security.evtx"), TestFiles.PathOf("deepbluecli/password-spray.evtx"), TestFiles.PathOf("evtx-crate/sample_with_a_bad_chunk_magic.evtx") })
        {
            var fullSummary = new EvtxFileSummary();
            List<EvtxRecord> all = Read(file, new EvtxReaderOptions { Threads = threads, Recover = recover }, fullSummary);

            var none = new EvtxFileSummary();
            Assert.Empty(Read(file, new EvtxReaderOptions { Threads = threads, Recover = recover, RecordFilter = _ => false }, none));
            Assert.Equal(0, none.RecordsRead);
            Assert.Equal(0, none.RecordsRecovered);
            Assert.Equal(fullSummary.RecordsRead + fullSummary.RecordsRecovered, none.RecordsSkipped);
            Assert.Equal(fullSummary.RecordsDamaged, none.RecordsDamaged);
            Assert.Equal(fullSummary.Warnings, none.Warnings);

            var some = new EvtxFileSummary();
            List<EvtxRecord> kept = Read(file, new EvtxReaderOptions { Threads = threads, Recover = recover, RecordFilter = t => t.Contains("4625", StringComparison.Ordinal) }, some);
            Assert.Equal(kept.Count, some.RecordsRead + some.RecordsRecovered);
            Assert.Equal(fullSummary.RecordsRead + fullSummary.RecordsRecovered, some.RecordsRead + some.RecordsRecovered + some.RecordsSkipped);
            Assert.Equal(all.Where(r => r.Xml.Contains("4625", StringComparison.Ordinal)), kept);
        }
    }

    /// <summary>Maximal runs of [A-Za-z0-9 _.:/\-] inside each element name, attribute name, attribute value and text node of our XML.</summary>
    internal static List<string> LiteralRuns(string xml)
    {
        var segments = new List<string>();
        int i = 0;
        while (i < xml.Length)
        {
            if (xml[i] != '<')
            {
                int lt = xml.IndexOf('<', i);
                lt = lt < 0 ? xml.Length : lt;
                segments.Add(xml[i..lt]);
                i = lt;
            }
            else if (string.CompareOrdinal(xml, i, "<![CDATA[", 0, 9) == 0)
            {
                int close = xml.IndexOf("]]>", i, StringComparison.Ordinal);
                segments.Add(xml[i..(close + 3)]);
                i = close + 3;
            }
            else if (string.CompareOrdinal(xml, i, "<?", 0, 2) == 0)
            {
                int close = xml.IndexOf("?>", i, StringComparison.Ordinal);
                segments.Add(xml[(i + 2)..close]);
                i = close + 2;
            }
            else
            {
                // A tag: name, then name="value" pairs.
                int p = i + 1 + (xml[i + 1] == '/' ? 1 : 0);
                int nameEnd = xml.IndexOfAny([' ', '>', '/'], p);
                segments.Add(xml[p..nameEnd]);
                p = nameEnd;
                while (xml[p] == ' ')
                {
                    int eq = xml.IndexOf('=', p);
                    segments.Add(xml[(p + 1)..eq]);
                    int close = xml.IndexOf('"', eq + 2);
                    segments.Add(xml[(eq + 2)..close]);
                    p = close + 1;
                }

                i = xml.IndexOf('>', p) + 1;
            }
        }

        return segments.SelectMany(s => LiteralRun().Matches(s).Select(m => m.Value)).Distinct(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"[A-Za-z0-9 _.:/\\\-]+")]
    private static partial Regex LiteralRun();

    [GeneratedRegex(@"^[A-Za-z0-9 _.:/\\\-]+$")]
    private static partial Regex LiteralOnly();
}
