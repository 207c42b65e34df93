using System.Globalization;
using System.Text;
using CsCheck;
using Vigil.Events.Json;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Tests.Support;
using static Vigil.Tests.Events.JsonTestSupport;

namespace Vigil.Tests.Properties;

/// <summary>
/// Random events written in each text form Vigil reads come back with the fields they were written with: provider,
/// computer, EventID, record id, time and every Data name and value, through the same file sources a hunt uses.
/// </summary>
public sealed class EventRoundTripProperties
{
    private static readonly Gen<List<TestEvent>> Events = RandomEvents.Event.List[1, 8];

    [Fact]
    public void Xml_forms_read_back_to_the_written_fields()
    {
        Events.Sample(events =>
        {
            using var dir = new TempDirectory();
            var forms = new (string File, Func<TestEvent, string> Write)[]
            {
                (dir.Write("splunk.xml", TestEvent.SplunkFile(events)), e => e.ToSplunk()),
                (dir.Write("wevtutil.xml", TestEvent.WevtutilFile(events)), e => e.ToWevtutil()),
            };
            foreach (var (file, write) in forms)
            {
                var (read, problems) = ReadXml(file);
                Assert.Empty(problems);
                Assert.Equal(events.Count, read.Count);
                for (var i = 0; i < events.Count; i++)
                {
                    AssertWritten(events[i], read[i], write);
                }
            }
        }, iter: 150, threads: 1);
    }

    [Fact]
    public void Json_forms_read_back_to_the_fields_of_the_same_xml()
    {
        Events.Sample(events =>
        {
            using var dir = new TempDirectory();
            var forms = new (string Name, string Text, Func<TestEvent, WinEvent, List<EventField>> Expected)[]
            {
                ("winlogbeat.json", string.Join("\n", events.Select(e => e.ToWinlogbeat())), (e, xml) => WinlogbeatExpected(e, xml)),
                ("evtx_dump.jsonl", string.Join("\n", events.Select(e => e.ToEvtxDumpJson())), EvtxDumpExpected),
                ("evtx_dump.json", string.Concat(events.Select((e, i) => string.Create(CultureInfo.InvariantCulture, $"Record {i + 1}\n{e.ToEvtxDumpJson(indented: true)}\n"))), EvtxDumpExpected),
            };
            foreach (var (name, text, expected) in forms)
            {
                var (read, problems, _) = Read(dir.Write(name, text + "\n"));
                Assert.Empty(problems);
                Assert.Equal(events.Count, read.Count);
                for (var i = 0; i < events.Count; i++)
                {
                    Assert.Equal(Multiset(expected(events[i], Xml(events[i].ToSplunk()))), Multiset(read[i].Fields));
                }
            }
        }, iter: 150, threads: 1);
    }

    private static (List<WinEvent> Events, List<InputProblem> Problems) ReadXml(string file)
    {
        var problems = new List<InputProblem>();
        var events = new XmlFileSource(file, Encoding.UTF8).ReadEvents(null, new SourceCounters(), problems.Add).ToList();
        return (events, problems);
    }

    /// <summary>
    /// The System values read as written, and the fields beyond those of the same event without data (in the same
    /// form, <paramref name="write"/>: the forms write SystemTime with different digits) are exactly the
    /// written Data pairs (an unnamed one as Data; an empty value is no field, as Splunk extracts none).
    /// </summary>
    private static void AssertWritten(TestEvent e, WinEvent read, Func<TestEvent, string> write)
    {
        Assert.Equal(e.Provider, read["Name"]);
        Assert.Equal(e.Computer, read.Computer);
        Assert.Equal(e.Channel, read.Channel);
        Assert.Equal(e.EventCode.ToString(CultureInfo.InvariantCulture), read["EventCode"]);
        Assert.Equal(e.RecordId.ToString(CultureInfo.InvariantCulture), read["EventRecordID"]);
        Assert.Equal(e.Time, read.Time!.Value.ToDateTime());

        var withoutData = Xml(write(e with { Data = [] })).Fields;
        var data = e.Data!.Where(d => d.Value.Length != 0).Select(d => new EventField(d.Name.Length == 0 ? FieldNames.UnnamedData : d.Name, d.Value));
        Assert.Equal(Multiset(withoutData.Concat(data)), Multiset(read.Fields));
    }
}
