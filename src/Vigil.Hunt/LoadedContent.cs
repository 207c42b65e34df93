using Vigil.Content;
using Vigil.Hunt.Deferral;
using Vigil.Knowledge;
using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;

namespace Vigil.Hunt;

/// <summary>
/// Everything a hunt runs with: the search-time knowledge (Vigil's add-ons, then the user's), and the detection
/// content (shipped, then the user's directories and macro files), sharing one set of definitions in that order, so a
/// content macro replaces a knowledge macro of the same name.
/// </summary>
public sealed class LoadedContent
{
    private LoadedContent(KnowledgeBase knowledge, ContentLibrary library)
    {
        Knowledge = knowledge;
        Library = library;
    }

    public KnowledgeBase Knowledge { get; }

    public ContentLibrary Library { get; }

    public SplDefinitions Definitions => Library.Definitions;

    /// <summary>
    /// Knowledge (Vigil's add-ons unless <paramref name="shippedKnowledge"/> is false, then the user's), then the
    /// shipped detection content; the user's content is added to <see cref="Library"/> after. The searches compiled
    /// with these definitions, and their lookup tables, have <paramref name="limits"/> (docs/limits.md).
    /// </summary>
    public static LoadedContent Load(IEnumerable<string> addOnDirectories, bool shippedKnowledge = true, SplLimits? limits = null)
    {
        var knowledge = shippedKnowledge ? KnowledgeBase.LoadShipped() : KnowledgeBase.Empty();
        foreach (var directory in addOnDirectories)
        {
            knowledge.AddAddOn(directory);
        }

        var definitions = new SplDefinitions { Limits = limits ?? SplLimits.Default };
        knowledge.Install(definitions);
        knowledge.CreateFieldKnowledge(definitions).Precompile();
        return new LoadedContent(knowledge, ContentLibrary.LoadShipped(definitions));
    }

    public static LoadedContent Shipped() => Load([]);

    /// <summary>The per-event knowledge for one hunt or export (its Apply may run on several threads at once).</summary>
    public FieldKnowledge CreateFieldKnowledge() => Knowledge.CreateFieldKnowledge(Definitions);

    /// <summary>
    /// The facts of searches compiled with these definitions and <paramref name="knowledge"/> (a hunt's), kept in the
    /// content cache's folder; null without a content cache, or when the definitions' fingerprint cannot be told.
    /// </summary>
    public SearchFactsCache? OpenSearchFacts(FieldKnowledge knowledge) =>
        Library.Cache is { } cache ? SearchFactsCache.Open(cache.Folder, Definitions, knowledge) : null;
}
