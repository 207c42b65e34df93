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
        CheckDepth(text);
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these, not a YamlException, on some malformed text (found by fuzzing: a plain scalar
            // after a line opening a flow mapping; a key with no name followed by a deeper mapping).
            throw new YamlException(e.Message, e);
        }

        return yaml;
    }

    /// <summary>The parser's events (it keeps its state on the heap, not the stack) counted before any node is built.</summary>
    private static void CheckDepth(string text)
    {
        // Nesting needs a bracket or an indented line per level: text with fewer cannot be too deep.
        var openers = 0;
        foreach (var c in text)
        {
            if (c is '[' or '{' or '\n')
            {
                openers++;
            }
        }

        if (openers <= MaxDepth)
        {
            return;
        }

        var parser = new Parser(new StringReader(text));
        var depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        if (++depth > MaxDepth)
                        {
                            throw new YamlException(parser.Current.Start, parser.Current.End, $"collections nested deeper than {MaxDepth} levels");
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new YamlException(e.Message, e);
        }
    }
}
