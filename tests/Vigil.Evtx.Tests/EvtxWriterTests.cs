using System.Buffers.Binary;
using System.Globalization;
using System.Xml.Linq;
using Vigil.Evtx.Testing;

namespace Vigil.Evtx.Tests;

/// <summary>
/// The test-only <see cref="EvtxWriter"/>: files it writes read back exactly through our reader, and are valid for the
/// reference tools (evtxexport, evtx_dump.py) too.
/// </summary>
public sealed class EvtxWriterTests(ITestOutputHelper output) : IDisposable
{
    private static readonly XNamespace Ns = "http://schemas.microsoft.com/win/2004/08/events/event";
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-evtxwriter-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(IEnumerable<EvtxTestEvent> events, string name = "fixture.evtx")
    {
        string path = Path.Combine(_dir, name);
        EvtxWriter.Write(path, events);
        return path;
    }

    private static readonly DateTime BaseTime = new(2024, 10, 24, 13, 45, 7, DateTimeKind.Utc);

    /// <summary>Four shapes (so several templates per chunk), markup characters, non-ASCII, 100 ns times, NULL optionals.</summary>
    internal static List<EvtxTestEvent> ManyEvents(int count)
    {
        var events = new List<EvtxTestEvent>(count);
        for (int i = 0; i < count; i++)
        {
            DateTime t = BaseTime.AddTicks((i * 12_345_679L) + (i % 7));
            events.Add((i % 4) switch
            {
                0 => new EvtxTestEvent
                {
                    EventId = 2282,
                    Qualifiers = 49152,
                    Level = 2,
                    Keywords = 0x80000000000000,
                    TimeCreatedUtc = t,
                    EventRecordId = 1000 + (ulong)i,
                    Computer = "web01.contoso.com",
                    EventSourceName = "W3SVC-WP",
                    Data = [("ModuleDll", $@"C:\inetsrv\mod{i}.dll"), ("Reason", "a & b < c > d \"quoted\" 'single'")],
                    Binary = [0x00, 0x01, 0xAB, 0xFF, (byte)i],
                },
                1 => new EvtxTestEvent
                {
                    ProviderName = "Microsoft-Windows-Security-Auditing",
                    ProviderGuid = new Guid("54849625-5478-4994-a5ba-3e3b0328c30d"),
                    EventId = 4624,
                    Version = 2,
                    Task = 12544,
                    Keywords = 0x8020000000000000,
                    TimeCreatedUtc = t,
                    EventRecordId = 1000 + (ulong)i,
                    ProcessId = 612,
                    ThreadId = 3456 + (uint)i,
                    Channel = "Security",
                    Computer = "DC01.contoso.local",
                    Data = [("SubjectUserSid", "S-1-5-18"), ("TargetUserName", $"Jürgen.Ñúñez{i} 日本語 😀"), ("LogonType", "3"), ("Empty", "")],
                },
                2 => new EvtxTestEvent
                {
                    ProviderName = "Service Control Manager",
                    ProviderGuid = new Guid("555908d1-a6d7-4695-8e1e-26931d2012f4"),
                    EventSourceName = "Service Control Manager",
                    EventId = 7036,
                    Qualifiers = 16384,
                    Level = 4,
                    Opcode = 1,
                    TimeCreatedUtc = t,
                    EventRecordId = 1000 + (ulong)i,
                    Channel = "System",
                    Computer = "ws-ÄÖÜ",
                    UserSid = "S-1-5-21-3623811015-3361044348-30300820-1013",
                },
                _ => new EvtxTestEvent
                {
                    EventId = 5,
                    TimeCreatedUtc = t,
                    EventRecordId = 1000 + (ulong)i,
                    Computer = "web01.contoso.com",
                    UserSid = "S-1-5-18",
                    Data = [("Line", $"<script>alert({i})</script> &amp; ]]>")],
                    Binary = [],
                },
            });
        }

        return events;
    }

