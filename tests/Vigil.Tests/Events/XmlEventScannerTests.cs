using System.Globalization;
using System.Xml;
using CsCheck;
using Vigil.Events.Evtx;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Events.Xml;
using Vigil.Evtx;
using Vigil.Tests.Support;

namespace Vigil.Tests.Events;

/// <summary>
/// The event scanner reads what it accepts as an XML reader reads it: over real events (the bundled XmlWinEventLog
/// sample, ESCU's example events, the XML of ../shared's EVTX records) and over those events mutated with what XML
/// makes hard (references, line ends, CDATA, prefixes, quotes, stray markup), <see cref="XmlEventParser.Parse(string,
/// EventOrigin)"/> (the scanner, then the reader for what it leaves) gives the same event, or the same error, as the
/// reader alone.
/// </summary>
public sealed class XmlEventScannerTests
{
    private static readonly EventOrigin Origin = new LineOrigin("test", 1);

    // What the mutations insert: each is something the scanner must read as the reader does, or leave to it.
    private static readonly string[] Snippets =
    [
        "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#65;", "&#x41;", "&#x0;", "&#1;", "&#13;", "&#10;", "&#9;", "&#32;",
        "&#xD800;", "&#x1F600;", "&#X41;", "&nbsp;", "&", "&#;", "&#x;", "&amp", "<", ">", "]]>", "]]", "\r\n", "\r", "\n",
        "\t", " ", "'", "\"", "=", "/", "</", "/>", "<!-- c -->", "<![CDATA[x<y]]>", "<?pi x?>", "<!DOCTYPE e>", "<p:Event>",
        "xml:space='preserve' ", " xmlns:p='urn:p'", " xmlns='http://www.w3.org/XML/1998/namespace'", " a='1'", " a='1' a='2'",
        "<Data Name='n'>v</Data>", "<Data>x</Data>", "<x/>", "</x>", "\u0001", "\uFFFE", "\uD83D\uDE00", "\uD800", "\u00E9",
        "\uFEFF", "1", "-", ".", ":", "Event", "System", "EventData", "UserData",
    ];

    [Fact]
    public void Real_events_are_read_by_the_scanner_and_read_as_the_reader_reads_them()
    {
        var events = RealEvents();
        var accepted = 0;
        foreach (var (source, text) in events)
        {
            Assert.True(Describe(() => XmlEventParser.Parse(text, Origin)) == Describe(() => XmlEventParser.ParseWithReader(text, Origin, 64)), source);
            if (Scans(text))
            {
                accepted++;
            }
        }

        // The scanner is the fast path: real events must not all be left to the reader.
        Assert.True(accepted >= events.Count * 9 / 10, $"the scanner read {accepted} of {events.Count} real events");
    }

    [Fact]
    public void Mutated_events_are_read_as_the_reader_reads_them_or_left_to_it()
    {
        var events = RealEvents().Select(e => e.Text).Where(t => t.Length < 4000).Take(200).ToArray();
        var mutation = Gen.Select(Gen.Int[0, events.Length - 1], Gen.Int[0, Snippets.Length - 1], Gen.Double[0, 1], Gen.Int[0, 3], Gen.Int[0, 2]);
        var scanned = 0;
        var runs = 0;
        Gen.Select(mutation, mutation).Sample((first, second) =>
        {
            var text = Mutate(Mutate(events[first.Item1], first), second);
            runs++;
            if (Scans(text))
            {
                scanned++;
            }

            var expected = Describe(() => XmlEventParser.ParseWithReader(text, Origin, 64));
            var actual = Describe(() => XmlEventParser.Parse(text, Origin, 64));
            Assert.True(expected == actual, $"{text}\nreader:  {expected}\nscanner: {actual}");
        }, iter: 6000, threads: 1);

        // Some mutated events must still be the scanner's to read, or the comparison would test only the reader.
        Assert.True(scanned > runs / 20, $"the scanner read {scanned} of {runs} mutated events");
    }

