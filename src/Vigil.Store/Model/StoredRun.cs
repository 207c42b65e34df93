namespace Vigil.Store;

/// <summary>One recorded hunt: when, by which Vigil, over what, and what it added to the store.</summary>
public sealed record StoredRun(
    long Id,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string VigilVersion,
    IReadOnlyList<RunInput> Inputs,
    int DetectionsRun,
    int DetectionsSkipped,
    int FilesRead,
    long EventsRead,
    long MalformedEvents,
    int FindingsNew,
    int FindingsSeen,
    int RiskEventsNew);

/// <summary>An input of a run: the path as the user gave it and the full path it named then.</summary>
public sealed record RunInput(string Given, string FullPath);
