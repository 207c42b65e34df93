using System.CommandLine;
using Vigil.Cli.Output;
using Vigil.Hunt;
using Vigil.Sinks;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil search 'SPL' [PATH...]</c>: runs one search over event files, or over the store's risk events when it
/// searches the risk index (<c>index=risk</c>, the Risk data model), with the shipped and loaded knowledge, macros and
/// lookups, and writes its result table (table, csv, json, jsonl).
/// </summary>
internal static class SearchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal)
    {
        var search = new Argument<string>("SPL") { Description = "The search, as in Splunk: a base search, or | and a generating command (tstats, inputlookup, makeresults ...)." };
        var reading = new ReadingOptions(PathArity.Optional);
        var store = new StoreOptions();
        var content = new ContentOptions();
        var format = new Option<string>("--format", "-f")
        {
            Description = "table (default), csv (the result table exactly), json (an array of rows) or jsonl (a row a line).",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong([.. ResultTable.Formats]);
        var output = new Option<string?>("--output", "-o") { Description = "Write the results to this file instead of standard output.", HelpName = "FILE" };
        var zone = new Option<string?>("--tz") { Description = "Time zone for rendered times (IANA name such as Europe/Berlin). Default: UTC.", HelpName = "ZONE" };

        OutputFile.CheckBeforeWork(output);
        var command = new Command("search", "Run one SPL search over event logs, or over the store's risk events (index=risk, | from datamodel Risk.All_Risk), and print its result table.") { search, format, output, zone };
        reading.AddTo(command);
        store.AddTo(command);
        content.AddTo(command);
        command.SetAction(parse =>
        {
            var loaded = content.Load(parse, stderr, reading.SplLimits(parse));
            if (loaded is null || !HuntCommand.TryParseZone(parse.GetValue(zone), stderr, out var timeZone))
            {
                return VigilApp.ExitError;
            }

            SplPipeline pipeline;
            try
            {
                pipeline = SplPipeline.Compile(parse.GetValue(search)!, loaded.Definitions);
            }
            catch (SplCompileException e)
            {
                stderr.WriteLine(e.Message);
                return VigilApp.ExitError;
            }

            var inputs = parse.GetValue(reading.Paths) ?? [];
            if (pipeline.ReadsOnlyRiskIndex)
            {
                return SearchStore(parse, pipeline, inputs, store, timeZone, format, output, stdout, stderr, stdoutIsTerminal);
            }

            if (inputs.Length == 0 && !pipeline.ReadsEvents)
            {
                // | makeresults, | inputlookup ...: rows of its own, as Splunk runs them, with no event to read.
                var generated = EventPass.RunRows([pipeline], [], new SearchContext(timeZone, Timestamp.FromDateTime(DateTime.UtcNow)))[0].Result;
                return WriteResult(parse, generated, format, output, stdout, stderr, stdoutIsTerminal);
            }

            if (inputs.Length == 0)
            {
                stderr.WriteLine("error: give the event files to search (PATH...): only a search of the risk index (index=risk, the Risk data model) reads the store, and only one that reads no events (| makeresults, | inputlookup) needs none");
                return VigilApp.ExitError;
            }

            var outputPath = parse.GetValue(output);
            using var target = new OutputFile(outputPath, stdout);
            var warnings = new WarningSink(stderr, 50);
            using var progress = new ProgressDisplay(stderr, !parse.GetValue(reading.NoProgress));
            warnings.Progress = progress;
            var options = reading.HuntOptions(parse, inputs, loaded.CreateFieldKnowledge(), timeZone, warnings, progress);
            var knowledgeProblems = loaded.Knowledge.Problems.Count;
            var context = new SearchContext(timeZone, Timestamp.FromDateTime(DateTime.UtcNow));
            var pass = progress.Run(() => EventPass.Run([pipeline], options, context));
            warnings.Finish();
            ContentOptions.ReportKnowledgeProblemsSince(loaded, knowledgeProblems, stderr);
            var result = pass.Results[0].Result;
            warnings.SearchMessages("the search", result);
            if (result.Failure is not null)
            {
                return VigilApp.ExitError;
            }

            ResultTable.Write(target.Writer, result, parse.GetValue(format)!, toTerminal: outputPath is null && stdoutIsTerminal);
            if (pass.FilesRead == 0)
            {
                stderr.WriteLine("error: no input could be read");
                return VigilApp.ExitError;
            }

            var damaged = pass.Counters.Malformed > 0 || pass.FilesUnreadable > 0 || pass.Counters.DamagedChunks > 0;
            return parse.GetValue(reading.Strict) && damaged ? VigilApp.ExitStrictFailure : VigilApp.ExitOk;
        });
        return command;
    }

    private static int SearchStore(ParseResult parse, SplPipeline pipeline, string[] inputs, StoreOptions store, TimeZoneInfo timeZone,
        Option<string> format, Option<string?> output, TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal)
    {
        if (inputs.Length > 0)
        {
            stderr.WriteLine("error: this search reads the risk index, which is the store: it takes no PATH (--store chooses the store)");
            return VigilApp.ExitError;
        }

        using var opened = store.OpenForReading(parse, stderr);
        if (opened is null)
        {
            return VigilApp.ExitError;
        }

        var context = new SearchContext(timeZone, Timestamp.FromDateTime(DateTime.UtcNow));
        var (result, _) = EventPass.RunRows([pipeline], opened.RiskEvents(null).Select(r => r.ToRow()), context)[0];
        return WriteResult(parse, result, format, output, stdout, stderr, stdoutIsTerminal);
    }

    /// <summary>The result of a search that read no event file: its messages, then its table unless it failed.</summary>
    private static int WriteResult(ParseResult parse, SearchResult result, Option<string> format, Option<string?> output, TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal)
    {
        new WarningSink(stderr, 50).SearchMessages("the search", result);
        if (result.Failure is not null)
        {
            return VigilApp.ExitError;
        }

        var outputPath = parse.GetValue(output);
        using var target = new OutputFile(outputPath, stdout);
        ResultTable.Write(target.Writer, result, parse.GetValue(format)!, toTerminal: outputPath is null && stdoutIsTerminal);
        return VigilApp.ExitOk;
    }
}
