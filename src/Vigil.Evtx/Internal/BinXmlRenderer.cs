using System.Globalization;
using System.Text;

namespace Vigil.Evtx.Internal;

/// <summary>
/// Walks a record's BinXML: to XML text, to the nodes of a caller's decoder (<see cref="RenderTarget"/>), or to its
/// search text. Template instances are walked through the chunk's compiled template with the record's substitution
/// values, which are formatted straight from the chunk bytes. One instance per worker.
/// </summary>
internal sealed class BinXmlRenderer
{
    private readonly struct ValueRef(int offset, int size, byte type)
    {
        public int Offset { get; } = offset;
        public int Size { get; } = size;
        public byte Type { get; } = type;
    }

    private readonly ChunkContext _ctx;

    // A record of a real log walks one fragment and instantiates one template, plus one of each per nested BinXML value
    // (a classic event's data): far fewer than either limit. Damage can make a template instantiate itself several times
    // over, which the nesting limit alone lets grow as (instances per template)^depth; hence the count of all entered.
    private readonly int _maxNesting;
    private readonly int _maxEntered;
    private readonly XmlTextTarget _xml = new();
    private readonly NodeTarget _nodes = new();
    private readonly TeeTarget _tee;
    private RenderTarget _out;
    private readonly StringBuilder _search = new(4096);
    private char[] _searchChars = new char[4096];
    private readonly Stack<List<(int Offset, int Length)>> _itemLists = new();
    private ValueRef[] _values = new ValueRef[256];
    private int _top;

    // Current substitution frame.
    private int _base;
    private int _count;
    private int _nesting;
    private int _entered;

    // Array item override: while an element is repeated for an array value, substitution _arrIndex in frame _arrBase
    // renders the current item only.
    private int _arrBase = -1;
    private int _arrIndex = -1;
    private int _arrOffset;
    private int _arrLength;
    private byte _arrType;

    public BinXmlRenderer(ChunkContext ctx, EvtxLimits limits)
    {
        _ctx = ctx;
        _maxNesting = limits.NestingDepth;
        _maxEntered = limits.FragmentsPerRecord;
        _out = _xml;
        _tee = new TeeTarget(_xml, _nodes);
    }

    public ChunkContext Context => _ctx;

    /// <summary>Renders the BinXML in [start, end) of the chunk (a record's event data).</summary>
    public string Render(int start, int end)
    {
        _xml.Clear();
        _out = _xml;
        Reset();
        RenderFragment(start, end);
        return _xml.ToString();
    }

    /// <summary>
    /// Gives the BinXML in [start, end) of the chunk to <paramref name="decoder"/> as XML nodes; false when the record
    /// cannot be given so (damage, or what the nodes do not carry: see <see cref="NodeTarget"/>) and must be decoded
    /// from its rendered XML. Damage is left in the salvage log, as rendering leaves it.
    /// </summary>
    /// <param name="xml">With <paramref name="renderXml"/>, the record's XML from the same walk when it returns true.</param>
    public bool Decode(int start, int end, EvtxRecordDecoder decoder, bool renderXml, out string xml)
    {
        xml = string.Empty;
        _nodes.Start(decoder);
        _xml.Clear();
        _out = renderXml ? _tee : _nodes;
        Reset();
        try
        {
            RenderFragment(start, end);
        }
        catch (Exception ex) when (ChunkWorker.IsDamage(ex))
        {
            return false;
        }

        if (!_nodes.Finish() || _ctx.Salvage.Count > 0)
        {
            return false;
        }

        xml = renderXml ? _xml.ToString() : string.Empty;
        return true;
    }

    private void Reset()
    {
        _ctx.Salvage.Clear();
        _top = 0;
        _base = 0;
        _count = 0;
        _nesting = 0;
        _entered = 0;
        _arrBase = -1;
        _arrIndex = -1;
    }

    private void RenderFragment(int pos, int end) => WalkFragment(pos, end, search: false);

    private void SearchFragment(int pos, int end) => WalkFragment(pos, end, search: true);

