using System.CommandLine;
using System.Globalization;
using Vigil.Cli.Output;
using Vigil.Findings;
using Vigil.Findings.Drilldowns;
using Vigil.Hunt;
using Vigil.Hunt.Drilldowns;
using Vigil.Sinks;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;
using Vigil.Store;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil drilldown FINDING [N]</c>: a stored finding's drilldowns with their tokens filled, or the Nth run (over
/// the finding's inputs, or over the store's risk events when it searches the risk index).
/// </summary>
internal static class DrilldownCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal)
    {
        var findingId = new Argument<string>("FINDING") { Description = "The finding's id, or any unique prefix of it (vigil findings lists them)." };
        var number = new Argument<int?>("N") { Description = "The drilldown to run, from 1. Without it, the drilldowns are listed with their tokens filled.", Arity = ArgumentArity.ZeroOrOne };
        var store = new StoreOptions();
        var content = new ContentOptions();
        var reading = new ReadingOptions(PathArity.None);
        var format = new Option<string>("--format", "-f")
        {
            Description = "table (default), csv (the result table exactly), json (an array of rows) or jsonl (a row a line).",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong([.. ResultTable.Formats]);
        var output = new Option<string?>("--output", "-o") { Description = "Write the results to this file instead of standard output.", HelpName = "FILE" };
        var zone = new Option<string?>("--tz") { Description = "Time zone for rendered times and --now (IANA name such as Europe/Berlin). Default: UTC.", HelpName = "ZONE" };
        var now = new Option<string?>("--now")
        {
            Description = $"The search's now, which relative times (starthoursago=168, -7d) count from: {TimeBound.Help}. Default: an hour after the finding's latest time, as if the analyst opened the drilldown once the detection had run.",
            HelpName = "TIME",
        };

        OutputFile.CheckBeforeWork(output);
        var command = new Command("drilldown", "List a stored finding's drilldown searches with their tokens filled, or run one.") { findingId, number, format, output, zone, now };
        store.AddTo(command);
        content.AddTo(command);
        reading.AddTo(command);
        command.SetAction(parse =>
        {
            if (!HuntCommand.TryParseZone(parse.GetValue(zone), stderr, out var timeZone))
            {
                return VigilApp.ExitError;
            }

            using var opened = store.OpenForReading(parse, stderr);
            var loaded = opened is null ? null : content.Load(parse, stderr, reading.SplLimits(parse));
            if (opened is null || loaded is null)
            {
                return VigilApp.ExitError;
            }

            FindingDetail detail;
            try
            {
                detail = opened.Finding(parse.GetValue(findingId)!);
            }
            catch (StoreException e)
            {
                stderr.WriteLine("error: " + e.Message);
                return VigilApp.ExitError;
            }

            var stored = detail.Stored.Finding;
            if (loaded.Library.Find(stored.Detection.Id) is not { } detection)
            {
                stderr.WriteLine($"error: the finding's detection '{stored.Detection.Name}' ({stored.Detection.Id}) is not in the loaded content; load it with --content DIR");
                return VigilApp.ExitError;
            }

            var finding = stored with { Detection = detection };
            var filled = detection.Drilldowns.Select(d => DrilldownSearch.Fill(d, finding)).ToList();
            if (parse.GetValue(number) is not { } n)
            {
                List(stdout, finding, filled, timeZone);
                return VigilApp.ExitOk;
            }

            if (n < 1 || n > filled.Count)
            {
                stderr.WriteLine(filled.Count == 0
                    ? $"error: the detection '{detection.Name}' has no drilldowns"
                    : $"error: there is no drilldown {n}: '{detection.Name}' has {filled.Count} (1 to {filled.Count})");
                return VigilApp.ExitError;
            }

            var drilldown = filled[n - 1];
            SplPipeline pipeline;
            try
            {
                pipeline = SplPipeline.Compile(drilldown.Search, loaded.Definitions);
            }
            catch (SplCompileException e)
            {
                stderr.WriteLine($"drilldown {n} cannot run: {e.Message}");
                return VigilApp.ExitError;
            }

            var wallClock = Timestamp.FromDateTime(DateTime.UtcNow);
            var searchNow = DrilldownRunner.DefaultNow(drilldown, wallClock);
            if (parse.GetValue(now) is { } nowText)
            {
                if (!TimeBound.TryParse(nowText, wallClock, timeZone, out var given))
                {
                    stderr.WriteLine($"error: --now '{nowText}' is not a time: give {TimeBound.Help}");
                    return VigilApp.ExitError;
                }

                searchNow = given;
            }

            var inputs = detail.Runs.SelectMany(r => r.Inputs).Select(i => i.FullPath).Distinct(StringComparer.Ordinal).ToList();
            var outputPath = parse.GetValue(output);
            using var target = new OutputFile(outputPath, stdout);
            var warnings = new WarningSink(stderr, 50);
            using var progress = new ProgressDisplay(stderr, !parse.GetValue(reading.NoProgress));
            warnings.Progress = progress;
            var options = reading.HuntOptions(parse, inputs, loaded.CreateFieldKnowledge(), timeZone, warnings, progress);
            var knowledgeProblems = loaded.Knowledge.Problems.Count;
            var outcome = progress.Run(() => DrilldownRunner.Run(
                drilldown, pipeline, options, () => opened.RiskEvents(null).Select(r => r.ToRow()), searchNow));
            warnings.Finish();
            ContentOptions.ReportKnowledgeProblemsSince(loaded, knowledgeProblems, stderr);
            warnings.SearchMessages($"drilldown {n}", outcome.Result);
            if (outcome.Result.Failure is not null)
            {
                return VigilApp.ExitError;
            }

            stderr.WriteLine(Describe(n, outcome, inputs.Count, timeZone));
            ResultTable.Write(target.Writer, outcome.Result, parse.GetValue(format)!, toTerminal: outputPath is null && stdoutIsTerminal);
            if (outcome.Pass is { FilesRead: 0 })
            {
                stderr.WriteLine("error: none of the finding's inputs could be read (moved or deleted?)");
                return VigilApp.ExitError;
            }

            return VigilApp.ExitOk;
        });
        return command;
    }

    private static void List(TextWriter stdout, Finding finding, List<FilledDrilldown> filled, TimeZoneInfo zone)
    {
        stdout.WriteLine($"{finding.Detection.Name}: finding {finding.Id[..12]}");
        if (filled.Count == 0)
        {
            stdout.WriteLine("  no drilldowns");
            return;
        }

        for (var i = 0; i < filled.Count; i++)
        {
            var d = filled[i];
            stdout.WriteLine();
            stdout.WriteLine($"{i + 1}. {TerminalText.Visible(d.Name)}");
            stdout.WriteLine($"   search:   {TerminalText.Visible(d.Search)}");
            stdout.WriteLine($"   earliest: {Time(d.Earliest, zone)}   latest: {Time(d.Latest, zone)}");
            foreach (var note in d.Notes)
            {
                stdout.WriteLine($"   note:     {TerminalText.Visible(note)}");
            }
        }

        stdout.WriteLine();
        stdout.WriteLine($"Run one with: vigil drilldown {finding.Id[..12]} N");
    }

    private static string Describe(int n, DrilldownOutcome outcome, int inputCount, TimeZoneInfo zone)
    {
        var source = outcome.Source == DrilldownSource.RiskStore
            ? "the store's risk events"
            : $"the finding's {inputCount} input{(inputCount == 1 ? string.Empty : "s")}";
        var range = outcome.Window is { } w
            ? $"from {Time(w.Earliest, zone)} to {Time(w.Latest, zone)}"
            : "over the search's own time range";
        return $"drilldown {n} over {source}, {range}, now = {Time(outcome.Now, zone)}: {outcome.Result.Rows.Count.ToString(CultureInfo.InvariantCulture)} rows";
    }

    private static string Time(Timestamp? time, TimeZoneInfo zone) =>
        time is null ? "(open)" : StoredTimes.Short(time, zone);
}