    /// <summary>The fields as Windows would render them (same extraction as the reference comparison).</summary>
    internal static EventFields Expected(EvtxTestEvent e)
    {
        var data = e.Data.Select(d => ($"EventData/Data[{d.Name}]", d.Value)).ToList();
        if (e.Binary is { Length: > 0 })
        {
            data.Add(("EventData/Binary[]", Convert.ToHexString(e.Binary)));
        }

        return new EventFields(
            e.EventRecordId.ToString(CultureInfo.InvariantCulture),
            e.EventId.ToString(CultureInfo.InvariantCulture),
            e.Qualifiers?.ToString(CultureInfo.InvariantCulture),
            e.TimeCreatedUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            e.Channel,
            e.Computer,
            e.ProviderName,
            e.ProviderGuid?.ToString("B").ToUpperInvariant(),
            e.EventSourceName,
            e.UserSid,
            e.ProcessId.ToString(CultureInfo.InvariantCulture),
            e.ThreadId.ToString(CultureInfo.InvariantCulture),
            data);
    }

    private static void AssertSameFields(EventFields e, EventFields a)
    {
        // The writer sets no Version, Level, Task, Opcode, Keywords or Correlation: only what it writes is compared.
        Assert.Equal(e with { Data = [], Header = [] }, a with { Data = [], Header = [] });
        Assert.Equal(e.Data, a.Data);
    }

    [Fact]
    public void OneEventRendersExactlyAsWindowsWould()
    {
        string path = Write([new EvtxTestEvent
        {
            EventId = 2282,
            Qualifiers = 49152,
            Level = 2,
            Keywords = 0x80000000000000,
            TimeCreatedUtc = new DateTime(2022, 12, 20, 15, 58, 25, DateTimeKind.Utc).AddTicks(3253836),
            EventRecordId = 4711,
            ProcessId = 1234,
            ThreadId = 5678,
            Computer = "web01",
            Data = [("ModuleDll", @"C:\Windows\System32\inetsrv\x.dll"), ("Note", "a&b<c>")],
            Binary = [0x05, 0x00, 0x00, 0x80],
        }]);

        var summary = new EvtxFileSummary();
        var warnings = new List<EvtxDiagnostic>();
        EvtxRecord r = Assert.Single(EvtxFile.ReadRecords(path, new EvtxReaderOptions { OnWarning = warnings.Add }, summary, TestContext.Current.CancellationToken));
        Assert.Empty(warnings);
        Assert.Equal(4711UL, r.RecordId);
        Assert.Equal(
            "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>"
            + "<Provider Name=\"Microsoft-Windows-IIS-W3SVC-WP\"/><EventID Qualifiers=\"49152\">2282</EventID><Version>0</Version>"
            + "<Level>2</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords>"
            + "<TimeCreated SystemTime=\"2022-12-20T15:58:25.3253836Z\"/><EventRecordID>4711</EventRecordID><Correlation/>"
            + "<Execution ProcessID=\"1234\" ThreadID=\"5678\"/><Channel>Application</Channel><Computer>web01</Computer><Security/>"
            + "</System><EventData><Data Name=\"ModuleDll\">C:\\Windows\\System32\\inetsrv\\x.dll</Data><Data Name=\"Note\">a&amp;b&lt;c&gt;</Data>"
            + "<Binary>05000080</Binary></EventData></Event>",
            r.Xml);
        Assert.Equal(1, summary.ChunksTotal);
        Assert.Equal(1, summary.HeaderChunkCount);
        Assert.False(summary.HeaderDirty);
    }

