using System.Text;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Vigil.Tests.Events;

/// <summary>Splunk's classic (non-XML) WinEventLog text: detection from the content, framing, fields, metadata, problems.</summary>
public class ClassicWinEventLogTests
{
    private static readonly string ShippedClassic = Path.Combine(TestPaths.RepoRoot, "content", "tests", "iis_components", "IIS-Configuration-Operational.log");

    /// <summary>A Security 4624 as the classic form renders it: a Message of many lines, blank and tabbed ones, one with '='.</summary>
    private const string Logon = "03/12/2024 10:48:14 AM\n" +
        "LogName=Security\n" +
        "EventCode=4624\n" +
        "EventType=0\n" +
        "ComputerName=dc01.fabrikam.local\n" +
        "SourceName=Microsoft Windows security auditing.\n" +
        "Type=Information\n" +
        "RecordNumber=257879\n" +
        "Keywords=Audit Success\n" +
        "TaskCategory=Logon\n" +
        "OpCode=Info\n" +
        "Message=An account was successfully logged on.\n" +
        "\n" +
        "Subject:\n" +
        "\tSecurity ID:\t\tNT AUTHORITY\\SYSTEM\n" +
        "\tAccount Name:\t\tDC01$\n" +
        "\n" +
        "Detailed Authentication Information:\n" +
        "\tLogon Process:\t\tKerberos\n" +
        "\tPackage Name (NTLM only):\t-\n" +
        "\tQuery=not a field of its own\n";

    private static readonly string LogonMessage = Logon[(Logon.IndexOf("Message=", StringComparison.Ordinal) + "Message=".Length)..].TrimEnd();

    [Fact]
    public void The_shipped_event_29s_read_with_the_fields_the_data_source_lists()
    {
        var events = Read(ShippedClassic, out var problems);
        Assert.Empty(problems);
        Assert.Equal(3, events.Count);
        var added = events[1];
        Assert.Equal("Microsoft-IIS-Configuration/Operational", added["LogName"]);
        Assert.Equal("29", added["EventCode"]);
        Assert.Equal("Info", added["OpCode"]);
        Assert.Equal("web03.fabrikam.local", added["ComputerName"]);
        Assert.Equal("FABRIKAM\\adm.jkoval", added["User"]);
        Assert.Equal("None", added["Keywords"]);
        Assert.Equal("Changes to '/system.webServer/globalModules/add[@name='HttpCacheHelper']' at 'MACHINE/WEBROOT/APPHOST' have successfully been committed.", added["Message"]);
        Assert.Equal(new DateTime(2024, 3, 11, 9, 3, 12, DateTimeKind.Utc), added.Time!.Value.ToDateTime());
        Assert.Equal(new EventMetadata("WinEventLog", "WinEventLog:Microsoft-IIS-Configuration/Operational", "web03.fabrikam.local"), added.Metadata);
        Assert.Equal(new LineOrigin(ShippedClassic, 16), added.Origin);
    }

    [Fact]
    public void Every_field_escus_windows_iis_29_data_source_lists_is_read()
    {
        var dataSource = Load(TestPaths.RequireShared("escu", "data_sources", "windows_iis_29.yml"));
        var listed = ((YamlSequenceNode)dataSource.Children[new YamlScalarNode("fields")]).Children.Cast<YamlScalarNode>().Select(n => n.Value!).ToList();
        var winEvent = Read(ShippedClassic, out _)[1];
        // _time is the event time; lowercase name comes from the add-on's signature lookup, not from the event.
        foreach (var field in listed.Where(f => f is not ("_time" or "name")))
        {
            Assert.True(winEvent[field] is { Length: > 0 }, $"{field} is not read from the classic event");
        }

        Assert.NotNull(winEvent.Time);
    }

    [Fact]
    public void Timestamp_lines_of_escus_classic_data_sources_start_events()
    {
        // ESCU keeps only the first line of these examples: the timestamp line, which is what starts a classic event.
        var dataSource = Load(TestPaths.RequireShared("escu", "data_sources", "windows_event_log_printservice_316.yml"));
        var stamp = ((YamlScalarNode)dataSource.Children[new YamlScalarNode("example_log")]).Value!;
        var text = stamp + "\nLogName=Microsoft-Windows-PrintService/Admin\nEventCode=316\nComputerName=print01\nMessage=Printer driver added.\n";
        Assert.Equal(InputFormat.WinEventLogText, InputFormatDetector.Detect(Encoding.UTF8.GetBytes(text)).Format);

        using var temp = new TempDirectory();
        var winEvent = Assert.Single(Read(temp.Write("printservice.log", text), out _));
        Assert.Equal(new DateTime(2021, 7, 1, 16, 20, 47, DateTimeKind.Utc), winEvent.Time!.Value.ToDateTime());
        Assert.Equal("WinEventLog:Microsoft-Windows-PrintService/Admin", winEvent.Metadata.Source);
    }

