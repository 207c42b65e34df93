using System.Text;

namespace Vigil.Evtx.Internal;

/// <summary>
/// How to build a record's search text from a compiled template (or a template-less fragment): the static part (every
/// element name, attribute name, and every run of constant text, each followed by its escaped form when escaping
/// changes it) is built once; the items name what each record adds: its substitution values, runs that mix constant
/// text and substitutions, and nested template instances.
/// </summary>
/// <remarks>
/// Soundness (the contract of <see cref="EvtxRecordFilter"/>): a string of characters from [A-Za-z0-9 _.:/\-] that
/// occurs in the rendered XML inside one element name, attribute name, attribute value or text node occurs in the
/// search text. Pieces are separated by '\n', which is not such a character, so no literal can span two pieces; and
/// every text node or attribute value of the XML is one piece or the concatenation of consecutive pieces that the plan
/// keeps together (a <see cref="SearchItemKind.Run"/>). Values are appended unescaped and, when escaping changes them,
/// escaped too; escaping only inserts '&amp;...;' sequences whose ends are not literal characters. The text may hold
/// more than the XML (names of elements left out for NULL values): the filter may keep too much, never too little.
/// </remarks>
internal sealed class SearchPlan
{
    private SearchPlan(string staticText, SearchItem[] items)
    {
        Static = staticText;
        Items = items;
    }

    public string Static { get; }

    public SearchItem[] Items { get; }

    public static SearchPlan Compile(BxNode[] roots)
    {
        var sb = new StringBuilder();
        var items = new List<SearchItem>();

        void AddStatic(string s)
        {
            if (s.Length == 0)
            {
                return;
            }

            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append(s);
        }

        void Run(BxNode[] parts)
        {
            if (parts.Length == 0)
            {
                return;
            }

            if (!Array.Exists(parts, p => p is SubstitutionNode))
            {
                var raw = new StringBuilder();
                var escaped = new StringBuilder();
                foreach (BxNode p in parts)
                {
                    switch (p)
                    {
                        case TextNode t:
                            raw.Append(t.Raw);
                            escaped.Append(t.Attribute);
                            break;
                        case MarkupNode m:
                            raw.Append(m.Markup);
                            escaped.Append(m.Markup);
                            break;
                    }
                }

                string r = raw.ToString(), e = escaped.ToString();
                AddStatic(r);
                if (!string.Equals(r, e, StringComparison.Ordinal))
                {
                    AddStatic(e);
                }

                return;
            }

            items.Add(parts.Length == 1
                ? new SearchItem(SearchItemKind.Substitution, ((SubstitutionNode)parts[0]).Index, [], 0)
                : new SearchItem(SearchItemKind.Run, 0, parts, 0));
        }

        void Nodes(BxNode[] nodes)
        {
            int i = 0;
            while (i < nodes.Length)
            {
                switch (nodes[i])
                {
                    case ElementNode e:
                        AddStatic(e.Name);
                        foreach (AttributeNode a in e.Attributes)
                        {
                            AddStatic(a.Name);
                            Run(a.Parts);
                        }

                        Nodes(e.Children);
                        i++;
                        break;
                    case TemplateInstanceNode ti:
                        items.Add(new SearchItem(SearchItemKind.Instance, 0, [], ti.Offset));
                        i++;
                        break;
                    default:
                        // A run: consecutive text, substitutions and markup render as one text node.
                        int j = i;
                        while (j < nodes.Length && nodes[j] is TextNode or SubstitutionNode or MarkupNode)
                        {
                            j++;
                        }

                        if (j == i)
                        {
                            i++;
                            break;
                        }

                        Run(nodes[i..j]);
                        i = j;
                        break;
                }
            }
        }

        Nodes(roots);
        return new SearchPlan(sb.ToString(), [.. items]);
    }
}

internal enum SearchItemKind
{
    /// <summary>A substitution that is a whole text node or attribute value.</summary>
    Substitution,

    /// <summary>Constant text, markup and substitutions that render as one text node or attribute value.</summary>
    Run,

    /// <summary>A template instance inside a template-less fragment.</summary>
    Instance,
}

internal sealed record SearchItem(SearchItemKind Kind, int Index, BxNode[] Parts, int Offset);