    [Fact]
    public void ManyEventsSpanChunksAndReadBackExactly()
    {
        List<EvtxTestEvent> events = ManyEvents(3000);
        string path = Write(events);
        long length = new FileInfo(path).Length;
        Assert.Equal(0, (length - 4096) % 65536);

        var summary = new EvtxFileSummary();
        var warnings = new List<EvtxDiagnostic>();
        List<EvtxRecord> records = EvtxFile.ReadRecords(path, new EvtxReaderOptions { OnWarning = warnings.Add }, summary, TestContext.Current.CancellationToken).ToList();
        Assert.Empty(warnings); // checksums, counts, string table and sizes are all consistent
        Assert.True(summary.ChunksTotal >= 10, $"only {summary.ChunksTotal} chunks");
        Assert.Equal(summary.ChunksTotal, summary.HeaderChunkCount);
        Assert.Equal(summary.ChunksTotal, summary.ChunksParsed);
        Assert.Equal(events.Count, records.Count);
        output.WriteLine($"{events.Count} events, {summary.ChunksTotal} chunks, {length} bytes");

        for (int i = 0; i < events.Count; i++)
        {
            EvtxTestEvent e = events[i];
            EvtxRecord r = records[i];
            Assert.Equal(e.EventRecordId, r.RecordId);
            Assert.Equal(e.TimeCreatedUtc.ToFileTimeUtc(), r.WrittenFileTime);
            AssertSameFields(Expected(e), EventFields.FromXml(r.Xml));

            XElement system = EventFields.ParseXml(r.Xml).Element(Ns + "System")!;
            Assert.Equal(e.Version.ToString(CultureInfo.InvariantCulture), system.Element(Ns + "Version")!.Value);
            Assert.Equal(e.Level.ToString(CultureInfo.InvariantCulture), system.Element(Ns + "Level")!.Value);
            Assert.Equal(e.Task.ToString(CultureInfo.InvariantCulture), system.Element(Ns + "Task")!.Value);
            Assert.Equal(e.Opcode.ToString(CultureInfo.InvariantCulture), system.Element(Ns + "Opcode")!.Value);
            Assert.Equal("0x" + e.Keywords.ToString("x", CultureInfo.InvariantCulture), system.Element(Ns + "Keywords")!.Value);
            if (e.Binary is { Length: 0 })
            {
                Assert.DoesNotContain("<Binary", r.Xml, StringComparison.Ordinal); // NULL optional substitution
            }
        }

        // Records are in order and every chunk's header counts match (the reader warns otherwise; check the bytes too).
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal((ushort)summary.ChunksTotal, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(42)));
        Assert.Equal(events.Max(e => e.EventRecordId) + 1, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(24)));
        int total = 0;
        for (int c = 0; c < summary.ChunksTotal; c++)
        {
            ReadOnlySpan<byte> chunk = bytes.AsSpan(4096 + (c * 65536), 65536);
            ulong first = BinaryPrimitives.ReadUInt64LittleEndian(chunk[8..]);
            ulong last = BinaryPrimitives.ReadUInt64LittleEndian(chunk[16..]);
            int n = (int)(last - first + 1);
            Assert.Equal(n, records.Count(r => r.ChunkIndex == c));
            Assert.True(chunk[384..512].IndexOfAnyExcept((byte)0) >= 0, "empty template table");
            Assert.True(chunk[128..384].IndexOfAnyExcept((byte)0) >= 0, "empty string table");
            total += n;
        }

        Assert.Equal(events.Count, total);
    }

    [Fact]
    public void TemplatesAreDefinedOncePerShapePerChunk()
    {
        string path = Write(ManyEvents(400));
        byte[] bytes = File.ReadAllBytes(path);
        int chunks = (bytes.Length - 4096) / 65536;
        for (int c = 0; c < chunks; c++)
        {
            ReadOnlySpan<byte> chunk = bytes.AsSpan(4096 + (c * 65536), 65536);

            // Template table: every chained definition follows a template-instance header whose offset points to it.
            int defs = 0;
            for (int b = 0; b < 32; b++)
            {
                for (uint off = BinaryPrimitives.ReadUInt32LittleEndian(chunk[(384 + (4 * b))..]); off != 0; off = BinaryPrimitives.ReadUInt32LittleEndian(chunk[(int)off..]))
                {
                    Assert.Equal(0x0C, chunk[(int)off - 10]);
                    Assert.Equal(off, BinaryPrimitives.ReadUInt32LittleEndian(chunk[((int)off - 4)..]));
                    defs++;
                }
            }

            Assert.Equal(4, defs); // four shapes, each defined once in each chunk
        }
    }

    [Fact]
    public void EvtxExportReadsEveryEventIdentically()
    {
        List<EvtxTestEvent> events = ManyEvents(1500);
        string path = Write(events);
        ReferenceTools.ToolOutput tool = ReferenceTools.EvtxExportXml(path, "items");
        Assert.True(tool.ExitCode == 0, tool.Stderr);
        List<string> reference = ReferenceTools.SplitEvents(tool.Stdout);
        Assert.Equal(events.Count, reference.Count);
        var diffs = new List<string>();
        for (int i = 0; i < events.Count; i++)
        {
            // evtxexport 20181227 (libuna) decodes surrogate pairs wrongly (U+1F600 comes out as U+1F201); evtx_dump.py
            // and we read them right. Characters outside the BMP are left out of this comparison.
            static EventFields Bmp(EventFields f) => f with { Data = f.Data.Select(d => (d.Key, BmpOnly(d.Value))).ToList() };
            ReferenceComparisonTests.CompareOne("evtxexport", Bmp(EventFields.FromXml(reference[i])), Bmp(Expected(events[i])), python: false, diffs);
        }

        Assert.True(diffs.Count == 0, string.Join('\n', diffs.Take(20)));
        Assert.Empty(ReferenceTools.SplitEvents(ReferenceTools.EvtxExportXml(path, "recovered").Stdout));
        output.WriteLine($"evtxexport: {reference.Count} events identical");
    }

    [Fact]
    public void PythonEvtxReadsEveryEventIdentically()
    {
        List<EvtxTestEvent> events = ManyEvents(1500);
        string path = Write(events);
        ReferenceTools.ToolOutput tool = ReferenceTools.EvtxDump(path);
        Assert.True(tool.ExitCode == 0, tool.Stderr);
        List<string> reference = ReferenceTools.SplitEvents(tool.Stdout);
        Assert.Equal(events.Count, reference.Count);
        var diffs = new List<string>();
        for (int i = 0; i < events.Count; i++)
        {
            ReferenceComparisonTests.CompareOne("evtx_dump.py", EventFields.FromXml(reference[i]), Expected(events[i]), python: true, diffs);
        }

        Assert.True(diffs.Count == 0, string.Join('\n', diffs.Take(20)));
        output.WriteLine($"evtx_dump.py: {reference.Count} events identical");
    }

    private static string BmpOnly(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length);
        foreach (System.Text.Rune r in s.EnumerateRunes())
        {
            if (r.IsBmp)
            {
                sb.Append((char)r.Value);
            }
        }

        return sb.ToString();
    }

    [Fact]
    public void EmptyEventListWritesAHeaderOnlyFile()
    {
        string path = Write([]);
        Assert.Equal(4096, new FileInfo(path).Length);
        var summary = new EvtxFileSummary();
        Assert.Empty(EvtxFile.ReadRecords(path, new EvtxReaderOptions(), summary, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void SearchTextOfAWrittenRecordHoldsNamesValuesAndEscapedForms()
    {
        // See EvtxWriterTests for files built with the test writer; here one event with markup characters in a value.
        string path = Path.Combine(Path.GetTempPath(), $"vigil-search-{Guid.NewGuid():N}.evtx");
        try
        {
            EvtxWriter.Write(path, [new EvtxTestEvent
            {
                EventId = 2282,
                EventRecordId = 7,
                Computer = "web01.example.com",
                Data = [("ModuleDll", @"C:\inetsrv\a&b<c>.dll")],
            }]);
            string? text = null;
            Assert.Empty(EvtxFile.ReadRecords(path, new EvtxReaderOptions { RecordFilter = t => (text = t.ToString()) is null }, new EvtxFileSummary(), TestContext.Current.CancellationToken));
            Assert.NotNull(text);
            string[] pieces = text.Split('\n');
            Assert.Contains("EventData", pieces);
            Assert.Contains("Name", pieces);
            Assert.Contains("ModuleDll", pieces);
            Assert.Contains("2282", pieces);
            Assert.Contains("web01.example.com", pieces);
            Assert.Contains(@"C:\inetsrv\a&b<c>.dll", pieces);
            Assert.Contains(@"C:\inetsrv\a&amp;b&lt;c&gt;.dll", pieces);
        }
        finally
        {
            File.Delete(path);
        }
    }

}
