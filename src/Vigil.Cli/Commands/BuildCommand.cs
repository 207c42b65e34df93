using System.CommandLine;
using Vigil.Authoring.SplunkApp;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil build --splunk-app DIR</c>: a Splunk app from the loaded content, as contentctl build makes one; <c>--package</c> also packs it.</summary>
internal static class BuildCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var content = new ContentOptions();
        var appDirectory = new Option<string>("--splunk-app")
        {
            Description = "The app folder to write (its name is the app's id): default/*.conf, lookups/, metadata/default.meta.",
            HelpName = "DIR",
            Required = true,
        };
        var package = new Option<bool>("--package") { Description = "Also write <DIR>.tar.gz beside the folder, the app folder at its root, as Splunk installs apps." };
        var version = new Option<string>("--app-version") { Description = "The version app.conf states (default 1.0.0).", DefaultValueFactory = _ => "1.0.0", HelpName = "VERSION" };
        var command = new Command("build", "Build a Splunk app (savedsearches, macros, analytic stories, lookups) from the loaded detections, as contentctl build does.") { appDirectory, package, version };
        content.AddTo(command);
        command.SetAction(parse =>
        {
            var loaded = content.Load(parse, stderr);
            if (loaded is null)
            {
                return VigilApp.ExitError;
            }

            var directory = parse.GetValue(appDirectory)!;
            var result = SplunkAppBuilder.Build(loaded.Library, directory, AppIdentity.ForDirectory(directory, parse.GetValue(version)!));
            foreach (var problem in result.Problems)
            {
                stderr.WriteLine("error: " + problem);
            }

            stdout.WriteLine($"built {result.Directory}: {result.Detections} detections, {result.Macros} macros, {result.Lookups} lookups, {result.Stories} stories");
            if (result.Problems.Count > 0)
            {
                return VigilApp.ExitStrictFailure;
            }

            if (parse.GetValue(package))
            {
                stdout.WriteLine("packaged " + AppPackager.Package(directory));
            }

            return VigilApp.ExitOk;
        });
        return command;
    }
}
