using System.Xml;
using Vigil.Events.Evtx;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Events.Xml;
using System.Buffers.Binary;
using Vigil.Evtx;
using Vigil.Evtx.Testing;
using Vigil.Tests.Support;

namespace Vigil.Tests.Events;

/// <summary>
/// EVTX records go from BinXML straight to the event model; these tests hold that to the old path, rendering each
/// record's XML and parsing it with <see cref="XmlEventParser"/>: for every record of every real sample (damaged ones
/// too, with and without recovery), the same event (fields in order, time, channel, computer, metadata, origin, raw
/// text) or the same error.
/// </summary>
public class EvtxDirectDecodingTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_record_of_every_sample_decodes_as_its_rendered_XML_parses()
    {
        var dir = TestPaths.RequireShared("evtx");
        long direct = 0, throughXml = 0;
        foreach (var path in Directory.EnumerateFiles(dir, "*.evtx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var recover in (bool[])[false, true])
            {
                // The default UserData depth, and one so small that records hit it (the limit's error must match too).
                foreach (var depth in (int[])[ReaderLimits.Default.XmlUserDataDepth, 1])
                {
                    var (d, x) = Compare(path, recover, depth);
                    direct += d;
                    throughXml += x;
                    if (depth != 1)
                    {
                        output.WriteLine($"{Path.GetRelativePath(dir, path)} recover={recover}: {d} records from nodes, {x} through XML");
                    }
                }
            }
        }

        // The direct path must be the one records take, or this test proves nothing: only damaged or unusual records
        // (CDATA, references, prefixed names) go through their XML.
        Assert.True(direct > 40 * throughXml, $"{direct} records decoded from nodes, {throughXml} through XML");
    }

    /// <summary>
    /// Damage sends records through their XML (salvage markers, damaged names) or leaves the nodes odd: single-bit flips
    /// at deterministic positions inside the records of real logs, three per copy, 40 copies of each.
    /// </summary>
    [Fact]
    public void Damaged_records_decode_as_their_rendered_XML_parses()
    {
        var dir = TestPaths.RequireShared("evtx");
        using var temp = new TempDirectory();
        long direct = 0, throughXml = 0;
        foreach (var sample in (string[])["evtx-crate/sysmon.evtx", "evtx-crate/security.evtx", "deepbluecli/Powershell-Invoke-Obfuscation-many.evtx"])
        {
            var pristine = File.ReadAllBytes(Path.Combine(dir, sample));
            var records = EvtxFile.ReadRecords(Path.Combine(dir, sample), new EvtxReaderOptions { Threads = 1 }, new EvtxFileSummary(), TestContext.Current.CancellationToken).Select(r => r.FileOffset).ToList();
            var rng = new Random(20260118);
            for (var copy = 0; copy < 40; copy++)
            {
                var bytes = (byte[])pristine.Clone();
                for (var flip = 0; flip < 3; flip++)
                {
                    var offset = records[rng.Next(records.Count)];
                    var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(pristine.AsSpan((int)offset + 4));
                    bytes[offset + rng.Next(size)] ^= (byte)(1 << rng.Next(8));
                }

                var path = temp.Write($"flipped-{copy}.evtx", string.Empty);
                File.WriteAllBytes(path, bytes);
                foreach (var recover in (bool[])[false, true])
                {
                    var (d, x) = Compare(path, recover, ReaderLimits.Default.XmlUserDataDepth);
                    direct += d;
                    throughXml += x;
                }
            }
        }

        output.WriteLine($"{direct} records from nodes, {throughXml} through XML");
        Assert.True(throughXml > 0, "no damaged record went through its XML: the test misses that path");
    }

    /// <summary>Values the XML escapes, or that an XML reader reads back changed: the nodes must give what it reads.</summary>
    [Fact]
    public void Values_an_XML_reader_changes_decode_as_it_reads_them()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("values.evtx", string.Empty);
        string[] values =
        [
            "a\r\nb\rc\n\r\nd", "\r\n", "  ", "\t", " x ", "&<>\"'", "]]>", "ctl\u0001\u0008\u001f", "nul\u0000inside",
            "lone \ud800 high", "lone \udc00 low", "pair \ud83d\ude00", "\ufffe\uffff", "\u00e9t\u00e9", "trailing\r",
        ];
        var events = values.Select((v, i) => new EvtxTestEvent
        {
            EventId = 4688,
            TimeCreatedUtc = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(i),
            EventRecordId = (ulong)(i + 1),
            Channel = i == 0 ? string.Empty : "Security",
            Computer = v,
            UserSid = "S-1-5-18",
            Data = [("Value", v), (string.Empty, v), ("Name\r\nWith Break", "x"), ("Empty", string.Empty)],
            Binary = i % 2 == 0 ? [1, 2, 3] : null,
        });
        EvtxWriter.Write(path, events);
        var (direct, throughXml) = Compare(path, recover: false, ReaderLimits.Default.XmlUserDataDepth);
        Assert.Equal(values.Length, direct);
        Assert.Equal(0, throughXml);
    }

    [Fact]
    public void Without_raw_text_the_fields_are_the_same_and_nothing_is_rendered()
    {
        var dir = TestPaths.RequireShared("evtx");
        foreach (var path in Directory.EnumerateFiles(dir, "*.evtx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var withRaw = Read(path, recover: false, raw: true);
            var withoutRaw = Read(path, recover: false, raw: false);
            Assert.Equal(withRaw.Count, withoutRaw.Count);
            for (var i = 0; i < withRaw.Count; i++)
            {
                var (rendered, expected) = withRaw[i];
                var (xml, actual) = withoutRaw[i];
                if (expected is WinEvent e && actual is WinEvent a)
                {
                    // Records decoded from their nodes have no XML now; those decoded through it keep it.
                    Assert.True(xml.Length == 0 || xml == rendered, $"{path}: record {i} has XML that differs");
                    Assert.Equal(xml, a.Raw);
                    AssertSameEvent(new WinEvent(xml, e.Time, e.Fields, e.Origin, e.Channel, e.Computer, e.Metadata), a, path);
                }
                else
                {
                    AssertSame(expected, actual, path);
                }
            }
        }
    }

    /// <summary>Reads one file with the direct decoder, the XML rendered too, and checks each record against its parsed XML.</summary>
    private static (long Direct, long ThroughXml) Compare(string path, bool recover, int depth)
    {
        var decoders = new List<CountingDecoder>();
        var options = new EvtxReaderOptions
        {
            Threads = 2,
            Recover = recover,
            Decoder = () =>
            {
                var decoder = new CountingDecoder(new EvtxEventDecoder(path, depth));
                lock (decoders)
                {
                    decoders.Add(decoder);
                }

                return decoder;
            },
        };
        foreach (var record in EvtxFile.ReadRecords(path, options, new EvtxFileSummary()))
        {
            var where = $"{path} chunk {record.ChunkIndex} record {record.RecordId} (recover={recover}, depth={depth})";
            AssertSame(ParseXml(path, record, depth), record.Decoded, where);
        }

        return (decoders.Sum(d => d.Direct), decoders.Sum(d => d.ThroughXml));
    }

    private static List<(string Xml, object? Decoded)> Read(string path, bool recover, bool raw)
    {
        var options = new EvtxReaderOptions
        {
            Threads = 1,
            Recover = recover,
            RenderXml = raw,
            Decoder = () => new EvtxEventDecoder(path, ReaderLimits.Default.XmlUserDataDepth),
        };
        return [.. EvtxFile.ReadRecords(path, options, new EvtxFileSummary()).Select(r => (r.Xml, r.Decoded))];
    }

    /// <summary>The old path: the record's rendered XML through the XML parser.</summary>
    private static object ParseXml(string path, EvtxRecord record, int depth)
    {
        try
        {
            return XmlEventParser.Parse(record.Xml, new EvtxOrigin(path, record.ChunkIndex, record.RecordId, record.FileOffset), depth);
        }
        catch (Exception e) when (e is XmlException or InputLimitException)
        {
            return e;
        }
    }

    private static void AssertSame(object? expected, object? actual, string where)
    {
        if (expected is Exception e)
        {
            var a = Assert.IsAssignableFrom<Exception>(actual);
            Assert.True(e.GetType() == a.GetType() && e.Message == a.Message, $"{where}: expected {e.GetType().Name} '{e.Message}', got {a.GetType().Name} '{a.Message}'");
            return;
        }

        Assert.True(actual is WinEvent, $"{where}: expected an event, got {(actual as Exception)?.Message ?? actual?.ToString()}");
        AssertSameEvent((WinEvent)expected!, (WinEvent)actual!, where);
    }

    private static void AssertSameEvent(WinEvent expected, WinEvent actual, string where)
    {
        Assert.True(expected.Raw == actual.Raw, $"{where}: raw text differs");
        Assert.True(expected.Fields.SequenceEqual(actual.Fields),
            $"{where}: fields differ\nexpected: {string.Join(" | ", expected.Fields)}\nactual:   {string.Join(" | ", actual.Fields)}");
        Assert.True(expected.Time == actual.Time, $"{where}: time {expected.Time} != {actual.Time}");
        Assert.True(expected.Channel == actual.Channel && expected.Computer == actual.Computer, $"{where}: channel or computer differs");
        Assert.True(expected.Metadata == actual.Metadata, $"{where}: metadata {expected.Metadata} != {actual.Metadata}");
        Assert.True(expected.Origin == actual.Origin, $"{where}: origin {expected.Origin} != {actual.Origin}");
    }

    /// <summary>Counts which way each record went, and passes everything on.</summary>
    private sealed class CountingDecoder(EvtxRecordDecoder inner) : EvtxRecordDecoder
    {
        public long Direct { get; private set; }

        public long ThroughXml { get; private set; }

        public override void StartRecord() => inner.StartRecord();

        public override void StartElement(string name) => inner.StartElement(name);

        public override void Attribute(string name, ReadOnlySpan<char> value) => inner.Attribute(name, value);

        public override void Attribute(string name, string value) => inner.Attribute(name, value);

        public override void Text(ReadOnlySpan<char> text) => inner.Text(text);

        public override void EndElement() => inner.EndElement();

        public override object? Complete(EvtxRecord record)
        {
            Direct++;
            return inner.Complete(record);
        }

        public override object? DecodeXml(EvtxRecord record)
        {
            ThroughXml++;
            return inner.DecodeXml(record);
        }
    }
}
