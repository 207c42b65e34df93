using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Vigil.Content.Loading;

/// <summary>
/// YAML text to nodes, for every reader of content (the loader, the authoring checks): malformed text is always a
/// <see cref="YamlException"/> with a position, and nesting is bounded, because YamlDotNet builds nodes recursively
/// and text nested deeply enough (found by fuzzing: 21,000 <c>[</c>) overflows the stack, which no handler can catch.
/// </summary>
public static class YamlText
{
    /// <summary>Collections nested deeper than this are refused (ESCU's files nest fewer than 10).</summary>
    public const int MaxDepth = 64;

    public static YamlStream Load(string text)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new DepthLimitedParser(new Parser(new StringReader(text))));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these, not a YamlException, on some malformed text (found by fuzzing: a plain scalar
            // after a line opening a flow mapping; a key with no name followed by a deeper mapping).
            throw new YamlException(e.Message, e);
        }

        return yaml;
    }

    /// <summary>
    /// The parser's events, counted as the node builder pulls them: a collection opened past the limit is an error
    /// before the builder recurses into it (the parser itself keeps its state on the heap).
    /// </summary>
    private sealed class DepthLimitedParser(IParser inner) : IParser
    {
        private int _depth;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                return false;
            }

            switch (inner.Current)
            {
                case MappingStart or SequenceStart when ++_depth > MaxDepth:
                    throw new YamlException(inner.Current.Start, inner.Current.End, $"collections nested deeper than {MaxDepth} levels");
                case MappingEnd or SequenceEnd:
                    _depth--;
                    break;
            }

            return true;
        }
    }
}