    /// <summary>Walks a fragment's tokens, rendering its XML or collecting its search text.</summary>
    private void WalkFragment(int pos, int end, bool search)
    {
        Enter("nested BinXML");

        byte[] b = _ctx.Data;
        while (pos < end)
        {
            byte token = b[pos];
            if (token == 0x00)
            {
                break;
            }

            if (token == 0x0F)
            {
                _ctx.Need(pos, 4, end);
                pos += 4;
            }
            else if (token == 0x0C)
            {
                pos = search ? SearchTemplateInstance(pos, end) : RenderTemplateInstance(pos, end);
            }
            else
            {
                // Elements without a template (rare): parse a tree and use it with an empty substitution frame.
                int savedBase = _base, savedCount = _count;
                _count = 0;
                BxNode[] nodes = BinXmlParser.ParseFragment(_ctx, ref pos, end, inSubstitution: _nesting > 1);
                if (search)
                {
                    SearchApply(SearchPlan.Compile(nodes));
                }
                else
                {
                    RenderNodes(nodes);
                }

                _base = savedBase;
                _count = savedCount;
            }
        }

        _nesting--;
    }

    private int RenderTemplateInstance(int pos, int end)
    {
        Enter("nested template instances");
        (CompiledTemplate template, int frameBase, int count, int next) = PushTemplateFrame(pos, end);
        int savedBase = _base, savedCount = _count;
        _base = frameBase;
        _count = count;
        RenderNodes(template.Roots);
        _base = savedBase;
        _count = savedCount;
        _top = frameBase;
        _nesting--;
        return next;
    }

    /// <summary>
    /// Counts a fragment or template instance entered, in depth and in all: a template may hold a template instance in
    /// its own nodes, and a damaged one may refer back to itself, so such a loop is damage, not a stack overflow or a hang.
    /// </summary>
    private void Enter(string what)
    {
        if (++_nesting > _maxNesting)
        {
            throw new EvtxFormatException(Inv($"{what} deeper than {_maxNesting} levels ({EvtxLimits.Hint(EvtxLimits.NestingDepthName)})"));
        }

        if (++_entered > _maxEntered)
        {
            throw new EvtxFormatException(Inv($"more than {_maxEntered} nested fragments and template instances in one record ({EvtxLimits.Hint(EvtxLimits.FragmentsPerRecordName)})"));
        }
    }

    /// <summary>
    /// Reads a template instance header and pushes its value descriptors; returns the position after the values.
    /// Descriptors or values that pass <paramref name="end"/> are cut at it (reported as salvage), not fatal.
    /// </summary>
    private (CompiledTemplate Template, int FrameBase, int Count, int Next) PushTemplateFrame(int pos, int end)
    {
        // 0x0C, u8 unknown, u32 template id, u32 definition offset, [inline definition], u32 count, descriptors, values.
        _ctx.Need(pos, 10, end);
        uint templateId = _ctx.U32(pos + 2);
        uint defOffset = _ctx.U32(pos + 6);
        int p = pos + 10;
        CompiledTemplate template = _ctx.GetTemplate(defOffset, templateId);
        _ctx.Salvage.AddRange(template.Damage);
        if (defOffset == p)
        {
            // Skip the inline definition by its own size (a template taken from elsewhere in the file may differ).
            _ctx.Need(p, 24, end);
            p += 24 + (int)Math.Min(_ctx.U32(p + 20), (uint)(end - p - 24));
        }

        _ctx.Need(p, 4, end);
        uint count = _ctx.U32(p);
        p += 4;
        uint fits = (uint)(end - p) / 4;
        if (count > fits)
        {
            _ctx.Salvage.Add(p - 4, Inv($"substitution count {count} at chunk offset 0x{p - 4:x} passes the record end; {fits} descriptors read"));
            count = fits;
        }

        int valuesStart = p + (4 * (int)count);
        int frameBase = _top;
        if (_top + count > _values.Length)
        {
            Array.Resize(ref _values, (int)Math.Max(_values.Length * 2, _top + count));
        }

        int v = valuesStart;
        bool cut = false;
        for (int i = 0; i < count; i++)
        {
            int size = _ctx.U16(p + (4 * i));
            byte type = _ctx.U8(p + (4 * i) + 2);
            if (size > end - v)
            {
                // Said once: every value after the first cut is empty too, and a damaged count can make thousands.
                if (!cut)
                {
                    _ctx.Salvage.Add(p + (4 * i), Inv($"substitution {i} ({size} bytes at chunk offset 0x{v:x}) passes the record end; cut to {end - v} bytes, and any after it to none"));
                    cut = true;
                }

                size = end - v;
            }

            _values[_top + i] = new ValueRef(v, size, type);
            v += size;
        }

        _top += (int)count;
        return (template, frameBase, (int)count, v);
    }

    // ---- Search text (see SearchPlan for the soundness argument) ----

