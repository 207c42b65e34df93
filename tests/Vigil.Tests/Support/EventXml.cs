using System.Globalization;
using System.Security;
using System.Text;

namespace Vigil.Tests.Support;

/// <summary>One Windows event for tests, written in Splunk's XmlWinEventLog form or as wevtutil / Event Viewer writes it.</summary>
public sealed record TestEvent(
    int EventCode,
    string Computer,
    DateTime Time,
    long RecordId,
    string Channel = "Application",
    string Provider = "Microsoft-Windows-IIS-W3SVC-WP",
    IReadOnlyList<(string Name, string Value)>? Data = null,
    string? Binary = null,
    int? Qualifiers = 49152,
    int SubSecondDigits = 7)
{
    public static TestEvent Iis2282(string computer, string moduleDll, DateTime time, long recordId, string channel = "Application") =>
        new(2282, computer, time, recordId, channel, Data: [("ModuleDll", moduleDll), ("ProcessorArchitecture", "AMD64")], Binary: "C1000000");

    private string SystemTime(int digits)
    {
        var ticks = Time.Ticks % TimeSpan.TicksPerSecond;
        var whole = new DateTime(Time.Ticks - (Time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var fraction = (ticks * 100).ToString("D9", CultureInfo.InvariantCulture)[..Math.Min(9, digits)];
        return whole.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + fraction + "Z";
    }

    /// <summary>Splunk's form: one line, single-quoted attributes, SystemTime with 9 digits.</summary>
    public string ToSplunk()
    {
        var b = new StringBuilder();
        b.Append("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>");
        b.Append(CultureInfo.InvariantCulture, $"<Provider Name='{Attr(Provider)}' Guid='{{670080D9-742A-4187-8D16-41143D1290BD}}' EventSourceName='W3SVC-WP'/>");
        b.Append(Qualifiers is { } q ? $"<EventID Qualifiers='{q}'>{EventCode}</EventID>" : $"<EventID>{EventCode}</EventID>");
        b.Append("<Version>0</Version><Level>2</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords>");
        b.Append(CultureInfo.InvariantCulture, $"<TimeCreated SystemTime='{SystemTime(SubSecondDigits == 7 ? 9 : SubSecondDigits)}'/>");
        b.Append(CultureInfo.InvariantCulture, $"<EventRecordID>{RecordId}</EventRecordID><Correlation/><Execution ProcessID='0' ThreadID='0'/>");
        b.Append(CultureInfo.InvariantCulture, $"<Channel>{Text(Channel)}</Channel><Computer>{Text(Computer)}</Computer><Security/></System><EventData>");
        foreach (var (name, value) in Data ?? [])
        {
            b.Append(CultureInfo.InvariantCulture, $"<Data Name='{Attr(name)}'>{Text(value)}</Data>");
        }

        if (Binary is not null)
        {
            b.Append(CultureInfo.InvariantCulture, $"<Binary>{Binary}</Binary>");
        }

        b.Append("</EventData></Event>");
        return b.ToString();
    }

    /// <summary>Event Viewer's form: pretty-printed, double-quoted attributes, SystemTime with 7 digits.</summary>
    public string ToWevtutil()
    {
        var b = new StringBuilder();
        b.Append("  <Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n    <System>\n");
        b.Append(CultureInfo.InvariantCulture, $"      <Provider Name=\"{Attr(Provider)}\" Guid=\"{{670080D9-742A-4187-8D16-41143D1290BD}}\" EventSourceName=\"W3SVC-WP\" />\n");
        b.Append(Qualifiers is { } q ? $"      <EventID Qualifiers=\"{q}\">{EventCode}</EventID>\n" : $"      <EventID>{EventCode}</EventID>\n");
        b.Append("      <Version>0</Version>\n      <Level>2</Level>\n      <Task>0</Task>\n      <Opcode>0</Opcode>\n      <Keywords>0x80000000000000</Keywords>\n");
        b.Append(CultureInfo.InvariantCulture, $"      <TimeCreated SystemTime=\"{SystemTime(Math.Min(7, SubSecondDigits))}\" />\n");
        b.Append(CultureInfo.InvariantCulture, $"      <EventRecordID>{RecordId}</EventRecordID>\n      <Correlation />\n      <Execution ProcessID=\"0\" ThreadID=\"0\" />\n");
        b.Append(CultureInfo.InvariantCulture, $"      <Channel>{Text(Channel)}</Channel>\n      <Computer>{Text(Computer)}</Computer>\n      <Security />\n    </System>\n    <EventData>\n");
        foreach (var (name, value) in Data ?? [])
        {
            b.Append(CultureInfo.InvariantCulture, $"      <Data Name=\"{Attr(name)}\">{Text(value)}</Data>\n");
        }

        if (Binary is not null)
        {
            b.Append(CultureInfo.InvariantCulture, $"      <Binary>{Binary}</Binary>\n");
        }

        b.Append("    </EventData>\n  </Event>\n");
        return b.ToString();
    }

    public static string SplunkFile(IEnumerable<TestEvent> events) => string.Join("\n", events.Select(e => e.ToSplunk())) + "\n";

    public static string WevtutilFile(IEnumerable<TestEvent> events) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Events>\n" + string.Concat(events.Select(e => e.ToWevtutil())) + "</Events>\n";

    private static string Text(string value) => SecurityElement.Escape(value)!;

    private static string Attr(string value) => SecurityElement.Escape(value)!;
}
