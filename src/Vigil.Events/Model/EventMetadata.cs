namespace Vigil.Events.Model;

/// <summary>
/// What Splunk sets on an event at index time, which search-time knowledge is chosen by: its sourcetype, source and
/// host. Each reader gives the metadata Splunk gives its form; an input's declared sourcetype replaces the sourcetype.
/// </summary>
public sealed record EventMetadata(string Sourcetype, string Source, string? Host)
{
    /// <summary>Splunk_TA_windows' sourcetype for events rendered as XML.</summary>
    public const string XmlWinEventLogSourcetype = "XmlWinEventLog";

    /// <summary>Splunk_TA_windows' sourcetype for events in the classic text form (renderXml = false).</summary>
    public const string WinEventLogSourcetype = "WinEventLog";

    /// <summary>
    /// An XML event: source <c>XmlWinEventLog:&lt;Channel&gt;</c> (the add-on's index-time fix-up), host the event's
    /// computer (Splunk's host is the forwarder's setting; Vigil reads files, so the event names its host).
    /// </summary>
    public static EventMetadata XmlWinEventLog(string? channel, string? computer) =>
        new(XmlWinEventLogSourcetype, channel is { Length: > 0 } ? XmlWinEventLogSourcetype + ":" + channel : XmlWinEventLogSourcetype, NonEmpty(computer));

    /// <summary>
    /// A classic-form event: source <c>WinEventLog:&lt;LogName&gt;</c> as the add-on's <c>ta-windows-fix-classic-source</c>
    /// sets it, sourcetype <c>WinEventLog</c> as its <c>ta-windows-fix-sourcetype</c> leaves it, host the ComputerName.
    /// </summary>
    public static EventMetadata WinEventLog(string logName, string? computerName) =>
        new(WinEventLogSourcetype, WinEventLogSourcetype + ":" + logName, NonEmpty(computerName));

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
