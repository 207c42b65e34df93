using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Vigil.Evtx.Tests;

/// <summary>The fields a detection engine reads from an event, extracted with a standard XML reader.</summary>
internal sealed partial record EventFields(
    string RecordId,
    string EventId,
    string? Qualifiers,
    string SystemTime,
    string? Channel,
    string? Computer,
    string? ProviderName,
    string? ProviderGuid,
    string? EventSourceName,
    string? UserId,
    string? ProcessId,
    string? ThreadId,
    IReadOnlyList<(string Key, string Value)> Data)
{
    /// <summary>Version, Level, Task, Opcode, Keywords and Correlation's ActivityID / RelatedActivityID, as written.</summary>
    public IReadOnlyList<(string Name, string? Value)> Header { get; init; } = [];

    /// <summary>Set for reference output whose data values are known to be mis-rendered by the tool.</summary>
    public bool DataUnreliable { get; init; }

    private static readonly XNamespace Ns = "http://schemas.microsoft.com/win/2004/08/events/event";

    private static readonly XmlReaderSettings Settings = new()
    {
        CheckCharacters = false,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
    };

    public static XElement ParseXml(string xml)
    {
        // evtxexport writes control characters raw (not as character references), which no XML reader accepts.
        xml = RawControl().Replace(xml, m => $"&#x{(int)m.Value[0]:x};");
        using var sr = new StringReader(xml);
        using var reader = XmlReader.Create(sr, Settings);
        return XElement.Load(reader, LoadOptions.PreserveWhitespace);
    }

    public static EventFields FromXml(string xml)
    {
        XElement e = ParseXml(xml);
        XElement? system = e.Element(Ns + "System");
        Assert.NotNull(system);
        string? Text(string name) => system.Element(Ns + name)?.Value;
        string? Attr(string element, string attribute) => system.Element(Ns + element)?.Attribute(attribute)?.Value;

        var data = new List<(string, string)>();
        XElement? eventData = e.Element(Ns + "EventData");
        if (eventData is not null)
        {
            foreach (XElement d in eventData.Elements())
            {
                data.Add(($"EventData/{d.Name.LocalName}[{d.Attribute("Name")?.Value}]", d.Value));
            }
        }

        XElement? userData = e.Element(Ns + "UserData");
        if (userData is not null)
        {
            foreach (XElement leaf in userData.Descendants().Where(x => !x.HasElements))
            {
                string path = string.Join('/', leaf.AncestorsAndSelf().TakeWhile(x => x != e).Reverse().Select(x => x.Name.LocalName));
                data.Add((path, leaf.Value));
            }
        }

        var header = new List<(string, string?)>
        {
            ("Version", Text("Version")),
            ("Level", Text("Level")),
            ("Task", Text("Task")),
            ("Opcode", Text("Opcode")),
            ("Keywords", Text("Keywords")),
            ("Correlation/@ActivityID", Attr("Correlation", "ActivityID")),
            ("Correlation/@RelatedActivityID", Attr("Correlation", "RelatedActivityID")),
        };

        return new EventFields(
            Text("EventRecordID") ?? string.Empty,
            Text("EventID") ?? string.Empty,
            Attr("EventID", "Qualifiers"),
            Attr("TimeCreated", "SystemTime") ?? string.Empty,
            Text("Channel"),
            Text("Computer"),
            Attr("Provider", "Name"),
            Attr("Provider", "Guid"),
            Attr("Provider", "EventSourceName"),
            Attr("Security", "UserID"),
            Attr("Execution", "ProcessID"),
            Attr("Execution", "ThreadID"),
            data)
        {
            Header = header,
        };
    }

    /// <summary>Parses ISO-like timestamps with any number of fractional digits (or a space instead of T) to ticks.</summary>
    public static long TimeTicks(string s)
    {
        string t = s.Trim().Replace(' ', 'T').TrimEnd('Z');
        int dot = t.IndexOf('.', StringComparison.Ordinal);
        string whole = dot < 0 ? t : t[..dot];
        string frac = dot < 0 ? string.Empty : t[(dot + 1)..];
        DateTime dt = DateTime.ParseExact(whole, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        long fracTicks = 0;
        if (frac.Length > 0)
        {
            // Round to 100 ns units.
            string seven = frac.Length >= 7 ? frac[..7] : frac.PadRight(7, '0');
            fracTicks = long.Parse(seven, CultureInfo.InvariantCulture);
        }

        return dt.Ticks + fracTicks;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[\x00-\x08\x0B\x0C\x0E-\x1F]")]
    private static partial System.Text.RegularExpressions.Regex RawControl();
}
