using Vigil.Spl.Macros;

namespace Vigil.Content.Loading;

/// <summary>Reads event types from a Splunk <c>eventtypes.conf</c>: <c>[name]</c> stanzas with a <c>search = ...</c> line.</summary>
internal static class EventTypesConf
{
    public static List<EventTypeDefinition> Parse(TextReader reader, string origin) =>
        ConfFile.Parse(reader, origin)
            .Where(stanza => stanza.Values.ContainsKey("search"))
            .Select(stanza => new EventTypeDefinition(stanza.Name, stanza.Values["search"].Value, $"{origin}:{stanza.Values["search"].Line}"))
            .ToList();
}
