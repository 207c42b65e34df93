using Vigil.Content.Model;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Hunt;

namespace Vigil.Testing.Replay;

/// <summary>
/// What a replay of one attack data file gives its events, as contentctl's replay into Splunk does: the test's
/// source and sourcetype, and with <c>update_timestamp: true</c> every event moved by the same amount so the newest
/// is now.
/// </summary>
public static class ReplayMetadata
{
    /// <summary>
    /// ESCU's tests write the Windows sourcetype in lower case (<c>xmlwineventlog</c>) and pass in Splunk, where the
    /// Windows add-on's <c>[XmlWinEventLog]</c> knowledge applies to their events; Vigil's knowledge names it as the
    /// add-on does, so the replay uses that spelling.
    /// </summary>
    public static string? Sourcetype(string? sourcetype) =>
        string.Equals(sourcetype, Knowledge.Events.EventRows.Sourcetype, StringComparison.OrdinalIgnoreCase) ? Knowledge.Events.EventRows.Sourcetype : sourcetype;

    public static InputReplay For(AttackData data, string path, DateTimeOffset now, InputOptions? options = null) =>
        new(data.Source, Sourcetype(data.Sourcetype), data.UpdateTimestamp ? ShiftToNow(new InputSpec(path, Sourcetype(data.Sourcetype)).ToString(), now, options) : TimeSpan.Zero);

    /// <summary>The shift that moves the input's newest event to <paramref name="now"/>; zero when no event has a time.</summary>
    /// <param name="path">The input, <c>PATH</c> or <c>PATH::SOURCETYPE</c>.</param>
    /// <param name="now">When the newest event is to be.</param>
    /// <param name="options">How the input is read (its limits); the defaults when null.</param>
    public static TimeSpan ShiftToNow(string path, DateTimeOffset now, InputOptions? options = null) =>
        NewestEventTime(path, options) is { } newest ? TimeSpan.FromTicks(EventTime.FromDateTime(now.UtcDateTime).UnixTicks - newest.UnixTicks) : TimeSpan.Zero;

    /// <summary>The newest event time in a file (one read of it; problems are the test run's to report, on its own read).</summary>
    public static EventTime? NewestEventTime(string path, InputOptions? options = null)
    {
        EventTime? newest = null;
        var reader = new InputReader([path], options ?? InputOptions.Default, _ => { });
        foreach (var winEvent in reader.Read(rawFilter: null))
        {
            if (winEvent.Time is { } time && (newest is null || time > newest.Value))
            {
                newest = time;
            }
        }

        return newest;
    }
}
