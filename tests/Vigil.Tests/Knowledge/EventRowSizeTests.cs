using Vigil.Events.Model;
using Vigil.Events.Xml;
using Vigil.Knowledge.Events;

namespace Vigil.Tests.Knowledge;

/// <summary>
/// An event's row is made once for the fields knowledge will add, when the hunt has seen how many that is, so it is not
/// grown on the way; before that, for knowledge about doubling them.
/// </summary>
public sealed class EventRowSizeTests
{
    private const string Xml =
        "<Event><System><EventID>4624</EventID><Channel>Security</Channel><Computer>host</Computer>"
        + "<TimeCreated SystemTime='2024-01-01T00:00:00Z'/></System><EventData><Data Name='a'>1</Data><Data Name='b'>2</Data></EventData></Event>";

    [Fact]
    public void A_row_has_room_for_the_fields_knowledge_adds_and_holds_the_same_fields()
    {
        var winEvent = XmlEventParser.Parse(Xml, new LineOrigin("test", 1));
        var unknown = EventRows.FromEvent(winEvent);
        var sized = EventRows.FromEvent(winEvent, knowledgeAdds: 4);

        Assert.Equal((winEvent.Fields.Count * 2) + 16, unknown.Capacity);
        Assert.Equal(winEvent.Fields.Count + 5 + 4, sized.Capacity);
        Assert.True(sized.Count + 4 <= sized.Capacity);
        Assert.Equal(unknown.Fields.Select(f => (f.Key, f.Value.ToString())), sized.Fields.Select(f => (f.Key, f.Value.ToString())));

        // Never larger than before: knowledge that adds a great deal makes the row grow, as it did.
        Assert.Equal(unknown.Capacity, EventRows.FromEvent(winEvent, knowledgeAdds: 500).Capacity);
    }
}
