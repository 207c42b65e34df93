using System.Globalization;
using System.Text;

namespace Vigil.Store.CrashWriter;

/// <summary>
/// An Application log in Splunk's XmlWinEventLog form whose every finding is new: module paths name the writer and
/// the run. Each finding has three 2282 events behind it, so it brings evidence rows as well as a risk event.
/// </summary>
internal static class GeneratedLog
{
    private const int EventsPerFinding = 3;
    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static void Write(string path, string tag, int run, int findings)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        long record = 1;
        for (var finding = 0; finding < findings; finding++)
        {
            for (var repeat = 0; repeat < EventsPerFinding; repeat++)
            {
                var time = Start.AddMinutes(run).AddMilliseconds((finding * EventsPerFinding) + repeat);
                writer.Write(Event(
                    string.Create(CultureInfo.InvariantCulture, $"host{finding % 50:D2}.{tag}.test"),
                    string.Create(CultureInfo.InvariantCulture, $"c:\\crash\\{tag}\\run{run:D5}\\m{finding:D5}.dll"),
                    time,
                    record++));
                writer.Write('\n');
            }
        }
    }

    private static string Event(string computer, string module, DateTime time, long record) => string.Create(CultureInfo.InvariantCulture, $$"""
        <Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-IIS-W3SVC-WP' Guid='{670080D9-742A-4187-8D16-41143D1290BD}' EventSourceName='W3SVC-WP'/><EventID Qualifiers='49152'>2282</EventID><Version>0</Version><Level>2</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='{{time:yyyy-MM-dd'T'HH:mm:ss.fffffff}}00Z'/><EventRecordID>{{record}}</EventRecordID><Correlation/><Execution ProcessID='0' ThreadID='0'/><Channel>Application</Channel><Computer>{{computer}}</Computer><Security/></System><EventData><Data Name='ModuleDll'>{{module}}</Data><Data Name='ProcessorArchitecture'>AMD64</Data><Binary>C1000000</Binary></EventData></Event>
        """);
}