    /// <summary>
    /// Builds the search text of the BinXML in [start, end) of the chunk into a reused buffer and returns it (valid until
    /// the next call): element and attribute names, constant text, and every substitution value as the XML shows it but
    /// unescaped, separated by '\n'. Allocates nothing once the buffers have grown and the templates' plans are built.
    /// </summary>
    public ReadOnlySpan<char> BuildSearchText(int start, int end)
    {
        _search.Clear();
        Reset();
        SearchFragment(start, end);
        int n = _search.Length;
        if (_searchChars.Length < n)
        {
            _searchChars = new char[Math.Max(n, _searchChars.Length * 2)];
        }

        _search.CopyTo(0, _searchChars, n);
        return _searchChars.AsSpan(0, n);
    }

    private void SearchSeparator()
    {
        if (_search.Length > 0 && _search[^1] != '\n')
        {
            _search.Append('\n');
        }
    }

    private int SearchTemplateInstance(int pos, int end)
    {
        Enter("nested template instances");
        (CompiledTemplate template, int frameBase, int count, int next) = PushTemplateFrame(pos, end);
        int savedBase = _base, savedCount = _count;
        _base = frameBase;
        _count = count;
        SearchApply(template.Search ??= SearchPlan.Compile(template.Roots));
        _base = savedBase;
        _count = savedCount;
        _top = frameBase;
        _nesting--;
        return next;
    }

    private void SearchApply(SearchPlan plan)
    {
        if (plan.Static.Length > 0)
        {
            SearchSeparator();
            _search.Append(plan.Static);
        }

        foreach (SearchItem item in plan.Items)
        {
            switch (item.Kind)
            {
                case SearchItemKind.Substitution:
                    SearchValue(item.Index);
                    break;
                case SearchItemKind.Run:
                    SearchRun(item.Parts);
                    break;
                case SearchItemKind.Instance:
                    SearchSeparator();
                    SearchTemplateInstance(item.Offset, _ctx.Length);
                    break;
            }
        }
    }

    /// <summary>A substitution that is a whole text node or attribute value; array items become separate pieces.</summary>
    private void SearchValue(int index)
    {
        if (index >= _count)
        {
            return;
        }

        ValueRef v = _values[_base + index];
        if (v.Type == ValueType.Null || v.Size == 0)
        {
            return;
        }

        if (v.Type == ValueType.BinXml)
        {
            SearchSeparator();
            SearchFragment(v.Offset, v.Offset + v.Size);
            return;
        }

        ReadOnlySpan<byte> data = _ctx.Data.AsSpan(v.Offset, v.Size);
        if ((v.Type & ValueType.ArrayFlag) != 0)
        {
            byte itemType = (byte)(v.Type & ~ValueType.ArrayFlag);
            List<(int Offset, int Length)> items = RentItems();
            ValueFormatter.SplitArray(data, itemType, items);
            foreach ((int offset, int length) in items)
            {
                SearchSeparator();
                ValueFormatter.AppendSearch(_search, data.Slice(offset, length), itemType);
            }

            _itemLists.Push(items);
            return;
        }

        SearchSeparator();
        ValueFormatter.AppendSearch(_search, data, v.Type);
    }

    /// <summary>
    /// Text, markup and substitutions that render as one text node or attribute value: rendered whole, unescaped and
    /// escaped, with arrays comma-joined; then once more per item of each array (an element repeated per item).
    /// </summary>
    private void SearchRun(BxNode[] parts)
    {
        foreach (TextForm form in (ReadOnlySpan<TextForm>)[TextForm.Plain, TextForm.Escaped])
        {
            SearchRunOnce(parts, form, -1, 0, 0);
            foreach (BxNode part in parts)
            {
                if (part is SubstitutionNode s && s.Index < _count)
                {
                    ValueRef v = _values[_base + s.Index];
                    if ((v.Type & ValueType.ArrayFlag) != 0 && v.Size > 0)
                    {
                        byte itemType = (byte)(v.Type & ~ValueType.ArrayFlag);
                        List<(int Offset, int Length)> items = RentItems();
                        ValueFormatter.SplitArray(_ctx.Data.AsSpan(v.Offset, v.Size), itemType, items);
                        foreach ((int offset, int length) in items)
                        {
                            SearchRunOnce(parts, form, s.Index, v.Offset + offset, length);
                        }

                        _itemLists.Push(items);
                    }
                }
            }
        }
    }

