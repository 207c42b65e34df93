using Vigil.Content.Loading;
using Vigil.Authoring.Sources;
using YamlDotNet.RepresentationModel;

namespace Vigil.Authoring.SplunkApp;

/// <summary>
/// When a detection runs and what it raises: its own <c>deployment:</c> where the YAML has one, else ESCU's default
/// deployment for its type (escu_default_configuration_*.yml): hourly over -70m@m to -10m@m; TTP and Correlation
/// also raise a notable. The risk action is written whenever the detection names risk objects.
/// </summary>
public sealed record Deployment(string CronSchedule, string EarliestTime, string LatestTime, string ScheduleWindow, bool Notable)
{
    public const string DefaultCron = "0 * * * *";
    public const string DefaultEarliest = "-70m@m";
    public const string DefaultLatest = "-10m@m";

    public static Deployment For(string? type, YamlMappingNode? yaml)
    {
        var notable = type is "TTP" or "Correlation";
        var scheduling = yaml?.Map("deployment")?.Map("scheduling");
        return new Deployment(
            scheduling?.Text("cron_schedule") ?? DefaultCron,
            scheduling?.Text("earliest_time") ?? DefaultEarliest,
            scheduling?.Text("latest_time") ?? DefaultLatest,
            scheduling?.Text("schedule_window") ?? "auto",
            notable);
    }
}
