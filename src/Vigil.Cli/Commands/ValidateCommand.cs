using System.CommandLine;
using Vigil.Authoring.Validation;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil validate</c>: contentctl validate's checks that need no Splunk, per detection, and whether Vigil runs each.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var content = new ContentOptions();
        var format = new Option<string>("--format", "-f")
        {
            Description = "table (default): a line per detection, its findings under it, then a summary ranked by cause; json: the same as one document.",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("validate", "Validate the loaded detections as contentctl validate does (keys, names, ids, filter macros, risk, references, SPL); exit 1 on any error.") { format };
        content.AddTo(command);
        command.SetAction(parse =>
        {
            var loaded = content.Load(parse, stderr);
            if (loaded is null)
            {
                return VigilApp.ExitError;
            }

            var report = ContentValidator.Validate(loaded);
            if (parse.GetValue(format) == "json")
            {
                ValidationReportWriter.WriteJson(report, stdout);
            }
            else
            {
                ValidationReportWriter.WriteTable(report, stdout);
            }

            return report.HasErrors ? VigilApp.ExitStrictFailure : VigilApp.ExitOk;
        });
        return command;
    }
}
