using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution;

/// <summary>
/// The hunt's events read again from its inputs, for a search that knows which events it wants only once every event
/// has gone by: map's searches (their values come from rows made at the end) and a base search's subsearches over
/// events. Reading again costs a second pass, prefiltered by what the search needs, when the search has something to
/// look for; holding the events instead would cost memory in proportion to the input, and a limit.
/// </summary>
public interface IEventRereader
{
    /// <summary>
    /// Offers again, in the order first read, every event of the hunt with every field knowledge gives it. Only the
    /// literals <paramref name="prefilter"/> requires are used, to leave events unparsed; the receiver still matches
    /// what it is offered.
    /// </summary>
    void Reread(SearchExpression prefilter, Action<Row> offer);
}
