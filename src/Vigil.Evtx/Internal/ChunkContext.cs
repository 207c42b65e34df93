using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Xml;

namespace Vigil.Evtx.Internal;

/// <summary>
/// The bytes of one 64 KiB chunk plus its per-chunk caches: names (by chunk offset) and compiled templates (by
/// definition offset). Reset for every chunk; owned by one worker.
/// </summary>
internal sealed class ChunkContext
{
    private readonly Dictionary<int, string> _names = [];
    private readonly Dictionary<int, CompiledTemplate?> _templates = [];
    private readonly HashSet<int> _compiling = [];
    private readonly List<TemplateLocation> _compiledLocations = [];

    public ChunkContext(byte[] data) => Data = data;

    /// <summary>The chunk buffer (always <see cref="ChunkHeader.Size"/> bytes; bytes past a truncated end are zero).</summary>
    public byte[] Data { get; }

    public int Length { get; } = ChunkHeader.Size;

    /// <summary>Templates compiled since the last reset (each definition offset is compiled at most once per chunk).</summary>
    public int TemplatesCompiled { get; private set; }

    /// <summary>Template instances resolved from the cache since the last reset.</summary>
    public int TemplateCacheHits { get; private set; }

    /// <summary>Set by the parser when it cut a damaged fragment short, so enclosing elements close instead of reading on.</summary>
    public bool ParseCut { get; set; }

    /// <summary>Damage salvaged while rendering the current record (cleared per record by the renderer).</summary>
    public SalvageLog Salvage { get; } = new();

    /// <summary>
    /// Set when this chunk's own template definitions cannot be trusted (its header was lost): resolves a template by
    /// its id from elsewhere in the file. Null in the normal pass.
    /// </summary>
    public Func<uint, CompiledTemplate?>? ForeignTemplates { get; set; }

    /// <summary>Where the templates compiled since the last reset are defined (for the file-wide template index).</summary>
    public IReadOnlyList<TemplateLocation> CompiledLocations => _compiledLocations;

    public void Reset()
    {
        _names.Clear();
        _templates.Clear();
        _compiling.Clear();
        _compiledLocations.Clear();
        Salvage.Clear();
        ForeignTemplates = null;
        TemplatesCompiled = 0;
        TemplateCacheHits = 0;
    }

    public void Need(long pos, long count, long end)
    {
        if (pos < 0 || count < 0 || pos + count > end || end > Length)
        {
            throw new EvtxFormatException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"read of {count} bytes at chunk offset 0x{pos:x} passes the end 0x{end:x}"));
        }
    }

    public byte U8(int pos) => Data[pos];

    public ushort U16(int pos) => BinaryPrimitives.ReadUInt16LittleEndian(Data.AsSpan(pos));

    public uint U32(int pos) => BinaryPrimitives.ReadUInt32LittleEndian(Data.AsSpan(pos));

    /// <summary>Name structure: u32 next offset, u16 hash, u16 character count, UTF-16LE characters, u16 NUL.</summary>
    public string GetName(long offset)
    {
        if (offset < 0 || offset > Length)
        {
            throw new EvtxFormatException($"name offset 0x{offset:x} is outside the chunk");
        }

        int off = (int)offset;
        if (_names.TryGetValue(off, out string? name))
        {
            return name;
        }

        Need(off, 8, Length);
        int count = U16(off + 6);
        Need(off + 8, 2L * count, Length);
        name = new string(MemoryMarshal.Cast<byte, char>(Data.AsSpan(off + 8, 2 * count)));
        if (!IsXmlName(name))
        {
            // A damaged name (e.g. one flipped bit) must not cost the record: render a marked, valid XML name that
            // keeps the characters (invalid ones as _xHHHH_). Not cached, so every record that uses it is reported.
            string marked = DamagedNamePrefix + XmlConvert.EncodeLocalName(name);
            Salvage.Add(off, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"damaged element/attribute name at chunk offset 0x{off:x} (bytes {Convert.ToHexString(Data, off + 8, 2 * count)}), rendered as {marked}"));
            return marked;
        }

        // The runtime's interned string when there is one: a search's field names are interned when it is compiled,
        // and an event field named by that very string is found by reference, its characters never compared. Once a
        // chunk, not once a record: records share their chunk's names.
        name = string.IsInterned(name) ?? name;
        _names[off] = name;
        return name;
    }

    /// <summary>Prefix of a damaged element or attribute name in the rendered XML.</summary>
    public const string DamagedNamePrefix = "Damaged.";

    /// <summary>A name must be usable as an XML name, or the rendered event would not parse.</summary>
    private static bool IsXmlName(string name)
    {
        if (name.Length == 0 || !(XmlConvert.IsStartNCNameChar(name[0]) || name[0] == ':'))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!(XmlConvert.IsNCNameChar(c) || c == ':'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The template whose definition starts at <paramref name="offset"/>, compiled on first use in this chunk. When the
    /// chunk's header was lost (<see cref="ForeignTemplates"/> set) and the definition there is gone, the template with
    /// the same <paramref name="templateId"/> is taken from elsewhere in the file.
    /// </summary>
    public CompiledTemplate GetTemplate(long offset, uint templateId)
    {
        if (offset < 0 || offset + 24 > Length)
        {
            return Foreign(templateId) ?? throw new EvtxFormatException($"template definition offset 0x{offset:x} is outside the chunk");
        }

        int off = (int)offset;
        if (_templates.TryGetValue(off, out CompiledTemplate? t))
        {
            TemplateCacheHits++;
            return t ?? throw new EvtxFormatException($"template at chunk offset 0x{off:x} is damaged");
        }

        if (!_compiling.Add(off))
        {
            throw new EvtxFormatException($"template at chunk offset 0x{off:x} refers to itself");
        }

        try
        {
            t = ForeignTemplates is not null && U32(off + 20) == 0 ? Foreign(templateId) : null;
            if (t is null)
            {
                t = BinXmlParser.CompileTemplate(this, off);
                TemplatesCompiled++;
                _compiledLocations.Add(new TemplateLocation(templateId, off));
            }

            _templates[off] = t;
            return t;
        }
        catch (EvtxFormatException)
        {
            _templates[off] = Foreign(templateId);
            if (_templates[off] is CompiledTemplate foreign)
            {
                return foreign;
            }

            throw;
        }
        finally
        {
            _compiling.Remove(off);
        }
    }

    private CompiledTemplate? Foreign(uint templateId) => ForeignTemplates?.Invoke(templateId);
}