    private void SearchRunOnce(BxNode[] parts, TextForm form, int itemIndex, int itemOffset, int itemLength)
    {
        SearchSeparator();
        foreach (BxNode part in parts)
        {
            switch (part)
            {
                case TextNode t:
                    _search.Append(form == TextForm.Escaped ? t.Attribute : t.Raw);
                    break;
                case MarkupNode m:
                    _search.Append(m.Markup);
                    break;
                case SubstitutionNode s when s.Index < _count:
                {
                    ValueRef v = _values[_base + s.Index];
                    if (v.Type == ValueType.Null || v.Size == 0)
                    {
                        break;
                    }

                    if (v.Type == ValueType.BinXml)
                    {
                        SearchFragment(v.Offset, v.Offset + v.Size);
                        break;
                    }

                    ReadOnlySpan<byte> data = _ctx.Data.AsSpan(v.Offset, v.Size);
                    if ((v.Type & ValueType.ArrayFlag) == 0)
                    {
                        ValueFormatter.Append(_search, data, v.Type, attribute: true, form);
                        break;
                    }

                    byte itemType = (byte)(v.Type & ~ValueType.ArrayFlag);
                    if (s.Index == itemIndex)
                    {
                        ValueFormatter.Append(_search, _ctx.Data.AsSpan(itemOffset, itemLength), itemType, attribute: true, form);
                        break;
                    }

                    List<(int Offset, int Length)> items = RentItems();
                    ValueFormatter.SplitArray(data, itemType, items);
                    for (int i = 0; i < items.Count; i++)
                    {
                        if (i > 0)
                        {
                            _search.Append(',');
                        }

                        ValueFormatter.Append(_search, data.Slice(items[i].Offset, items[i].Length), itemType, attribute: true, form);
                    }

                    _itemLists.Push(items);
                    break;
                }
            }
        }
    }

    private List<(int Offset, int Length)> RentItems() => _itemLists.TryPop(out List<(int Offset, int Length)>? items) ? items : [];

    private void RenderNodes(BxNode[] nodes)
    {
        foreach (BxNode node in nodes)
        {
            RenderNode(node);
        }
    }

    private void RenderNode(BxNode node)
    {
        switch (node)
        {
            case ElementNode e:
                RenderElement(e);
                break;
            case TextNode t:
                _out.Text(t, attribute: false);
                break;
            case SubstitutionNode s:
                RenderSubstitution(s, attribute: false);
                break;
            case MarkupNode m:
                _out.Markup(m.Markup);
                break;
            case TemplateInstanceNode ti:
                RenderTemplateInstance(ti.Offset, _ctx.Length);
                break;
        }
    }

    private void RenderElement(ElementNode e)
    {
        if (e.SubstitutionChild >= 0)
        {
            var s = (SubstitutionNode)e.Children[e.SubstitutionChild];
            if (s.Index < _count && !(_arrBase == _base && _arrIndex == s.Index))
            {
                ValueRef v = _values[_base + s.Index];
                if (s.Optional && v.Type == ValueType.Null && e.Children.Length == 1)
                {
                    // An element whose whole content is an optional substitution with a NULL value is left out, as
                    // Windows and libevtx do (e.g. the <Binary> of a classic event without binary data). Not an element
                    // with other content too: <Event> holding <System> and a NULL EventData value stays.
                    return;
                }

                if ((v.Type & ValueType.ArrayFlag) != 0 && v.Size > 0)
                {
                    RenderArrayElement(e, s, v);
                    return;
                }
            }
        }

        RenderElementOnce(e);
    }

    /// <summary>An array value as element content: the element is repeated once per item.</summary>
    private void RenderArrayElement(ElementNode e, SubstitutionNode s, ValueRef v)
    {
        byte itemType = (byte)(v.Type & ~ValueType.ArrayFlag);
        if (!_itemLists.TryPop(out List<(int Offset, int Length)>? items))
        {
            items = [];
        }

        ValueFormatter.SplitArray(_ctx.Data.AsSpan(v.Offset, v.Size), itemType, items);
        int savedArrBase = _arrBase, savedArrIndex = _arrIndex, savedOffset = _arrOffset, savedLength = _arrLength;
        byte savedType = _arrType;
        _arrBase = _base;
        _arrIndex = s.Index;
        _arrType = itemType;
        foreach ((int offset, int length) in items)
        {
            _arrOffset = v.Offset + offset;
            _arrLength = length;
            RenderElementOnce(e);
        }

        _arrBase = savedArrBase;
        _arrIndex = savedArrIndex;
        _arrOffset = savedOffset;
        _arrLength = savedLength;
        _arrType = savedType;
        _itemLists.Push(items);
    }

