using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vigil.Evtx.Testing;

/// <summary>
/// Writes real EVTX files (for test fixtures) the way Windows lays them out: a 4 KiB file header, 64 KiB chunks with
/// their string and template tables, records whose BinXML is a template instance. A template (System + EventData with
/// normal and optional substitutions) is defined inline by the first record of its shape in a chunk and referred to by
/// offset afterwards; names are stored inline once per chunk and referred to by offset afterwards. All checksums are
/// set. Events that do not fit in a chunk start the next one.
/// </summary>
public static class EvtxWriter
{
    private const int FileHeaderSize = 4096;

    /// <summary>Writes <paramref name="events"/>, in order, to a new EVTX file at <paramref name="path"/>.</summary>
    public static void Write(string path, IEnumerable<EvtxTestEvent> events)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(events);

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        file.Write(new byte[FileHeaderSize]);
        var chunk = new ChunkBuilder();
        int chunks = 0;
        ulong number = 1;
        ulong maxId = 0;
        foreach (EvtxTestEvent e in events)
        {
            ArgumentNullException.ThrowIfNull(e);
            if (!chunk.TryAdd(e, number))
            {
                file.Write(chunk.Finish());
                chunks++;
                chunk = new ChunkBuilder();
                if (!chunk.TryAdd(e, number))
                {
                    throw new ArgumentException($"event {e.EventRecordId} does not fit in one 64 KiB chunk", nameof(events));
                }
            }

            number++;
            maxId = Math.Max(maxId, e.EventRecordId);
        }

        if (!chunk.IsEmpty)
        {
            file.Write(chunk.Finish());
            chunks++;
        }

