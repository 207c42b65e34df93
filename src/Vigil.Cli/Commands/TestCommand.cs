using System.CommandLine;
using Vigil.Cli.Output;
using Vigil.Events.Sources;
using System.Diagnostics;
using Vigil.Testing.Data;
using Vigil.Testing.JUnit;
using Vigil.Testing.Reporting;
using Vigil.Testing.Running;
using Vigil.Testing.Selection;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil test</c>: runs detections' <c>tests:</c> over their attack data and judges them as contentctl does.</summary>
internal static class TestCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var content = new ContentOptions();
        var detections = new Option<string[]>("--detection", "-d")
        {
            Description = "A detection whose tests run, by name or id. Repeatable. Default: every loaded detection that has tests and is not deprecated.",
            HelpName = "NAME_OR_ID",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var dataDirs = new Option<string[]>("--data-dir")
        {
            Description = "A folder holding attack data: a test's URL is found by its file name anywhere below. Repeatable; searched in order, before the shipped tests' data.",
            HelpName = "DIR",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var dataMaps = new Option<string[]>("--data-map")
        {
            Description = "A file of URL<TAB>path lines mapping attack data URLs to local files (looked at before --data-dir). Repeatable.",
            HelpName = "FILE",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var junit = new Option<string?>("--junit")
        {
            Description = "Also write the outcomes as JUnit XML to this file.",
            HelpName = "FILE",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "table (default) or json.",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json");

        var limits = new LimitOptions();
        OutputFile.CheckBeforeWork(junit);
        var command = new Command("test", "Run detections' tests (their attack data) and judge the results as contentctl does.")
        {
            detections, dataDirs, dataMaps, junit, format,
        };
        content.AddTo(command);
        limits.AddTo(command);
        command.SetAction(parse =>
        {
            var loaded = content.Load(parse, stderr, limits.Spl(parse));
            if (loaded is null)
            {
                return VigilApp.ExitError;
            }

            var (cases, unknown) = TestSelection.Select(loaded.Library, parse.GetValue(detections) ?? []);
            if (unknown is not null)
            {
                stderr.WriteLine($"error: no detection named or with id '{unknown}' ({loaded.Library.Detections.Count} loaded; list them with 'vigil detections')");
                return VigilApp.ExitError;
            }

            if (cases.Count == 0)
            {
                stderr.WriteLine("error: the selected detections have no tests");
                return VigilApp.ExitError;
            }

            var maps = new List<DataMap>();
            foreach (var path in parse.GetValue(dataMaps) ?? [])
            {
                try
                {
                    maps.Add(DataMap.Read(path));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    stderr.WriteLine($"error: --data-map {e.Message}");
                    return VigilApp.ExitError;
                }
            }

            var options = new TestRunOptions
            {
                Content = loaded,
                Locator = new AttackDataLocator([.. parse.GetValue(dataDirs) ?? [], ShippedTestData.Folder], maps),
                Input = new InputOptions { Limits = limits.Reader(parse) },
            };
            var stopwatch = Stopwatch.StartNew();
            var knowledgeProblems = loaded.Knowledge.Problems.Count;
            var outcomes = cases.Select(c => DetectionTestRunner.Run(c, options)).ToList();
            ContentOptions.ReportKnowledgeProblemsSince(loaded, knowledgeProblems, stderr);
            var summary = TestSummary.Of(outcomes, stopwatch.Elapsed);
            if (parse.GetValue(format) == "json")
            {
                TestJson.Write(stdout, outcomes, summary);
            }
            else
            {
                TestTable.Write(stdout, outcomes, summary);
            }

            if (parse.GetValue(junit) is { } junitPath)
            {
                try
                {
                    using var file = File.Create(junitPath);
                    var suites = new SuiteNames(parse.GetValue(content.Content) ?? []);
                    JUnitWriter.Write(file, outcomes, o => suites.Of(o.Case.Detection), DateTimeOffset.UtcNow - summary.Elapsed);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    stderr.WriteLine($"error: cannot write --junit {junitPath}: {e.Message}");
                    return VigilApp.ExitError;
                }
            }

            return summary.ExitStatus;
        });
        return command;
    }
}
