using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Evtx.Internal;

/// <summary>
/// Turns BinXML tokens into a <see cref="BxNode"/> tree. Used to compile template definitions (once per chunk) and,
/// rarely, for fragments that carry elements without a template. All positions are chunk-relative.
/// </summary>
internal static class BinXmlParser
{
    public const int MaxDepth = 96;

    [ThreadStatic]
    private static StringBuilder? t_scratch;

    public static CompiledTemplate CompileTemplate(ChunkContext ctx, int defOffset)
    {
        // u32 next template offset, 16-byte GUID, u32 data size, data (fragment header, element, EOF).
        ctx.Need(defOffset, 24, ctx.Length);
        var guid = new Guid(ctx.Data.AsSpan(defOffset + 4, 16));
        uint size = ctx.U32(defOffset + 20);
        int start = defOffset + 24;
        ctx.Need(start, size, ctx.Length);
        int end = start + (int)size;
        int pos = start;
        int mark = ctx.Salvage.Count;
        BxNode[] roots = ParseFragment(ctx, ref pos, end, inSubstitution: false);
        // The damage found while compiling belongs to the template: every record that uses it is reported.
        return new CompiledTemplate(defOffset, guid, (int)size, roots) { Damage = ctx.Salvage.TakeSince(mark) };
    }

    /// <summary>
    /// Parses a top-level fragment, salvaging damage: where the tokens stop making sense, the nodes parsed so far are
    /// kept (open elements are closed) and a <see cref="DamageMarker"/> stands for the rest.
    /// </summary>
    public static BxNode[] ParseFragment(ChunkContext ctx, ref int pos, int end, bool inSubstitution)
    {
        ctx.ParseCut = false;
        return ParseContent(ctx, ref pos, end, inSubstitution, depth: 0, topLevel: true);
    }

    /// <summary>The visible marker for a damaged part: an empty element naming where and why.</summary>
    public static string DamageMarker(int offset, string reason, ReadOnlySpan<byte> bytes = default)
    {
        var sb = new StringBuilder("<Damaged Offset=\"");
        sb.Append(CultureInfo.InvariantCulture, $"0x{offset:x}\" Reason=\"");
        XmlEscape.Append(sb, reason, attribute: true);
        sb.Append('"');
        if (bytes.IsEmpty)
        {
            return sb.Append("/>").ToString();
        }

        return sb.Append('>').Append(Convert.ToHexString(bytes)).Append("</Damaged>").ToString();
    }