    private void RenderElementOnce(ElementNode e)
    {
        _out.StartElement(e);
        foreach (AttributeNode a in e.Attributes)
        {
            RenderAttribute(a);
        }

        if (e.Children.Length == 0)
        {
            _out.EmptyElement();
            return;
        }

        int mark = _out.StartContent();
        RenderNodes(e.Children);
        _out.EndElement(e, mark);
    }

    private void RenderAttribute(AttributeNode a)
    {
        if (a.Sole is SubstitutionNode sole && IsNull(sole))
        {
            // Windows omits an attribute whose only content is a NULL (or empty) substitution value.
            return;
        }

        _out.StartAttribute(a);
        foreach (BxNode part in a.Parts)
        {
            switch (part)
            {
                case TextNode t:
                    _out.Text(t, attribute: true);
                    break;
                case SubstitutionNode s:
                    RenderSubstitution(s, attribute: true);
                    break;
                case MarkupNode m:
                    _out.Markup(m.Markup);
                    break;
            }
        }

        _out.EndAttribute();
    }

    private bool IsNull(SubstitutionNode s)
    {
        if (_arrBase == _base && _arrIndex == s.Index)
        {
            return false;
        }

        if (s.Index >= _count)
        {
            return true;
        }

        ValueRef v = _values[_base + s.Index];
        return v.Type == ValueType.Null || v.Size == 0;
    }

    private void RenderSubstitution(SubstitutionNode s, bool attribute)
    {
        if (_arrBase == _base && _arrIndex == s.Index)
        {
            _out.Value(_ctx.Data.AsSpan(_arrOffset, _arrLength), _arrType, attribute);
            return;
        }

        if (s.Index >= _count)
        {
            return;
        }

        ValueRef v = _values[_base + s.Index];
        if (v.Type == ValueType.Null || v.Size == 0)
        {
            return;
        }

        if (v.Type == ValueType.BinXml)
        {
            RenderNestedFragment(v);
            return;
        }

        ReadOnlySpan<byte> data = _ctx.Data.AsSpan(v.Offset, v.Size);
        if ((v.Type & ValueType.ArrayFlag) != 0)
        {
            // An array outside element content (e.g. in an attribute): items separated by commas.
            byte itemType = (byte)(v.Type & ~ValueType.ArrayFlag);
            if (!_itemLists.TryPop(out List<(int Offset, int Length)>? items))
            {
                items = [];
            }

            ValueFormatter.SplitArray(data, itemType, items);
            for (int i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    _out.ItemSeparator();
                }

                _out.Value(data.Slice(items[i].Offset, items[i].Length), itemType, attribute);
            }

            _itemLists.Push(items);
            return;
        }

        _out.Value(data, v.Type, attribute);
    }

    /// <summary>
    /// A BinXML value (e.g. the EventData of a classic event) rendered in place; when it cannot be decoded, what it wrote
    /// is taken back and a marker holding its bytes stands for it, so the rest of the event is kept.
    /// </summary>
    private void RenderNestedFragment(ValueRef v)
    {
        int mark = _out.Mark(), savedTop = _top, savedNesting = _nesting, savedBase = _base, savedCount = _count;
        int savedArrBase = _arrBase;
        _arrBase = -1;
        try
        {
            RenderFragment(v.Offset, v.Offset + v.Size);
        }
        // Past the budget the whole record is damage: salvaging each nested value would go on walking the loop.
        catch (Exception ex) when (ChunkWorker.IsDamage(ex) && _entered <= _maxEntered)
        {
            _out.Rollback(mark);
            (_top, _nesting, _base, _count) = (savedTop, savedNesting, savedBase, savedCount);
            string reason = Describe(ex);
            _ctx.Salvage.Add(v.Offset, Inv($"BinXML value at chunk offset 0x{v.Offset:x} does not decode ({reason}); replaced by a marker with its bytes"));
            _out.Markup(BinXmlParser.DamageMarker(v.Offset, reason, _ctx.Data.AsSpan(v.Offset, v.Size)));
        }

        _arrBase = savedArrBase;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Diagnostic text for exceptions.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        EvtxFormatException f => f.Message,
        _ => string.Create(CultureInfo.InvariantCulture, $"{ex.GetType().Name}: {ex.Message}"),
    };
}
