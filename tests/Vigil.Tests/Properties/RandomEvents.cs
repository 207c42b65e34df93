using CsCheck;
using Vigil.Tests.Support;

namespace Vigil.Tests.Properties;

/// <summary>
/// Random Windows events for the round-trip properties: provider, computer, EventID and Data names and values drawn
/// from pieces that are hard to carry through XML and JSON (markup characters, quotes, backslashes, entity look-alikes,
/// non-ASCII and astral characters, tabs and line feeds in values).
/// </summary>
internal static class RandomEvents
{
    /// <summary>Text pieces for values (element content, where XML keeps tabs and line feeds).</summary>
    private static readonly string[] ValuePieces =
        ["a", "Z", "0", " ", "<", ">", "&", "'", "\"", "\\", "&amp;", "]]>", "é", "Ü", "ß", "日本", "😀", "\t", "\n", "%", "{x}", "C:\\Windows", "=", ";"];

    /// <summary>Pieces for attribute values (Provider Name, Data Name): no tab or line feed, which XML normalizes to spaces there.</summary>
    private static readonly string[] AttributePieces =
        ["a", "Z", "0", " ", "<", ">", "&", "'", "\"", "\\", "é", "日本", "😀", "-", "_", "."];

    /// <summary>
    /// Data names start with a lower-case or non-ASCII letter, so none is one of the System fields the reader adds
    /// (Name, Computer, EventCode ...), and may be empty (an unnamed Data).
    /// </summary>
    private static readonly string[] NameStarts = ["a", "x", "é", "ß", "日"];

    /// <summary>
    /// Attribute pieces less '_': evtx_dump writes a repeated name x as x_1, x_2 ..., so a real name ending in _digits
    /// cannot be told from a repeat in its output (a limit of that format, docs/json-inputs.md).
    /// </summary>
    private static readonly string[] NamePieces = AttributePieces.Where(p => p != "_").ToArray();

    private static Gen<string> Text(string[] pieces, int max) =>
        Gen.OneOf(pieces).Array[0, max].Select(p => string.Concat(p));

    /// <summary>Text that is not empty after trimming: the readers drop an element whose text is only whitespace.</summary>
    private static Gen<string> Solid(string[] pieces, int max) =>
        Gen.Select(Gen.OneOf("x", "é", "<", "&", "日本", "😀", "0"), Text(pieces, max), (first, rest) => first + rest);

    private static readonly Gen<string> DataName =
        Gen.Frequency((1, Gen.Const(string.Empty)), (5, Gen.Select(Gen.OneOf(NameStarts), Text(NamePieces, 4), (s, rest) => s + rest)));

    private static readonly Gen<DateTime> Time =
        Gen.Long[new DateTime(2000, 1, 1).Ticks, new DateTime(2040, 1, 1).Ticks].Select(t => new DateTime(t, DateTimeKind.Utc));

    public static readonly Gen<TestEvent> Event =
        Gen.Select(
            Gen.Int[0, 65535],
            Solid(ValuePieces, 5),
            Time,
            Gen.Long[1, long.MaxValue / 2],
            Gen.OneOf("Application", "System", "Security", "Microsoft-Windows-Sysmon/Operational"),
            Solid(AttributePieces, 6),
            Gen.Select(DataName, Text(ValuePieces, 6)).Array[0, 6],
            Gen.Int[0, 65535].Nullable())
        .Select((code, computer, time, record, channel, provider, data, qualifiers) =>
            new TestEvent(code, computer, time, record, channel, provider, data.Select(d => (d.Item1, d.Item2)).ToList(), Qualifiers: qualifiers));
}
