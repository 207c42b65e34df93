namespace Vigil.Evtx.Internal;

/// <summary>A node of a parsed BinXML tree (a compiled template, or a raw fragment without template).</summary>
internal abstract class BxNode
{
}

/// <summary>An element. Markup strings are built once when the tree is compiled.</summary>
internal sealed class ElementNode(string name, AttributeNode[] attributes, BxNode[] children) : BxNode
{
    public string Name { get; } = name;

    /// <summary>"&lt;Name".</summary>
    public string OpenTag { get; } = "<" + name;

    /// <summary>"&lt;/Name&gt;".</summary>
    public string CloseTag { get; } = "</" + name + ">";

    public AttributeNode[] Attributes { get; } = attributes;

    public BxNode[] Children { get; } = children;

    /// <summary>Index in <see cref="Children"/> of the first substitution (an array value repeats the element), or -1.</summary>
    public int SubstitutionChild { get; } = Array.FindIndex(children, c => c is SubstitutionNode);

    /// <summary>
    /// True when an XML reader takes the element's name and its attributes' names as they are: no namespace prefix
    /// (save <c>xmlns:p</c> declarations) and no attribute twice. Other elements are decoded through their XML.
    /// </summary>
    public bool PlainNames { get; } = ArePlain(name, attributes);

    private static bool ArePlain(string name, AttributeNode[] attributes)
    {
        if (name.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        for (int i = 0; i < attributes.Length; i++)
        {
            string a = attributes[i].Name;
            if (a.Contains(':', StringComparison.Ordinal) && !(a.StartsWith("xmlns:", StringComparison.Ordinal) && a.IndexOf(':', 6) < 0 && a.Length > 6))
            {
                return false;
            }

            for (int j = 0; j < i; j++)
            {
                if (string.Equals(attributes[j].Name, a, StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }

        return true;
    }
}

/// <summary>An attribute; its value is a sequence of text, substitutions and references.</summary>
internal sealed class AttributeNode(string name, BxNode[] parts) : BxNode
{
    /// <summary>" Name=\"".</summary>
    public string Prefix { get; } = " " + name + "=\"";

    public string Name { get; } = name;

    public BxNode[] Parts { get; } = parts;

    /// <summary>The substitution when the value is exactly one substitution (a NULL value then drops the attribute).</summary>
    public SubstitutionNode? Sole { get; } = parts.Length == 1 ? parts[0] as SubstitutionNode : null;

    /// <summary>
    /// The value when it is one constant text that an XML reader reads back as it is (most names: a Data element's
    /// Name), handed to a decoder as the string it is; otherwise null. It is the runtime's interned string when there
    /// is one (field names searches read are: see <see cref="ChunkContext.GetName"/>).
    /// </summary>
    public string? Constant { get; } =
        parts is [TextNode t] && !t.Raw.AsSpan().ContainsAny(XmlEscape.HighRange) ? string.IsInterned(t.Raw) ?? t.Raw : null;
}

/// <summary>Constant text, escaped once for element content and once for attribute values.</summary>
internal sealed class TextNode(string raw, string content, string attribute) : BxNode
{
    /// <summary>The text unescaped (for the search text).</summary>
    public string Raw { get; } = raw;

    public string Content { get; } = content;

    public string Attribute { get; } = attribute;
}

/// <summary>A normal (0x0D) or optional (0x0E) substitution.</summary>
internal sealed class SubstitutionNode(int index, byte type, bool optional) : BxNode
{
    public int Index { get; } = index;

    public byte DeclaredType { get; } = type;

    public bool Optional { get; } = optional;
}

/// <summary>Pre-rendered markup: CDATA section, character or entity reference, processing instruction.</summary>
internal sealed class MarkupNode(string markup) : BxNode
{
    public string Markup { get; } = markup;
}

/// <summary>A template instance inside a raw fragment (rendered from the chunk bytes at <see cref="Offset"/>).</summary>
internal sealed class TemplateInstanceNode(int offset) : BxNode
{
    public int Offset { get; } = offset;
}

/// <summary>A template definition compiled once per chunk.</summary>
internal sealed class CompiledTemplate(int offset, Guid guid, int dataSize, BxNode[] roots)
{
    public int Offset { get; } = offset;

    public Guid Guid { get; } = guid;

    public int DataSize { get; } = dataSize;

    public BxNode[] Roots { get; } = roots;

    /// <summary>Damage salvaged while compiling (damaged names, a cut-off tree); reported for every record that uses it.</summary>
    public IReadOnlyList<SalvageEntry> Damage { get; init; } = [];

    /// <summary>The search-text plan, compiled on first use (templates are per chunk and per worker: no locking).</summary>
    public SearchPlan? Search { get; set; }
}

/// <summary>Damage found while decoding; caught at record level and reported as a warning.</summary>
internal sealed class EvtxFormatException : Exception
{
    public EvtxFormatException()
    {
    }

    public EvtxFormatException(string message)
        : base(message)
    {
    }

    public EvtxFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