    /// <summary>
    /// Parses content tokens. At top level: until EOF (0x00) or <paramref name="end"/>, skipping fragment headers. Inside an
    /// element: until the end-element token (consumed).
    /// </summary>
    private static BxNode[] ParseContent(ChunkContext ctx, ref int pos, int end, bool inSubstitution, int depth, bool topLevel)
    {
        if (depth > MaxDepth)
        {
            throw new EvtxFormatException("BinXML nested too deeply");
        }

        var nodes = new List<BxNode>();
        byte[] b = ctx.Data;
        while (true)
        {
            if (pos >= end)
            {
                if (topLevel || ctx.ParseCut)
                {
                    break;
                }

                throw new EvtxFormatException(string.Create(CultureInfo.InvariantCulture, $"element not closed before offset 0x{end:x}"));
            }

            int at = pos;
            try
            {
                byte token = b[pos];
                switch (token & 0xBF)
                {
                    case 0x00:
                        // EOF. Inside an element this means a truncated element; leave it for the caller.
                        if (topLevel)
                        {
                            pos++;
                        }

                        return [.. nodes];
                    case 0x01:
                        nodes.Add(ParseElement(ctx, ref pos, end, inSubstitution, depth + 1));
                        break;
                    case 0x04 when !topLevel:
                        pos++;
                        return [.. nodes];
                    case 0x05:
                        nodes.Add(ParseText(ctx, ref pos, end));
                        break;
                    case 0x07:
                    {
                        ctx.Need(pos, 3, end);
                        int count = ctx.U16(pos + 1);
                        ctx.Need(pos + 3, 2L * count, end);
                        ReadOnlySpan<char> s = MemoryMarshal.Cast<byte, char>(b.AsSpan(pos + 3, 2 * count));
                        nodes.Add(new MarkupNode("<![CDATA[" + s.ToString().Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal) + "]]>"));
                        pos += 3 + (2 * count);
                        break;
                    }

                    case 0x08:
                        nodes.Add(ReadCharacterReference(ctx, ref pos, end));
                        break;
                    case 0x09:
                        nodes.Add(ReadEntityReference(ctx, ref pos, end));
                        break;

                    case 0x0A:
                    {
                        ctx.Need(pos, 5, end);
                        int p = pos + 1;
                        uint nameOffset = ctx.U32(p);
                        p += 4;
                        string target = ReadName(ctx, nameOffset, ref p, end);
                        string data = string.Empty;
                        if (p < end && b[p] == 0x0B)
                        {
                            ctx.Need(p, 3, end);
                            int count = ctx.U16(p + 1);
                            ctx.Need(p + 3, 2L * count, end);
                            data = new string(MemoryMarshal.Cast<byte, char>(b.AsSpan(p + 3, 2 * count)));
                            p += 3 + (2 * count);
                        }

                        nodes.Add(new MarkupNode("<?" + target + (data.Length > 0 ? " " + data : string.Empty) + "?>"));
                        pos = p;
                        break;
                    }

                    case 0x0C:
                        nodes.Add(new TemplateInstanceNode(pos));
                        pos = SkipTemplateInstance(ctx, pos, end);
                        break;
                    case 0x0D:
                    case 0x0E:
                        ctx.Need(pos, 4, end);
                        nodes.Add(new SubstitutionNode(ctx.U16(pos + 1), b[pos + 3], optional: token == 0x0E));
                        pos += 4;
                        break;
                    case 0x0F when topLevel:
                        ctx.Need(pos, 4, end);
                        pos += 4;
                        break;
                    default:
                        throw new EvtxFormatException(string.Create(CultureInfo.InvariantCulture, $"unexpected BinXML token 0x{token:x2} at chunk offset 0x{pos:x}"));
                }
            }
            catch (Exception ex) when (!ctx.ParseCut && ChunkWorker.IsDamage(ex))
            {
                // Keep what was parsed; the enclosing levels see ParseCut and close their elements without reading on.
                string reason = BinXmlRenderer.Describe(ex);
                if (topLevel && nodes.Exists(n => n is ElementNode))
                {
                    // Damage after a complete root element: a marker there would make a second root; report only.
                    ctx.Salvage.Add(at, string.Create(CultureInfo.InvariantCulture, $"BinXML damaged after the root element at chunk offset 0x{at:x} ({reason}); ignored"));
                }
                else
                {
                    ctx.Salvage.Add(at, string.Create(CultureInfo.InvariantCulture, $"BinXML damaged at chunk offset 0x{at:x} ({reason}); the rest of the fragment is replaced by a marker"));
                    nodes.Add(new MarkupNode(DamageMarker(at, reason)));
                }

                ctx.ParseCut = true;
                pos = end;
            }
        }