    [Theory]
    [InlineData("<Event><System><EventID>1</EventID></System></Event>", true)]
    [InlineData("  <Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>\n<System/></Event>\n", true)]
    [InlineData("<Event><EventData><Data Name=\"a\">x &amp; y &#x41;</Data></EventData></Event>", true)]
    [InlineData("<?xml version='1.0'?><Event/>", false)]
    [InlineData("<Event><EventData><Data><![CDATA[x]]></Data></EventData></Event>", false)]
    [InlineData("<Event><EventData><Data>a\r\nb\rc</Data></EventData></Event>", true)]
    [InlineData("<Event><EventData><Data Name='a\nb'>x</Data></EventData></Event>", false)]
    [InlineData("<Event><UserData><E xmlns:p='urn:p'/></UserData></Event>", false)]
    [InlineData("<Event><System><EventID a='1'b='2'>1</EventID></System></Event>", false)]
    [InlineData("<Event></event>", false)]
    [InlineData("<Event/><Event/>", false)]
    public void The_scanner_reads_plain_event_XML_and_leaves_the_rest(string text, bool scanned)
    {
        Assert.Equal(scanned, Scans(text));
        Assert.Equal(Describe(() => XmlEventParser.ParseWithReader(text, Origin, 64)), Describe(() => XmlEventParser.Parse(text, Origin, 64)));
    }

    private static bool Scans(string text)
    {
        var builder = new EventBuilder();
        builder.Reset(64);
        try
        {
            return XmlEventScanner.TryRead(text, builder);
        }
        catch (Exception e) when (e is XmlException or InputLimitException)
        {
            // The builder refused what the scanner read: that too is the scanner's reading.
            return true;
        }
    }

    private static string Mutate(string text, (int Event, int Snippet, double Where, int Kind, int Length) m)
    {
        var at = (int)(m.Where * text.Length);
        return m.Kind switch
        {
            0 or 1 => text.Insert(at, Snippets[m.Snippet]),
            2 => text.Remove(at, Math.Min(m.Length + 1, text.Length - at)),
            _ => text.Remove(at, Math.Min(1, text.Length - at)).Insert(at, Snippets[m.Snippet]),
        };
    }

    /// <summary>An event as text to compare: its time, channel, computer, source and fields; or the error.</summary>
    private static string Describe(Func<WinEvent> parse)
    {
        try
        {
            var e = parse();
            return string.Join('\n', new[] { e.Time?.ToString() ?? "-", e.Channel ?? "-", e.Computer ?? "-", e.Metadata.Source, e.Raw }
                .Concat(e.Fields.Select(f => $"{f.Name}={f.Value}")));
        }
        catch (Exception e) when (e is XmlException or InputLimitException)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>Real events as XML: the bundled sample always; ESCU's examples and EVTX records' XML when ../shared is here.</summary>
    private static List<(string Source, string Text)> RealEvents()
    {
        var events = new List<(string, string)>();
        var sample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");
        using (var reader = new StreamReader(sample))
        {
            events.AddRange(new XmlEventFramer(reader, 1 << 20).Frames().Where(f => f.Text is not null).Select(f => (string.Create(CultureInfo.InvariantCulture, $"{sample}:{f.Line}"), f.Text!)));
        }

        var dataSources = TestPaths.RequireShared("escu", "data_sources");
        foreach (var file in Directory.EnumerateFiles(dataSources, "*.yml").Order(StringComparer.Ordinal))
        {
            var yaml = new YamlDotNet.RepresentationModel.YamlStream();
            yaml.Load(new StringReader(File.ReadAllText(file)));
            if (yaml.Documents[0].RootNode is YamlDotNet.RepresentationModel.YamlMappingNode map
                && map.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("example_log"), out var log)
                && log is YamlDotNet.RepresentationModel.YamlScalarNode { Value: { } text }
                && text.TrimStart().StartsWith("<Event", StringComparison.Ordinal))
            {
                events.Add((file, text.Trim()));
            }
        }

        foreach (var file in Directory.EnumerateFiles(TestPaths.RequireShared("evtx"), "*.evtx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var options = new EvtxReaderOptions { Threads = 1, Recover = true, RenderXml = true };
            events.AddRange(EvtxFile.ReadRecords(file, options, new EvtxFileSummary()).Take(150).Select(r => ($"{file} record {r.RecordId}", r.Xml)));
        }

        return events;
    }
}
