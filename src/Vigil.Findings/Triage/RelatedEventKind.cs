using Vigil.Spl.Values;

namespace Vigil.Findings.Triage;

/// <summary>
/// One kind of event a responder wants beside a 2282: where it is logged, by whom, what it says in one line, which of
/// its fields name the module, pool or setting, and whether its &lt;Binary&gt; holds an error code.
/// </summary>
internal sealed record RelatedEventKind(
    string Channel,
    string? Provider,
    int EventCode,
    string Tag,
    string Description,
    IReadOnlyList<string> KeyFields,
    bool CarriesError)
{
    public const string IisWorkerProvider = "Microsoft-Windows-IIS-W3SVC-WP";
    public const string WasProvider = "Microsoft-Windows-WAS";
    public const string IisConfigurationChannel = "Microsoft-IIS-Configuration/Operational";

    public const string IisConfigurationProvider = "Microsoft-Windows-IIS-Configuration";

    // Unnamed <Data> values (field "Data") stand in where Vigil knows no field name for an event's insertion strings.
    private static readonly string[] ModuleFields = ["ModuleDll", "Data"];

    /// <summary>
    /// The kinds, with the messages Microsoft's IIS event tables and the providers' manifests give (docs/triage.md).
    /// </summary>
    public static IReadOnlyList<RelatedEventKind> All { get; } =
    [
        new("Application", IisWorkerProvider, 2280, "IIS-W3SVC-WP", "a module DLL failed to load", ModuleFields, CarriesError: true),
        new("Application", IisWorkerProvider, 2293, "IIS-W3SVC-WP", "a module returned an error from its registration", ModuleFields, CarriesError: true),
        new("Application", IisWorkerProvider, 2295, "IIS-W3SVC-WP", "a module DLL has no RegisterModule entry point", ModuleFields, CarriesError: true),
        new("Application", IisWorkerProvider, 2296, "IIS-W3SVC-WP", "a module has an invalid precondition", ModuleFields, CarriesError: false),
        new("System", WasProvider, 5002, "WAS", "an application pool was disabled after a series of failures in its worker processes (rapid-fail protection)",
            ["AppPoolID"], CarriesError: false),
        new("System", WasProvider, 5009, "WAS", "a worker process serving an application pool terminated unexpectedly", ["AppPoolID"], CarriesError: false),
        new(IisConfigurationChannel, IisConfigurationProvider, 29, "IIS-Configuration", "an IIS configuration change was committed",
            ["Configuration", "ConfigPath", "NewValue"], CarriesError: false),
    ];

    /// <summary>The kind of a related event row, or null when the row is none of them.</summary>
    public static RelatedEventKind? Of(Row row)
    {
        var channel = EventRow.Channel(row);
        var provider = EventRow.Text(row, "Name");
        var code = EventRow.Text(row, "EventCode");
        return All.FirstOrDefault(k =>
            string.Equals(k.Channel, channel, StringComparison.OrdinalIgnoreCase)
            && (k.Provider is null || string.Equals(k.Provider, provider, StringComparison.OrdinalIgnoreCase))
            && string.Equals(k.EventCode.ToString(System.Globalization.CultureInfo.InvariantCulture), code, StringComparison.Ordinal));
    }
}
