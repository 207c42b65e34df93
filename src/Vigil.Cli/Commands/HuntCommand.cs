using System.CommandLine;
using Vigil.Cli.Output;
using Vigil.Content;
using Vigil.Content.Model;
using Vigil.Hunt;
using Vigil.Hunt.Sinks;
using Vigil.Sinks;
using Vigil.Store;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil hunt PATH...</c>: runs detections over event logs and reports findings with their risk.</summary>
internal static class HuntCommand
{
    private const int MaxWarnings = 50;

    // How many of the slowest detections --profile lists.
    private const int ProfiledDetections = 15;

    public static Command Create(TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal, bool ownsProcess)
    {
        var reading = new ReadingOptions();
        var detections = new Option<string[]>("--detection", "-d")
        {
            Description = "A detection to run, by name or id. Repeatable. Default: every loaded detection that is not deprecated.",
            HelpName = "NAME_OR_ID",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var content = new ContentOptions();
        var format = new Option<string>("--format", "-f")
        {
            Description = "table (default), csv (the result table of one detection), json (an array of findings) or jsonl (a finding a line).",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "csv", "json", "jsonl");
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the results to this file instead of standard output.",
            HelpName = "FILE",
        };
        var zone = new Option<string?>("--tz")
        {
            Description = "Time zone for rendered times (IANA name such as Europe/Berlin). Default: UTC.",
            HelpName = "ZONE",
        };
        var noPrefilter = new Option<bool>("--no-prefilter")
        {
            Description = "Parse every event, even those whose raw text no search can match, and compute every field the add-ons define, even those no search reads (slower; for checking that these shortcuts change nothing).",
        };

        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = "In the table, also list each detection that found nothing; on stderr, give every input's account (bytes, events, how many skipped and why), not only those with problems.",
        };

        var profile = new Option<bool>("--profile")
        {
            Description = "After the hunt, list on stderr the detections whose own search commands took the longest (the reading, fields and dispatch all searches share are not counted).",
        };

        var store = new StoreOptions();
        var noStore = new Option<bool>("--no-store")
        {
            Description = "Do not record this hunt in the store (nothing is written anywhere but the output).",
        };

