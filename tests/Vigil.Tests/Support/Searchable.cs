using Vigil.Events.Model;
using Vigil.Hunt;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Tests.Support;

/// <summary>An event as a search sees it: the reader's fields, the index-time metadata, then the shipped knowledge.</summary>
public static class Searchable
{
    private static readonly Lazy<LoadedContent> Shipped = new(LoadedContent.Shipped);

    public static LoadedContent Content => Shipped.Value;

    public static Row Row(WinEvent winEvent) => Content.CreateFieldKnowledge().RowOf(winEvent, SearchContext.Utc());

    /// <summary>A field's text as a search sees it (multivalues joined with '|'), or null.</summary>
    public static string? Field(this Row row, string name) => row[name].IsNull ? null : row[name].ToString().Replace('\n', '|');
}
