using System.Globalization;
using System.Xml;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Events.Xml;
using Vigil.Evtx;

namespace Vigil.Events.Evtx;

/// <summary>
/// Events from an EVTX file through Vigil's own reader (no Windows API): each record goes from its BinXML straight to
/// the fields its XML, rendered as Event Viewer shows it, would give through the XML inputs' field extraction (the
/// same <see cref="EventBuilder"/>), so every detection runs unchanged; the XML itself is rendered only for the raw
/// text (<see cref="InputOptions.RawText"/>). Damage is reported with file, chunk, record and offset, and reading goes on.
/// </summary>
public sealed class EvtxFileSource : IEventSource
{
    private readonly InputOptions _options;

    public EvtxFileSource(string path, InputOptions options)
    {
        Path = path;
        _options = options;
    }

    public string Path { get; }

    /// <summary>The reader's account of the last read: chunks, damage, recovered records.</summary>
    public EvtxFileSummary Summary { get; private set; } = new();

    public IEnumerable<WinEvent> ReadEvents(RawEventFilter? rawFilter, SourceCounters counters, Action<InputProblem> onProblem, CancellationToken cancellationToken = default)
    {
        var summary = new EvtxFileSummary();
        Summary = summary;
        var options = new EvtxReaderOptions
        {
            Threads = _options.Threads,
            Recover = _options.Recover,
            Limits = _options.Limits.Evtx,
            OnWarning = diagnostic => onProblem(new InputProblem(Path, null, Describe(diagnostic), InputProblemKind.Damage)),

            // The fast path: the reader tests each record's text pieces before rendering its XML at all.
            RecordFilter = rawFilter is null ? null : text => rawFilter(text),

            // Records become events on the worker threads, beside the reading of other chunks.
            Decoder = () => new EvtxEventDecoder(Path, _options.Limits.XmlUserDataDepth),
            RenderXml = _options.RawText,
        };
        counters.Bytes += new FileInfo(Path).Length;
        foreach (var record in EvtxFile.ReadRecords(Path, options, summary, cancellationToken))
        {
            counters.Events++;
            counters.BytesDone = record.FileOffset;

            switch (record.Decoded)
            {
                case XmlException e:
                    counters.DamagedRecords++;
                    onProblem(new InputProblem(Path, null, $"{Where(record)}: its XML is malformed: {e.Message}", InputProblemKind.MalformedEvent));
                    continue;
                case InputLimitException e:
                    counters.OverLimit++;
                    onProblem(new InputProblem(Path, null, $"{Where(record)}: {e.Message}", InputProblemKind.OverLimit));
                    continue;
            }

            yield return (WinEvent)record.Decoded!;
        }

        // Records the filter rejected were found but not parsed; records whose header frames nothing were found too.
        counters.Events += summary.RecordsDamaged + summary.RecordsSkipped;
        counters.Skipped += summary.RecordsSkipped;
        counters.DamagedRecords += summary.RecordsDamaged;
        counters.Recovered += summary.RecordsRecovered;
        counters.Salvaged += summary.RecordsSalvaged;
        counters.DamagedChunks += summary.ChunksDamaged;
        counters.BytesDone = summary.FileSize;
    }

    private static string Where(EvtxRecord record) =>
        string.Create(CultureInfo.InvariantCulture, $"chunk {record.ChunkIndex}, record {record.RecordId}, offset 0x{record.FileOffset:X}");

    private static string Describe(EvtxDiagnostic diagnostic)
    {
        var where = new List<string>();
        if (diagnostic.ChunkIndex is { } chunk)
        {
            where.Add(string.Create(CultureInfo.InvariantCulture, $"chunk {chunk}"));
        }

        if (diagnostic.RecordId is { } record)
        {
            where.Add(string.Create(CultureInfo.InvariantCulture, $"record {record}"));
        }

        where.Add(string.Create(CultureInfo.InvariantCulture, $"offset 0x{diagnostic.FileOffset:X}"));
        return string.Join(", ", where) + ": " + diagnostic.Message;
    }
}
