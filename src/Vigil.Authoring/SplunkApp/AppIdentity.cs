namespace Vigil.Authoring.SplunkApp;

/// <summary>The app's id (its folder's name), label and version, as app.conf states them.</summary>
public sealed record AppIdentity(string Id, string Label, string Version)
{
    public static AppIdentity ForDirectory(string directory, string version) =>
        new(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))), "ESCU detections built by Vigil", version);

    public ConfStanzaText[] AppConf() =>
    [
        new("install", [new("is_configured", "false"), new("state", "enabled"), new("state_change_requires_restart", "false"), new("build", "1")]),
        new("launcher", [new("author", "Vigil"), new("version", Version), new("description", "Splunk Security Content detections, macros, stories and lookups, built by vigil build.")]),
        new("ui", [new("is_visible", "true"), new("label", Label)]),
        new("package", [new("id", Id)]),
    ];

    /// <summary>Everything readable by all, writable by admin, and shared system-wide so ES sees the searches and macros.</summary>
    public static ConfStanzaText[] DefaultMeta() =>
    [
        new(string.Empty, [new("access", "read : [ * ], write : [ admin ]"), new("export", "system")]),
        new("savedsearches", [new("owner", "admin")]),
    ];
}