        OutputFile.CheckBeforeWork(output);
        var command = new Command("hunt", "Run ESCU detections over Windows event logs and report findings with risk; the hunt is recorded in the store ('vigil findings', 'vigil risk', 'vigil report').")
        {
            detections, format, output, zone, noPrefilter, verbose, profile, noStore,
        };
        reading.AddTo(command);
        content.AddTo(command);
        store.AddTo(command);
        command.SetAction(parse =>
        {
            var phases = parse.GetValue(profile) ? new PhaseTimes() : null;
            if (ownsProcess)
            {
                StartupHeap.Begin(parse.GetValue(reading.Paths)!);
            }

            var loaded = content.Load(parse, stderr, reading.SplLimits(parse), phases);
            if (loaded is null)
            {
                return VigilApp.ExitError;
            }

            var library = loaded.Library;

            if (!TryParseZone(parse.GetValue(zone), stderr, out var timeZone))
            {
                return VigilApp.ExitError;
            }

            var requested = parse.GetValue(detections) ?? [];
            var selected = Select(library, requested, stderr);
            if (selected is null)
            {
                return VigilApp.ExitError;
            }

            var knowledge = loaded.CreateFieldKnowledge();
            var knowledgeProblems = loaded.Knowledge.Problems.Count;
            var searchFacts = loaded.OpenSearchFacts(knowledge);
            phases?.Mark("search facts");
            var (compiled, failures) = DetectionCompiler.Compile(selected, library.Definitions, searchFacts);
            phases?.Mark("compiling the detections");
            if (failures.Count > 0 && requested.Length > 0)
            {
                foreach (var failure in failures)
                {
                    stderr.WriteLine($"error: detection '{failure.Detection.Name}' cannot run: {failure.Reason}");
                }

                return VigilApp.ExitError;
            }

            ReportSkipped(failures, stderr);
            var outputFormat = parse.GetValue(format)!;
            if (outputFormat == "csv" && compiled.Count != 1)
            {
                stderr.WriteLine($"error: --format csv writes one detection's result table, but {compiled.Count} detections are selected; choose one with --detection");
                return VigilApp.ExitError;
            }

            if (compiled.Count == 0)
            {
                stderr.WriteLine("error: no detection can run");
                return VigilApp.ExitError;
            }

            if (parse.GetValue(noStore) && parse.GetValue(store.Store) is not null)
            {
                stderr.WriteLine("error: --store and --no-store contradict each other; give one");
                return VigilApp.ExitError;
            }

            // Before any input is read: a store that cannot record the hunt is an error now, not after an hour's hunt.
            var recording = !parse.GetValue(noStore);
            using var opened = recording ? store.OpenForHunt(parse, stderr) : null;
            if (recording && opened is null)
            {
                return VigilApp.ExitError;
            }

            if (recording)
            {
                phases?.Mark("opening the store");
            }

            var storeSink = opened is null ? null : new StoreSink(opened);
            IReadOnlyList<ISummaryNote> notes = storeSink is null ? [] : [storeSink];
            var inputs = parse.GetValue(reading.Paths)!;
            var outputPath = parse.GetValue(output);
            using var target = new OutputFile(outputPath, stdout);
            IHuntSink sink = outputFormat switch
            {
                "csv" => new CsvSink(target.Writer),
                "json" => new JsonSink(target.Writer, lines: false),
                "jsonl" => new JsonSink(target.Writer, lines: true),
                _ => new TableSink(target.Writer, toTerminal: outputPath is null && stdoutIsTerminal, parse.GetValue(verbose)) { Notes = notes },
            };
            var warnings = new WarningSink(stderr, MaxWarnings) { Verbose = parse.GetValue(verbose) };
            using var progress = new ProgressDisplay(stderr, !parse.GetValue(reading.NoProgress));
            warnings.Progress = progress;
            HuntReport report;
            try
            {
                report = progress.Run(() => HuntRunner.Run(compiled, new HuntOptions
                {
                    Inputs = inputs,
                    Knowledge = knowledge,
                    SearchFacts = searchFacts,
                    Input = reading.Input(parse),
                    Zone = timeZone,
                    Prefilter = !parse.GetValue(noPrefilter),
                    OnlyFieldsRead = !parse.GetValue(noPrefilter),
                    OnProblem = warnings.Report,
                    OnStart = reader => progress.Follow(reader, inputs),
                    OnReread = reader => progress.Follow(reader, inputs, "reading again"),
                    OnFileDone = warnings.FileDone,
                    Skipped = failures,
                    TimeSearches = parse.GetValue(profile),
                    // The store first: it has recorded the run by the time the table writes the summary that says so.
                    Sinks = storeSink is null ? [sink] : [storeSink, sink],
                }));
            }
            catch (StoreException e)
            {
                stderr.WriteLine("error: " + e.Message);
                return VigilApp.ExitError;
            }

            phases?.Mark("the hunt");
            warnings.Finish();
            ContentOptions.ReportKnowledgeProblemsSince(loaded, knowledgeProblems, stderr);
            foreach (var warning in searchFacts?.Warnings ?? [])
            {
                stderr.WriteLine("warning: " + warning);
            }

            foreach (var result in report.Results)
            {
                warnings.SearchMessages($"detection '{result.Compiled.Detection.Name}'", result.Result);
            }

            if (outputFormat != "table" || outputPath is not null)
            {
                stderr.WriteLine(SummaryText.OneLine(report, notes));
            }

            foreach (var line in SearchProfileText.Lines(report, ProfiledDetections, phases))
            {
                stderr.WriteLine(line);
            }

            if (report.FilesRead == 0)
            {
                stderr.WriteLine("error: no input could be read");
                return VigilApp.ExitError;
            }

            // A detection that stopped at a limit has no results: the hunt did not do all it was asked.
            if (report.Results.Any(r => r.Result.Failure is not null))
            {
                return VigilApp.ExitError;
            }

            var damaged = report.MalformedEvents > 0 || report.FilesUnreadable > 0 || report.Counters.DamagedChunks > 0;
            return parse.GetValue(reading.Strict) && damaged ? VigilApp.ExitStrictFailure : VigilApp.ExitOk;
        });
        return command;
    }

    private static List<Detection>? Select(ContentLibrary library, string[] requested, TextWriter stderr)
    {
        if (requested.Length == 0)
        {
            return library.Detections.Where(d => !string.Equals(d.Status, "deprecated", StringComparison.OrdinalIgnoreCase)).ToList();
        }

        var selected = new List<Detection>();
        foreach (var wanted in requested)
        {
            var found = library.Find(wanted);
            if (found is null)
            {
                stderr.WriteLine($"error: no detection named or with id '{wanted}' ({library.Detections.Count} loaded; list them with 'vigil detections')");
                return null;
            }

            if (!selected.Contains(found))
            {
                selected.Add(found);
            }
        }

        return selected;
    }

    /// <summary>Detections picked by default that cannot run here: one line grouping them by reason.</summary>
    private static void ReportSkipped(List<DetectionFailure> failures, TextWriter stderr)
    {
        if (failures.Count == 0)
        {
            return;
        }

        var reasons = failures.GroupBy(f => f.Causes.Count > 0 ? f.Causes[0] : ShortReason(f.Summary)).OrderByDescending(g => g.Count()).Take(6)
            .Select(g => $"{g.Count()} × {g.Key}");
        var count = failures.Count == 1 ? "1 detection cannot" : $"{failures.Count} detections cannot";
        stderr.WriteLine($"warning: {count} run here and {(failures.Count == 1 ? "is" : "are")} skipped ({string.Join("; ", reasons)}); 'vigil detections' lists each with its reason");
    }

    private static string ShortReason(string message)
    {
        var cut = message.IndexOf(" (", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    internal static bool TryParseZone(string? name, TextWriter stderr, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrEmpty(name) || name is "UTC" or "utc" or "Z")
        {
            return true;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(name);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            stderr.WriteLine($"error: unknown time zone '{name}' (use an IANA name such as Europe/Berlin or America/New_York)");
            return false;
        }
    }
}
