using System.CommandLine;
using Vigil.Cli.Output;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Hunt;
using Vigil.Knowledge.Events;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;
using Vigil.Sinks;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil export PATH...</c>: every event with the fields a search sees (jsonl or csv), or its XML as Event Viewer
/// renders it. How a user inspects what Vigil read, and how Vigil is compared with other tools.
/// </summary>
internal static class ExportCommand
{
    private const int MaxWarnings = 50;

    public static Command Create(TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal)
    {
        var reading = new ReadingOptions();
        var format = new Option<string>("--format", "-f")
        {
            Description = "jsonl (default: one flat object per event, field to string or array of strings), csv (one column per field seen), or xml (the events' XML in an <Events> wrapper).",
            DefaultValueFactory = _ => "jsonl",
        };
        format.AcceptOnlyFromAmong("jsonl", "csv", "xml");
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output.", HelpName = "FILE" };
        var noRaw = new Option<bool>("--no-raw") { Description = "Leave out _raw (jsonl, csv)." };
        var fields = new Option<string>("--fields")
        {
            Description = "all (default: the fields a search sees, with the add-ons' computed fields, event types and tags) or raw (only what Vigil read from the event, with source, sourcetype and host).",
            DefaultValueFactory = _ => "all",
        };
        fields.AcceptOnlyFromAmong("all", "raw");
        var addOns = ContentOptions.AddOnOption();
        var noShipped = ContentOptions.NoShippedKnowledgeOption();
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = "On stderr, give every input's account (bytes, events, how many skipped and why), not only those with problems.",
        };
        OutputFile.CheckBeforeWork(output);
        var command = new Command("export", "Write every event with the fields a search sees, or its XML.") { format, output, noRaw, fields, addOns, noShipped, verbose };
        reading.AddTo(command);
        command.SetAction(parse =>
        {
            var inputs = parse.GetValue(reading.Paths)!;
            var outputPath = parse.GetValue(output);
            var allFields = parse.GetValue(fields) == "all";
            Func<Func<WinEvent, Row>> newRowMaker = () => winEvent => EventRows.FromEvent(winEvent);
            LoadedContent? loaded = null;
            var knowledgeProblems = 0;
            if (allFields)
            {
                loaded = ContentOptions.Load(parse.GetValue(addOns) ?? [], !parse.GetValue(noShipped), [], [], stderr, reading.SplLimits(parse));
                if (loaded is null)
                {
                    return VigilApp.ExitError;
                }

                var knowledge = loaded.CreateFieldKnowledge();
                knowledgeProblems = loaded.Knowledge.Problems.Count;
                var context = SearchContext.Utc();

                // Rows are made on every thread that formats: each maker has a context of its own, as a hunt's
                // partitions do (the knowledge is safe to share).
                newRowMaker = () =>
                {
                    var own = context.ForPartition();
                    return winEvent => knowledge.RowOf(winEvent, own);
                };
            }

            var warnings = new WarningSink(stderr, MaxWarnings) { Verbose = parse.GetValue(verbose) };
            InputReader reader;
            using (var target = new OutputFile(outputPath, stdout))
            {
                var writer = target.Writer;
                using var progress = new ProgressDisplay(stderr, (outputPath is not null || !stdoutIsTerminal) && !parse.GetValue(reading.NoProgress));
                warnings.Progress = progress;
                var includeRaw = !parse.GetValue(noRaw);
                var exportFormat = parse.GetValue(format);

                // The raw text is what EVTX costs most to make: read it only for what is written or for the add-ons'
                // knowledge, whose extractions may read _raw.
                var inputOptions = reading.Input(parse) with { RawText = includeRaw || exportFormat == "xml" || allFields };
                // csv reads twice: problems and accounts are told on the second read, the one written.
                var quietRead = exportFormat == "csv";
                InputReader NewReader()
                {
                    var counting = !quietRead;
                    quietRead = false;
                    var fresh = new InputReader(inputs, inputOptions, counting ? warnings.Report : _ => { }) { OnFileDone = counting ? warnings.FileDone : null };
                    progress.Follow(fresh, inputs);
                    return fresh;
                }

                reader = progress.Run(() =>
                {
                    switch (exportFormat)
                    {
                        case "csv":
                            // Two passes keep memory constant: the first learns the columns, the second writes rows.
                            var columns = CsvColumns.Learn(NewReader().Read(null), includeRaw, inputOptions.Threads, newRowMaker);
                            var csvReader = NewReader();
                            WriteAll(EventLines.CsvOfRows(writer, columns, inputOptions.Threads, newRowMaker), csvReader);
                            return csvReader;
                        case "xml":
                            var xmlReader = NewReader();
                            EventExport.WriteXml(writer, xmlReader.Read(null), warnings.Report);
                            return xmlReader;
                        default:
                            var jsonReader = NewReader();

                            // With --fields raw, only what the reader gave: written straight from the events, with no row made.
                            WriteAll(
                                allFields
                                    ? EventLines.JsonOfRows(writer, includeRaw, inputOptions.Threads, newRowMaker)
                                    : EventLines.RawJson(writer, includeRaw, inputOptions.Threads),
                                jsonReader);
                            return jsonReader;
                    }
                });
            }

            warnings.Finish();
            if (loaded is not null)
            {
                ContentOptions.ReportKnowledgeProblemsSince(loaded, knowledgeProblems, stderr);
            }

            var c = reader.Counters;
            stderr.WriteLine($"summary: {reader.FilesRead} files read, {reader.FilesUnreadable} unreadable, {SummaryText.Bytes(c.Bytes)}; {SummaryText.Events(c)}");
            if (reader.FilesRead == 0)
            {
                stderr.WriteLine("error: no input could be read");
                return VigilApp.ExitError;
            }

            var damaged = c.Malformed > 0 || reader.FilesUnreadable > 0 || c.DamagedChunks > 0;
            return parse.GetValue(reading.Strict) && damaged ? VigilApp.ExitStrictFailure : VigilApp.ExitOk;
        });
        return command;
    }

    private static void WriteAll(EventLines lines, InputReader reader)
    {
        using (lines)
        {
            foreach (var winEvent in reader.Read(null))
            {
                lines.Write(winEvent);
            }
        }
    }
}
