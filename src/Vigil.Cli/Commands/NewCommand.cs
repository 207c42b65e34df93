using System.CommandLine;
using Vigil.Authoring.Scaffold;
using Vigil.Authoring.Validation;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil new detection</c>: scaffolds a detection YAML and its filter macro, as contentctl new does; what the
/// options leave out is asked at a terminal, or defaulted when input is not one (the name excepted).
/// </summary>
internal static class NewCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var name = new Option<string?>("--name") { Description = "The detection's name (at most 67 characters).", HelpName = "NAME" };
        var type = new Option<string?>("--type") { Description = "TTP (default), Anomaly, Hunting or Correlation.", HelpName = "TYPE" };
        type.AcceptOnlyFromAmong([.. IdentityChecks.Types]);
        var status = new Option<string>("--status") { Description = "production (default), experimental, deprecated or validation.", DefaultValueFactory = _ => "production" };
        status.AcceptOnlyFromAmong([.. IdentityChecks.Statuses]);
        var author = new Option<string?>("--author") { Description = "Author, as 'Name, Company'.", HelpName = "AUTHOR" };
        var dataSources = new Option<string[]>("--data-source") { Description = "A data source name (ESCU data_sources/). Repeatable.", HelpName = "NAME", Arity = ArgumentArity.ZeroOrMore };
        var stories = new Option<string[]>("--story") { Description = "An analytic story the detection belongs to. Repeatable.", HelpName = "NAME", Arity = ArgumentArity.ZeroOrMore };
        var mitre = new Option<string[]>("--mitre") { Description = "A MITRE ATT&CK technique id (T1505.004). Repeatable.", HelpName = "ID", Arity = ArgumentArity.ZeroOrMore };
        var search = new Option<string?>("--search") { Description = "The base search; the scaffold appends stats by dest, time formatting and the filter macro.", HelpName = "SPL" };
        var output = new Option<string>("--output", "-o") { Description = "The content directory to write detections/ and macros/ under (default: the current directory).", DefaultValueFactory = _ => ".", HelpName = "DIR" };
        var detection = new Command("detection", "Scaffold a detection YAML (fresh id, today's date) and its filter macro.") { name, type, status, author, dataSources, stories, mitre, search, output };
        detection.SetAction(parse =>
        {
            var questions = Console.IsInputRedirected ? null : new ScaffoldQuestions(Console.In, stdout);
            var given = parse.GetValue(name) ?? questions?.Ask("Detection name", null);
            if (string.IsNullOrWhiteSpace(given))
            {
                stderr.WriteLine("error: --name is required when standard input is not a terminal");
                return VigilApp.ExitError;
            }

            var defaults = new DetectionAnswers { Name = given };
            var answers = defaults with
            {
                Type = parse.GetValue(type) ?? questions?.Ask("Type (TTP, Anomaly, Hunting, Correlation)", defaults.Type) ?? defaults.Type,
                Status = parse.GetValue(status)!,
                Author = parse.GetValue(author) ?? questions?.Ask("Author", defaults.Author) ?? defaults.Author,
                DataSources = Listed(parse.GetValue(dataSources), questions, "Data sources"),
                Stories = Listed(parse.GetValue(stories), questions, "Analytic stories"),
                MitreAttackIds = Listed(parse.GetValue(mitre), questions, "MITRE ATT&CK ids"),
                BaseSearch = parse.GetValue(search) ?? questions?.Ask("Base search", defaults.BaseSearch) ?? defaults.BaseSearch,
            };
            try
            {
                var result = DetectionScaffolder.Write(answers, parse.GetValue(output)!, DateOnly.FromDateTime(DateTime.Now), Guid.NewGuid());
                stdout.WriteLine($"wrote {result.DetectionFile} (id {result.Id}) and {result.FilterMacroFile}");
                return VigilApp.ExitOk;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine("error: " + e.Message);
                return VigilApp.ExitError;
            }
        });
        return new Command("new", "Scaffold new content.") { detection };
    }

    private static IReadOnlyList<string> Listed(string[]? given, ScaffoldQuestions? questions, string question) =>
        given is { Length: > 0 } ? given : questions?.AskList(question) ?? [];
}