        // File header: signature, first/last chunk number, next record id, header size 128, version 3.1, block size
        // 4096, chunk count, flags 0, CRC32 of bytes 0..119.
        byte[] h = new byte[FileHeaderSize];
        "ElfFile\0"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(16), (ulong)Math.Max(0, chunks - 1));
        BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(24), maxId + 1);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(32), 128);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(36), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(38), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(40), FileHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(42), (ushort)chunks);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(124), Crc32(h.AsSpan(0, 120)));
        file.Position = 0;
        file.Write(h);
    }

    internal static uint Crc32(ReadOnlySpan<byte> data, uint crc = 0)
    {
        crc = ~crc;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
            }
        }

        return ~crc;
    }

    /// <summary>Value types of the BinXML substitutions used here.</summary>
    private static class T
    {
        public const byte Null = 0x00, String = 0x01, UInt8 = 0x04, UInt16 = 0x06, UInt32 = 0x08, UInt64 = 0x0A;
        public const byte Binary = 0x0E, Guid = 0x0F, FileTime = 0x11, Sid = 0x13, HexInt64 = 0x15;
    }

    private sealed class ChunkFullException : Exception
    {
    }

    private sealed class ChunkBuilder
    {
        private const int ChunkSize = 65536;
        private const int HeaderSize = 512;
        private const string EventNamespace = "http://schemas.microsoft.com/win/2004/08/events/event";

        private readonly byte[] _buf = new byte[ChunkSize];
        private readonly uint[] _stringBuckets = new uint[64];
        private readonly uint[] _templateBuckets = new uint[32];
        private Dictionary<string, int> _names = new(StringComparer.Ordinal);
        private Dictionary<string, int> _templates = new(StringComparer.Ordinal);
        private int _pos = HeaderSize;
        private int _count;
        private int _lastRecord;
        private ulong _firstNumber, _lastNumber, _firstId, _lastId;

        public bool IsEmpty => _count == 0;

        /// <summary>Appends the record; false (and nothing changed) when it does not fit.</summary>
        public bool TryAdd(EvtxTestEvent e, ulong number)
        {
            int start = _pos;
            var names = new Dictionary<string, int>(_names, StringComparer.Ordinal);
            var templates = new Dictionary<string, int>(_templates, StringComparer.Ordinal);
            uint[] stringBuckets = (uint[])_stringBuckets.Clone();
            uint[] templateBuckets = (uint[])_templateBuckets.Clone();
            try
            {
                WriteRecord(e);
            }
            catch (ChunkFullException)
            {
                Array.Clear(_buf, start, ChunkSize - start);
                _pos = start;
                _names = names;
                _templates = templates;
                stringBuckets.CopyTo(_stringBuckets, 0);
                templateBuckets.CopyTo(_templateBuckets, 0);
                return false;
            }

            if (_count == 0)
            {
                _firstNumber = number;
                _firstId = e.EventRecordId;
            }

            _count++;
            _lastNumber = number;
            _lastId = e.EventRecordId;
            _lastRecord = start;
            return true;
        }

        public byte[] Finish()
        {
            Span<byte> c = _buf;
            "ElfChnk\0"u8.CopyTo(c);
            BinaryPrimitives.WriteUInt64LittleEndian(c[8..], _firstNumber);
            BinaryPrimitives.WriteUInt64LittleEndian(c[16..], _lastNumber);
            BinaryPrimitives.WriteUInt64LittleEndian(c[24..], _firstId);
            BinaryPrimitives.WriteUInt64LittleEndian(c[32..], _lastId);
            BinaryPrimitives.WriteUInt32LittleEndian(c[40..], 128);
            BinaryPrimitives.WriteUInt32LittleEndian(c[44..], (uint)_lastRecord);
            BinaryPrimitives.WriteUInt32LittleEndian(c[48..], (uint)_pos);
            BinaryPrimitives.WriteUInt32LittleEndian(c[52..], Crc32(c[HeaderSize.._pos]));
            for (int i = 0; i < 64; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(c[(128 + (4 * i))..], _stringBuckets[i]);
            }

            for (int i = 0; i < 32; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(c[(384 + (4 * i))..], _templateBuckets[i]);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(c[124..], Crc32(c[128..HeaderSize], Crc32(c[..120])));
            return _buf;
        }

        // ---- primitive writes, bounded by the chunk ----

        private Span<byte> Take(int n)
        {
            if (_pos + n > ChunkSize)
            {
                throw new ChunkFullException();
            }

            Span<byte> s = _buf.AsSpan(_pos, n);
            _pos += n;
            return s;
        }

        private void U8(byte v) => Take(1)[0] = v;

        private void U16(ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Take(2), v);

        private void U32(uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), v);

        private void U64(ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), v);

        private void Bytes(ReadOnlySpan<byte> b) => b.CopyTo(Take(b.Length));

        private void Utf16(string s) => Bytes(Encoding.Unicode.GetBytes(s));

        private void PatchU32(int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(_buf.AsSpan(at), v);

        // ---- records ----

        private void WriteRecord(EvtxTestEvent e)
        {
            int start = _pos;
            long fileTime = FileTime(e.TimeCreatedUtc);
            Bytes("**\0\0"u8);
            U32(0); // size, patched
            U64(e.EventRecordId);
            U64((ulong)fileTime);

            // BinXML: fragment header, template instance (definition inline on first use in this chunk), values, EOF.
            Bytes([0x0F, 0x01, 0x01, 0x00]);
            string shape = string.Join('\u0001', e.Data.Select(d => d.Name)) + (e.Binary is null ? "\u0002" : "\u0002B");
            Guid guid = TemplateGuid(shape);
            uint templateId = BinaryPrimitives.ReadUInt32LittleEndian(guid.ToByteArray());
            U8(0x0C);
            U8(0x01);
            U32(templateId);
            if (_templates.TryGetValue(shape, out int defOffset))
            {
                U32((uint)defOffset);
            }
            else
            {
                defOffset = _pos + 4;
                U32((uint)defOffset);
                int bucket = (int)(templateId % 32);
                U32(_templateBuckets[bucket]); // next template in this bucket
                Bytes(guid.ToByteArray());
                int sizeAt = _pos;
                U32(0);
                WriteTemplate(e);
                PatchU32(sizeAt, (uint)(_pos - sizeAt - 4));
                _templateBuckets[bucket] = (uint)defOffset;
                _templates[shape] = defOffset;
            }

            List<(byte Type, byte[] Bytes)> values = Values(e, fileTime);
            U32((uint)values.Count);
            foreach ((byte type, byte[] bytes) in values)
            {
                if (bytes.Length > ushort.MaxValue)
                {
                    throw new ArgumentException("a value is longer than 65535 bytes");
                }

                U16((ushort)bytes.Length);
                U8(type);
                U8(0);
            }

            foreach ((_, byte[] bytes) in values)
            {
                Bytes(bytes);
            }

            U8(0x00); // EOF of the record's fragment (libfwevt requires it)

            int size = _pos - start + 4;
            U32((uint)size);
            PatchU32(start + 4, (uint)size);
        }

        private static long FileTime(DateTime t)
        {
            if (t.Kind == DateTimeKind.Local)
            {
                t = t.ToUniversalTime();
            }

            return t.Ticks - new DateTime(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        }

        private static Guid TemplateGuid(string shape) => new(SHA256.HashData(Encoding.UTF8.GetBytes("Vigil.Evtx.Testing:" + shape)).AsSpan(0, 16));

        private static List<(byte, byte[])> Values(EvtxTestEvent e, long fileTime)
        {
            static byte[] Str(string? s) => s is null ? [] : Encoding.Unicode.GetBytes(s);
            static byte[] Le(ulong v, int size)
            {
                byte[] b = new byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(b, v);
                return b[..size];
            }

            var v = new List<(byte, byte[])>
            {
                (T.String, Str(e.ProviderName)),                                           // 0
                e.ProviderGuid is Guid g ? (T.Guid, g.ToByteArray()) : (T.Null, []),       // 1
                e.EventSourceName is null ? (T.Null, []) : (T.String, Str(e.EventSourceName)), // 2
                e.Qualifiers is ushort q ? (T.UInt16, Le(q, 2)) : (T.Null, []),           // 3
                (T.UInt16, Le(e.EventId, 2)),                                              // 4
                (T.UInt8, [e.Version]),                                                    // 5
                (T.UInt8, [e.Level]),                                                      // 6
                (T.UInt16, Le(e.Task, 2)),                                                 // 7
                (T.UInt8, [e.Opcode]),                                                     // 8
                (T.HexInt64, Le(e.Keywords, 8)),                                           // 9
                (T.FileTime, Le((ulong)fileTime, 8)),                                      // 10
                (T.UInt64, Le(e.EventRecordId, 8)),                                        // 11
                (T.UInt32, Le(e.ProcessId, 4)),                                            // 12
                (T.UInt32, Le(e.ThreadId, 4)),                                             // 13
                (T.String, Str(e.Channel)),                                                // 14
                (T.String, Str(e.Computer)),                                               // 15
                e.UserSid is null ? (T.Null, []) : (T.Sid, Sid(e.UserSid)),               // 16
            };
            foreach ((_, string value) in e.Data)
            {
                v.Add((T.String, Str(value)));
            }

            if (e.Binary is not null)
            {
                v.Add(e.Binary.Length == 0 ? (T.Null, []) : (T.Binary, e.Binary));
            }

            return v;
        }

        /// <summary>Binary SID: revision, sub-authority count, 48-bit big-endian authority, little-endian sub-authorities.</summary>
        private static byte[] Sid(string sid)
        {
            string[] parts = sid.Split('-');
            if (parts.Length < 3 || !parts[0].Equals("S", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"not a SID: {sid}", nameof(sid));
            }

            byte[] b = new byte[8 + (4 * (parts.Length - 3))];
            b[0] = byte.Parse(parts[1], CultureInfo.InvariantCulture);
            b[1] = (byte)(parts.Length - 3);
            ulong authority = ulong.Parse(parts[2], CultureInfo.InvariantCulture);
            for (int i = 0; i < 6; i++)
            {
                b[2 + i] = (byte)(authority >> (8 * (5 - i)));
            }

            for (int i = 3; i < parts.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8 + (4 * (i - 3))), uint.Parse(parts[i], CultureInfo.InvariantCulture));
            }

            return b;
        }

        // ---- template definition ----

        private sealed record Part(string? Text = null, int Index = -1, byte Type = 0, bool Optional = false);

        private static Part Sub(int index, byte type) => new(Index: index, Type: type);

        private static Part Opt(int index, byte type) => new(Index: index, Type: type, Optional: true);

        private void WriteTemplate(EvtxTestEvent e)
        {
            Bytes([0x0F, 0x01, 0x01, 0x00]);
            Element("Event", [("xmlns", new Part(EventNamespace))], () =>
            {
                Element("System", [], () =>
                {
                    Element("Provider", [("Name", Sub(0, T.String)), ("Guid", Opt(1, T.Guid)), ("EventSourceName", Opt(2, T.String))], null);
                    Element("EventID", [("Qualifiers", Opt(3, T.UInt16))], Sub(4, T.UInt16));
                    Element("Version", [], Sub(5, T.UInt8));
                    Element("Level", [], Sub(6, T.UInt8));
                    Element("Task", [], Sub(7, T.UInt16));
                    Element("Opcode", [], Sub(8, T.UInt8));
                    Element("Keywords", [], Sub(9, T.HexInt64));
                    Element("TimeCreated", [("SystemTime", Sub(10, T.FileTime))], null);
                    Element("EventRecordID", [], Sub(11, T.UInt64));
                    Element("Correlation", [], null);
                    Element("Execution", [("ProcessID", Sub(12, T.UInt32)), ("ThreadID", Sub(13, T.UInt32))], null);
                    Element("Channel", [], Sub(14, T.String));
                    Element("Computer", [], Sub(15, T.String));
                    Element("Security", [("UserID", Opt(16, T.Sid))], null);
                });
                Element("EventData", [], e.Data.Count == 0 && e.Binary is null ? null : () =>
                {
                    for (int i = 0; i < e.Data.Count; i++)
                    {
                        Element("Data", [("Name", new Part(e.Data[i].Name))], Sub(17 + i, T.String));
                    }

                    if (e.Binary is not null)
                    {
                        Element("Binary", [], Opt(17 + e.Data.Count, T.Binary));
                    }
                });
            });
            U8(0x00); // EOF
        }

        private void Element(string name, (string Name, Part Value)[] attributes, Part? content) =>
            Element(name, attributes, content is null ? null : () => Value(content), content is { Optional: true } ? content.Index : -1);

        /// <summary>
        /// Open-start token (0x41 with attributes), dependency id (the substitution an optional element depends on, else
        /// 0xFFFF), data size (everything after it up to and including the end-element token), name, attribute list,
        /// then close-empty (0x03) or close-start (0x02), content and end-element (0x04).
        /// </summary>
        private void Element(string name, (string Name, Part Value)[] attributes, Action? content, int dependency = -1)
        {
            U8(attributes.Length > 0 ? (byte)0x41 : (byte)0x01);
            U16(dependency < 0 ? ushort.MaxValue : (ushort)dependency);
            int sizeAt = _pos;
            U32(0);
            Name(name);
            if (attributes.Length > 0)
            {
                int listAt = _pos;
                U32(0);
                for (int i = 0; i < attributes.Length; i++)
                {
                    U8(i < attributes.Length - 1 ? (byte)0x46 : (byte)0x06);
                    Name(attributes[i].Name);
                    Value(attributes[i].Value);
                }

                PatchU32(listAt, (uint)(_pos - listAt - 4));
            }

            if (content is null)
            {
                U8(0x03);
            }
            else
            {
                U8(0x02);
                content();
                U8(0x04);
            }

            PatchU32(sizeAt, (uint)(_pos - sizeAt - 4));
        }

        private void Value(Part p)
        {
            if (p.Text is not null)
            {
                U8(0x05);
                U8(T.String);
                U16((ushort)p.Text.Length);
                Utf16(p.Text);
            }
            else
            {
                U8(p.Optional ? (byte)0x0E : (byte)0x0D);
                U16((ushort)p.Index);
                U8(p.Type);
            }
        }

        /// <summary>A name reference: inline (u32 offset of the following byte, then the name structure) the first time in this chunk.</summary>
        private void Name(string name)
        {
            if (_names.TryGetValue(name, out int offset))
            {
                U32((uint)offset);
                return;
            }

            offset = _pos + 4;
            U32((uint)offset);
            ushort hash = NameHash(name);
            int bucket = hash % 64;
            U32(_stringBuckets[bucket]); // next string in this bucket
            U16(hash);
            U16((ushort)name.Length);
            Utf16(name);
            U16(0);
            _stringBuckets[bucket] = (uint)offset;
            _names[name] = offset;
        }

        private static ushort NameHash(string name)
        {
            uint h = 0;
            foreach (char c in name)
            {
                h = unchecked((h * 65599) + c);
            }

            return (ushort)h;
        }
    }
}