        return [.. nodes];
    }

    private static ElementNode ParseElement(ChunkContext ctx, ref int pos, int end, bool inSubstitution, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new EvtxFormatException("BinXML nested too deeply");
        }

        byte[] b = ctx.Data;
        bool hasAttributes = (b[pos] & 0x40) != 0;
        int p = pos + 1;
        if (HasDependencyId(ctx, p, end, inSubstitution))
        {
            p += 2;
        }

        ctx.Need(p, 8, end);
        p += 4; // data size
        uint nameOffset = ctx.U32(p);
        p += 4;
        string name = ReadName(ctx, nameOffset, ref p, end);

        AttributeNode[] attributes = [];
        if (hasAttributes)
        {
            ctx.Need(p, 4, end);
            p += 4; // attribute list size
            var list = new List<AttributeNode>();
            while (p < end && (b[p] & 0xBF) == 0x06)
            {
                ctx.Need(p, 5, end);
                uint attrNameOffset = ctx.U32(p + 1);
                p += 5;
                string attrName = ReadName(ctx, attrNameOffset, ref p, end);
                BxNode[] parts = ParseAttributeValue(ctx, ref p, end);
                list.Add(new AttributeNode(attrName, parts));
            }

            attributes = [.. list];
        }

        ctx.Need(p, 1, end);
        BxNode[] children;
        switch (b[p])
        {
            case 0x03:
                p++;
                children = [];
                break;
            case 0x02:
                p++;
                children = ParseContent(ctx, ref p, end, inSubstitution, depth + 1, topLevel: false);
                break;
            default:
                throw new EvtxFormatException(string.Create(CultureInfo.InvariantCulture, $"element <{name}> has no close-start token at chunk offset 0x{p:x} (found 0x{b[p]:x2})"));
        }

        pos = p;
        return new ElementNode(name, attributes, children);
    }

    private static BxNode[] ParseAttributeValue(ChunkContext ctx, ref int pos, int end)
    {
        var parts = new List<BxNode>(1);
        byte[] b = ctx.Data;
        while (pos < end)
        {
            byte token = b[pos];
            switch (token & 0xBF)
            {
                case 0x05:
                    parts.Add(ParseText(ctx, ref pos, end));
                    break;
                case 0x0D:
                case 0x0E:
                    ctx.Need(pos, 4, end);
                    parts.Add(new SubstitutionNode(ctx.U16(pos + 1), b[pos + 3], optional: token == 0x0E));
                    pos += 4;
                    break;
                case 0x08:
                    parts.Add(ReadCharacterReference(ctx, ref pos, end));
                    break;
                case 0x09:
                    parts.Add(ReadEntityReference(ctx, ref pos, end));
                    break;

                default:
                    return [.. parts];
            }
        }

        return [.. parts];
    }

    private static TextNode ParseText(ChunkContext ctx, ref int pos, int end)
    {
        // token, u8 value type (0x01 = UTF-16 string), u16 character count, characters.
        ctx.Need(pos, 4, end);
        byte type = ctx.U8(pos + 1);
        if (type != ValueType.String)
        {
            throw new EvtxFormatException(string.Create(CultureInfo.InvariantCulture, $"value text of type 0x{type:x2} at chunk offset 0x{pos:x} is not supported"));
        }

        int count = ctx.U16(pos + 2);
        ctx.Need(pos + 4, 2L * count, end);
        ReadOnlySpan<char> s = MemoryMarshal.Cast<byte, char>(ctx.Data.AsSpan(pos + 4, 2 * count));
        pos += 4 + (2 * count);
        StringBuilder sb = t_scratch ??= new StringBuilder();
        sb.Clear();
        XmlEscape.Append(sb, s, attribute: false);
        string content = sb.ToString();
        sb.Clear();
        XmlEscape.Append(sb, s, attribute: true);
        return new TextNode(s.ToString(), content, sb.ToString());
    }

    /// <summary>A character reference token (0x08): <c>&amp;#N;</c>.</summary>
    private static MarkupNode ReadCharacterReference(ChunkContext ctx, ref int pos, int end)
    {
        ctx.Need(pos, 3, end);
        var node = new MarkupNode(string.Create(CultureInfo.InvariantCulture, $"&#{ctx.U16(pos + 1)};"));
        pos += 3;
        return node;
    }

    /// <summary>An entity reference token (0x09): <c>&amp;name;</c>, the name read from the chunk's string table.</summary>
    private static MarkupNode ReadEntityReference(ChunkContext ctx, ref int pos, int end)
    {
        ctx.Need(pos, 5, end);
        int p = pos + 1;
        uint nameOffset = ctx.U32(p);
        p += 4;
        string name = ReadName(ctx, nameOffset, ref p, end);
        pos = p;
        return new MarkupNode("&" + name + ";");
    }

    /// <summary>
    /// Reads an element/attribute name reference. When the offset equals the current position, the name structure is
    /// stored inline and is skipped.
    /// </summary>
    public static string ReadName(ChunkContext ctx, uint nameOffset, ref int pos, int end)
    {
        if (nameOffset == pos)
        {
            ctx.Need(pos, 8, end);
            int count = ctx.U16(pos + 6);
            ctx.Need(pos, 10 + (2L * count), end);
            string inline = ctx.GetName(nameOffset);
            pos += 10 + (2 * count);
            return inline;
        }

        return ctx.GetName(nameOffset);
    }

    /// <summary>
    /// The u16 dependency id after an open-start-element token is absent in raw elements inside a BinXML substitution
    /// value. Decide by checking which layout puts a plausible name offset (inline here, or earlier in the chunk).
    /// </summary>
    private static bool HasDependencyId(ChunkContext ctx, int p, int end, bool inSubstitution)
    {
        bool with = PlausibleName(ctx, p + 6, end);
        bool without = PlausibleName(ctx, p + 4, end);
        return inSubstitution ? !without && with : with || !without;
    }

    private static bool PlausibleName(ChunkContext ctx, int field, int end)
    {
        if (field + 4 > end)
        {
            return false;
        }

        // Inline (the name follows the field) or a back-reference into the record area of the chunk.
        uint v = ctx.U32(field);
        return v == (uint)(field + 4) || (v >= ChunkHeader.HeaderSize && v < (uint)field);
    }

    /// <summary>Returns the position after a template instance (header, optional inline definition, descriptors, values).</summary>
    public static int SkipTemplateInstance(ChunkContext ctx, int pos, int end)
    {
        ctx.Need(pos, 10, end);
        uint defOffset = ctx.U32(pos + 6);
        int p = pos + 10;
        if (defOffset == p)
        {
            ctx.Need(p, 24, end);
            uint size = ctx.U32(p + 20);
            ctx.Need(p + 24, size, end);
            p += 24 + (int)size;
        }

        ctx.Need(p, 4, end);
        uint count = ctx.U32(p);
        p += 4;
        ctx.Need(p, 4L * count, end);
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            total += ctx.U16(p + (4 * i));
        }

        p += 4 * (int)count;
        ctx.Need(p, total, end);
        return p + (int)total;
    }
}
