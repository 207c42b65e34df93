using System.CommandLine;
using Vigil.Hunt;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil detections</c>: lists the loaded detections and whether each can run here (and why not).</summary>
internal static class DetectionsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var content = new ContentOptions();
        var command = new Command("detections", "List the loaded detections: name, id, risk, MITRE ids, and whether Vigil can run each.");
        content.AddTo(command);
        command.SetAction(parse =>
        {
            var loaded = content.Load(parse, stderr);
            if (loaded is null)
            {
                return VigilApp.ExitError;
            }

            var library = loaded.Library;

            var (compiled, failures) = DetectionCompiler.Compile(library.Detections, library.Definitions);
            var failed = failures.ToDictionary(f => f.Detection.Id, f => f.Summary, StringComparer.OrdinalIgnoreCase);
            foreach (var detection in library.Detections)
            {
                var status = failed.TryGetValue(detection.Id, out var reason) ? "cannot run: " + reason : "runs";
                var shipped = library.ShippedDetectionIds.Contains(detection.Id) ? " [shipped]" : string.Empty;
                stdout.WriteLine($"{detection.Name}{shipped}\t{detection.Id}\trisk {detection.RiskScore}\t{string.Join(",", detection.MitreAttackIds)}\t{status}");
            }

            ReportBlockers(failures, stderr);
            stderr.WriteLine($"detections: {library.Detections.Count} loaded, {compiled.Count} run here, {failures.Count} cannot; {library.Definitions.Macros.Count} macros, {library.Definitions.EventTypes.Count} event types, {library.Definitions.DataModels.Count} data models, {library.Stories.Count} stories; knowledge from {string.Join(", ", loaded.Knowledge.AddOnNames)}");
            return VigilApp.ExitOk;
        });
        return command;
    }

    /// <summary>
    /// What keeps detections from running, ranked by how many each blocks, with how many it alone blocks (those that
    /// would run once it is supported).
    /// </summary>
    private static void ReportBlockers(List<DetectionFailure> failures, TextWriter stderr)
    {
        if (failures.Count == 0)
        {
            return;
        }

        var blocks = failures.SelectMany(f => f.Causes).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var alone = failures.Where(f => f.Causes.Count == 1).GroupBy(f => f.Causes[0]).ToDictionary(g => g.Key, g => g.Count());
        stderr.WriteLine("blockers (detections each blocks, those it alone blocks, cause):");
        foreach (var (cause, count) in blocks.OrderByDescending(b => b.Value).ThenBy(b => b.Key, StringComparer.Ordinal))
        {
            stderr.WriteLine($"{count,6} {alone.GetValueOrDefault(cause),6}  {cause}");
        }
    }
}
