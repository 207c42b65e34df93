using Vigil.Spl.Commands;
using Vigil.Spl.Definitions;
using Vigil.Spl.Macros;

namespace Vigil.Spl.Syntax;

/// <summary>
/// What a search may refer to while it is parsed: the definitions (event types, tags, data models, lookups) and how
/// deep event types are nested, so that a type referring to itself is an error, not a loop.
/// </summary>
internal sealed class SearchScope
{
    private const int MaxEventTypeDepth = 8;
    private int _eventTypeDepth;

    public SearchScope(SplDefinitions definitions) => Definitions = definitions;

    public SplDefinitions Definitions { get; }

    /// <summary><c>eventtype=name</c> (wildcards allowed) becomes the OR of the named event types' searches.</summary>
    public SearchExpression ResolveEventType(string pattern, int position, int length)
    {
        var wildcard = new FieldPattern(pattern);
        var matches = Definitions.EventTypes.Values.Where(t => wildcard.IsMatch(t.Name)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        if (matches.Count == 0)
        {
            throw new SplSyntaxException(position, length, $"unknown event type '{pattern}'", SplDiagnosticId.UnknownEventType, pattern);
        }

        return new OrExpression(matches.Select(type => EventTypeSearch(type, position, length)).ToList()).Simplify();
    }

    /// <summary>
    /// <c>tag=name</c> or <c>tag::field=name</c>: Splunk rewrites it into the field values and event types that carry
    /// the tag (tags.conf), so it is compiled the same way. A tag nothing carries matches nothing.
    /// </summary>
    public SearchExpression ResolveTag(string? field, string pattern, int position, int length)
    {
        var wildcard = new Values.Wildcard(pattern);
        var alternatives = new List<SearchExpression>();
        foreach (var assignment in Definitions.Tags.Assignments)
        {
            if (field is not null && !string.Equals(assignment.Field, field, StringComparison.Ordinal))
            {
                continue;
            }

            if (!assignment.Tags.Any(t => wildcard.IsMatch(t)))
            {
                continue;
            }

            if (assignment.Field == "eventtype")
            {
                if (Definitions.EventTypes.TryGetValue(assignment.Value, out var type))
                {
                    alternatives.Add(EventTypeSearch(type, position, length));
                }
            }
            else
            {
                alternatives.Add(new FieldComparison(assignment.Field, SearchOperator.Equal, assignment.Value));
            }
        }

        return alternatives.Count == 0 ? MatchNoneExpression.Instance : new OrExpression(alternatives).Simplify();
    }

    private SearchExpression EventTypeSearch(EventTypeDefinition type, int position, int length)
    {
        if (_eventTypeDepth >= MaxEventTypeDepth)
        {
            throw new SplSyntaxException(position, length, $"event type '{type.Name}' refers to itself");
        }

        _eventTypeDepth++;
        try
        {
            var text = MacroExpander.Expand(type.Search, Definitions);
            return SearchConditionParser.Parse(text, this);
        }
        catch (SplCompileException e)
        {
            throw new SplSyntaxException(position, length, $"in event type '{type.Name}': {string.Join("; ", e.Diagnostics.Select(d => d.Message))}");
        }
        finally
        {
            _eventTypeDepth--;
        }
    }
}
