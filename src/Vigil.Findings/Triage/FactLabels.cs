namespace Vigil.Findings.Triage;

/// <summary>The labels of the facts the IIS module triage gives, in the order a group of them appears.</summary>
internal static class FactLabels
{
    /// <summary>Starts each group of facts about one refused module: the facts after it, up to the next, are about it.</summary>
    public const string ModuleDll = "Module DLL";

    public const string LoadError = "Load error";

    public const string WorkerArchitecture = "Worker process architecture";

    public const string ModulePath = "Module path";

    public static string RelatedEvent(string host) => "Related event on " + host;

    public static string RelatedNotShown(string host) => "Related events on " + host + " not shown";

    public static string RelatedNone(string host) => "Related events on " + host;
}