    [Fact]
    public void A_message_of_many_lines_is_kept_whole_and_the_next_event_starts_at_its_timestamp()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("security.log", Logon + Logon.Replace("RecordNumber=257879", "RecordNumber=257880", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));
        var events = Read(path, out var problems);
        Assert.Empty(problems);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(LogonMessage, e["Message"]));
        Assert.Contains("\n\nSubject:\n\tSecurity ID:", events[0]["Message"], StringComparison.Ordinal);
        // wel-eq-kv's fields are the header's: a line of the message with '=' makes none.
        Assert.Null(events[0]["Query"]);
        Assert.Equal(["257879", "257880"], events.Select(e => e["RecordNumber"]));
        Assert.Equal([1L, 22L], events.Select(e => ((LineOrigin)e.Origin).Line));
        Assert.Equal(Logon.TrimEnd(), events[0].Raw);
    }

    [Fact]
    public void A_malformed_event_is_a_warning_naming_its_lines_and_the_rest_is_read()
    {
        using var temp = new TempDirectory();
        var noEventCode = Logon.Replace("EventCode=4624\n", string.Empty, StringComparison.Ordinal);
        var notKeyValue = Logon.Replace("EventType=0\n", "EventType 0\n", StringComparison.Ordinal);
        var badDate = Logon.Replace("03/12/2024", "13/45/2024", StringComparison.Ordinal);
        var path = temp.Write("mixed.log", "stray text before any event\n" + Logon + noEventCode + notKeyValue + badDate + Logon);
        var counters = new SourceCounters();
        var problems = new List<InputProblem>();
        // Text before the first timestamp keeps the catalog from taking the file for the classic form; the source itself reports it.
        Assert.Null(InputCatalog.Open(path, _ => { }));
        var source = new Vigil.Events.Classic.WinEventLogFileSource(path, new UTF8Encoding(false));
        var events = source.ReadEvents(null, counters, problems.Add, TestContext.Current.CancellationToken).ToList();

        Assert.Equal(2, events.Count);
        Assert.Equal([2L, 85L], events.Select(e => ((LineOrigin)e.Origin).Line));
        Assert.Equal(4, counters.Malformed);
        Assert.Equal(
        [
            $"{path}:1: text outside any event: \"stray text before any event\"",
            $"{path}:23-42: malformed event: no EventCode line",
            $"{path}:43-63: malformed event: line 46 is not key=value before Message=: \"EventType 0\"",
            $"{path}:64-84: malformed event: \"13/45/2024 10:48:14 AM\" is not a valid date and time",
        ], problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Other_text_starting_with_a_date_is_not_taken_for_the_classic_form()
    {
        Assert.Equal(InputFormat.Unknown, InputFormatDetector.Detect("03/12/2024 10:48:14 AM\nsomething happened\n"u8).Format);
        Assert.Equal(InputFormat.Unknown, InputFormatDetector.Detect("2024-03-12 10:48:14 LogName=Security\n"u8).Format);
        Assert.Equal(InputFormat.WinEventLogText, InputFormatDetector.Detect(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Logon)).ToArray()).Format);
    }

    [Fact]
    public void No_other_input_Vigil_reads_is_taken_for_the_classic_form()
    {
        var inputs = new List<string>(Directory.EnumerateFiles(TestPaths.Samples));
        inputs.AddRange(Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "content", "tests", "iis_components")).Where(f => f != ShippedClassic));
        foreach (var folder in new[] { "evtx", "json" }.Select(f => Path.Combine(TestPaths.Shared, f)).Where(Directory.Exists))
        {
            inputs.AddRange(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));
        }

        foreach (var input in inputs)
        {
            var head = File.ReadAllBytes(input).AsSpan(0, (int)Math.Min(512, new FileInfo(input).Length));
            Assert.True(InputFormatDetector.Detect(head).Format != InputFormat.WinEventLogText, input);
        }
    }

    private static List<WinEvent> Read(string path, out List<InputProblem> problems)
    {
        var found = new List<InputProblem>();
        var source = InputCatalog.Open(path, found.Add);
        Assert.NotNull(source);
        var events = source.ReadEvents(null, new SourceCounters(), found.Add, TestContext.Current.CancellationToken).ToList();
        problems = found;
        return events;
    }

    private static YamlMappingNode Load(string file)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(file)));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }
}
