using CsCheck;
using Vigil.Evtx.Testing;

namespace Vigil.Evtx.Tests.Properties;

/// <summary>
/// Random events written as EVTX by the test writer read back, through the reader, to the fields they were written
/// with: provider, computer, EventID, record id, time, SID, and every Data name and value (markup characters,
/// entity look-alikes, non-ASCII and astral characters), across as many chunks and templates as they fill.
/// </summary>
public sealed class EvtxRoundTripProperties : IDisposable
{
    private static readonly string[] ValuePieces =
        ["a", "Z", "0", " ", "<", ">", "&", "'", "\"", "\\", "&amp;", "]]>", "é", "Ü", "日本", "😀", "\t", "\n", "%1", "C:\\Windows"];

    // Attribute values (Provider Name, Data Name): no tab or line feed, which an XML reader normalizes to spaces there.
    private static readonly string[] AttributePieces = ["a", "Z", "0", " ", "<", ">", "&", "'", "\"", "\\", "é", "日本", "😀", "-", "_"];

    private static Gen<string> Text(string[] pieces, int min, int max) =>
        Gen.OneOf(pieces).Array[min, max].Select(p => string.Concat(p));

    private static readonly Gen<EvtxTestEvent> Event =
        Gen.Select(
            Text(AttributePieces, 1, 6),
            Gen.UShort,
            Text(ValuePieces, 0, 6),
            Gen.Long[new DateTime(2000, 1, 1).Ticks, new DateTime(2040, 1, 1).Ticks],
            Gen.Select(Text(AttributePieces, 1, 4), Text(ValuePieces, 0, 8)).Array[0, 6],
            Gen.OneOf<string?>(null, "S-1-5-18", "S-1-5-21-3623811015-3361044348-30300820-1013"),
            Gen.OneOf("Application", "Security", "Microsoft-Windows-Sysmon/Operational"))
        .Select((provider, id, computer, ticks, data, sid, channel) => new EvtxTestEvent
        {
            ProviderName = provider,
            EventId = id,
            Computer = computer,
            TimeCreatedUtc = new DateTime(ticks, DateTimeKind.Utc),
            Data = data.Select(d => (d.Item1, d.Item2)).ToList(),
            UserSid = sid,
            Channel = channel,
        });

    // Enough events that some runs fill more than one chunk.
    private static readonly Gen<List<EvtxTestEvent>> Events =
        Event.List[1, 300].Select(events => events.Select((e, i) => e with { EventRecordId = (ulong)i + 1 }).ToList());

    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-evtx-props-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Written_events_read_back_to_the_same_fields()
    {
        string path = Path.Combine(_dir, "random.evtx");
        Events.Sample(events =>
        {
            EvtxWriter.Write(path, events);
            var summary = new EvtxFileSummary();
            var records = EvtxFile.ReadRecords(path, new EvtxReaderOptions { Threads = 1 }, summary).ToList();
            Assert.Equal(0, summary.Warnings);
            Assert.Equal(events.Count, records.Count);
            for (int i = 0; i < events.Count; i++)
            {
                EventFields expected = EvtxWriterTests.Expected(events[i]);
                EventFields actual = EventFields.FromXml(records[i].Xml);
                Assert.Equal(expected with { Data = [], Header = [] }, actual with { Data = [], Header = [] });
                Assert.Equal(expected.Data, actual.Data);
            }
        }, iter: 60, threads: 1);
    }
}
