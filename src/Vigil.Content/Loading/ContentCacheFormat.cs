using System.Text;
using Vigil.Content.Model;

namespace Vigil.Content.Loading;

/// <summary>
/// The content cache's payload as bytes: what reading content files gave, field by field, strings as length-prefixed
/// UTF-8. Written by hand because the binary serializer on offer (MemoryPack 1.21) makes formatters by run-time
/// reflection, which the Native AOT build refuses (IL2055, IL3050). <see cref="Version"/> changes with the layout; the
/// cache also refuses payloads of another build.
/// </summary>
internal static class ContentCacheFormat
{
    public const int Version = 4;

    public static byte[] Write(CacheSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(snapshot.Build);
            writer.Write(snapshot.Directory);

            // Each file's record after its length, so that reading can find them all first and decode them on every core.
            List(writer, snapshot.Files, (w, file) =>
            {
                var record = Record(file);
                w.Write(record.Length);
                w.Write(record);
            });
        }

        return stream.ToArray();
    }

    private static byte[] Record(CachedFile file)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(file.Path);
            writer.Write((ulong)(file.Hash >> 64));
            writer.Write((ulong)file.Hash);
            writer.Write(file.Stamp.Device);
            writer.Write(file.Stamp.Inode);
            writer.Write(file.Stamp.Length);
            writer.Write(file.Stamp.ModifiedTicks);
            writer.Write(file.Stamp.ChangedTicks);
            File(writer, file.File);
        }

        return stream.ToArray();
    }

    private static CachedFile Record(ArraySegment<byte> record)
    {
        using var reader = new PayloadReader(record);
        var file = new CachedFile(
            reader.ReadString(),
            ((UInt128)reader.ReadUInt64() << 64) | reader.ReadUInt64(),
            new FileStamp(reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64()),
            File(reader));
        return reader.BaseStream.Position == record.Count ? file : throw new InvalidDataException("content cache record with bytes left over");
    }

    /// <summary>The snapshot, or null when the bytes are of another layout or build (only its identity is read then).</summary>
    public static CacheSnapshot? Read(ArraySegment<byte> payload, string build)
    {
        using var reader = new PayloadReader(payload);
        if (reader.ReadInt32() != Version || reader.ReadString() != build)
        {
            return null;
        }

        var directory = reader.ReadString();
        var records = List(reader, r =>
        {
            var length = r.ReadInt32();
            var at = (int)r.BaseStream.Position;
            if (length < 0 || length > payload.Count - at)
            {
                throw new InvalidDataException("content cache record longer than the payload");
            }

            r.BaseStream.Position = at + length;
            return payload.Slice(at, length);
        });
        if (reader.BaseStream.Position != payload.Count)
        {
            return null;
        }

        // Decoding is most of reading the cache (ESCU's strings), and each record stands alone. A damaged record fails
        // the loop with what its reading threw (ContentCache.Unpack tells a foreign payload from a bug).
        var files = new CachedFile[records.Count];
        Parallel.For(0, records.Count, i => files[i] = Record(records[i]));
        return new CacheSnapshot(build, directory, files);
    }

    private static void File(BinaryWriter writer, ContentFile file)
    {
        List(writer, file.Entries, Entry);
        writer.Write(file.Failure is not null);
        if (file.Failure is { } failure)
        {
            Optional(writer, failure.Line);
            writer.Write(failure.Reason);
        }
    }

    private static ContentFile File(BinaryReader reader) =>
        new(List(reader, Entry), reader.ReadBoolean() ? new ContentFailure(OptionalLong(reader), reader.ReadString()) : null);

    private enum EntryKind : byte
    {
        Detection,
        Macro,
        Lookup,
        DataSource,
        Story,
        Ignored,
    }

    private static void Entry(BinaryWriter writer, ContentEntry entry)
    {
        switch (entry)
        {
            case DetectionEntry { Detection: var detection }:
                writer.Write((byte)EntryKind.Detection);
                Detection(writer, detection);
                break;
            case MacroEntry macro:
                writer.Write((byte)EntryKind.Macro);
                writer.Write(macro.Name);
                Strings(writer, macro.Arguments);
                writer.Write(macro.Definition);
                break;
            case LookupEntry lookup:
                writer.Write((byte)EntryKind.Lookup);
                writer.Write(lookup.Name);
                foreach (var key in (string?[])[lookup.FileName, lookup.Collection, lookup.FieldsList, lookup.MatchType, lookup.CaseSensitiveMatch,
                    lookup.MaxMatches, lookup.MinMatches, lookup.DefaultMatch])
                {
                    Optional(writer, key);
                }

                break;
            case DataSourceEntry { Name: var name }:
                writer.Write((byte)EntryKind.DataSource);
                writer.Write(name);
                break;
            case StoryEntry { Story: var story }:
                writer.Write((byte)EntryKind.Story);
                writer.Write(story.Name);
                writer.Write(story.Id);
                Optional(writer, story.Description);
                Optional(writer, story.Narrative);
                break;
            case IgnoredEntry:
                writer.Write((byte)EntryKind.Ignored);
                break;
            default:
                throw new InvalidOperationException($"no cache layout for {entry.GetType().Name}");
        }
    }

    private static ContentEntry Entry(BinaryReader reader) => (EntryKind)reader.ReadByte() switch
    {
        EntryKind.Detection => new DetectionEntry(Detection(reader)),
        EntryKind.Macro => new MacroEntry(reader.ReadString(), Strings(reader), reader.ReadString()),
        EntryKind.Lookup => new LookupEntry(reader.ReadString(), Optional(reader), Optional(reader), Optional(reader), Optional(reader), Optional(reader),
            Optional(reader), Optional(reader), Optional(reader)),
        EntryKind.DataSource => new DataSourceEntry(reader.ReadString()),
        EntryKind.Story => new StoryEntry(new Story(reader.ReadString(), reader.ReadString(), Optional(reader), Optional(reader), Origin: string.Empty)),
        EntryKind.Ignored => new IgnoredEntry(),
        var other => throw new InvalidDataException($"unknown content cache entry kind {(byte)other}"),
    };

    // The detection's fields in declaration order; Origin is the library's to set.
    private static void Detection(BinaryWriter writer, Detection detection)
    {
        writer.Write(detection.Name);
        writer.Write(detection.Id);
        Optional(writer, detection.Version);
        Optional(writer, detection.Date);
        Optional(writer, detection.Author);
        Optional(writer, detection.Status);
        Optional(writer, detection.Type);
        Optional(writer, detection.Description);
        writer.Write(detection.Search);
        Strings(writer, detection.DataSources);
        Optional(writer, detection.HowToImplement);
        Optional(writer, detection.KnownFalsePositives);
        Strings(writer, detection.References);
        List(writer, detection.Drilldowns, (w, d) =>
        {
            w.Write(d.Name);
            w.Write(d.Search);
            Optional(w, d.EarliestOffset);
            Optional(w, d.LatestOffset);
        });
        Strings(writer, detection.AnalyticStories);
        Strings(writer, detection.MitreAttackIds);
        Optional(writer, detection.RiskMessage);
        List(writer, detection.RiskObjects, (w, r) =>
        {
            w.Write(r.Field);
            w.Write((byte)r.Type);
            w.Write(r.Score);
        });
        List(writer, detection.ThreatObjects, (w, t) =>
        {
            w.Write(t.Field);
            w.Write(t.Type);
        });
        writer.Write((byte)detection.Shape);
        List(writer, detection.Tests, (w, test) =>
        {
            w.Write(test.Name);
            Optional(w, test.TestType);
            List(w, test.AttackData, (w2, data) =>
            {
                w2.Write(data.Data);
                Optional(w2, data.Source);
                Optional(w2, data.Sourcetype);
                w2.Write(data.UpdateTimestamp);
            });
        });
        Optional(writer, detection.ManualTestReason);
    }

    private static Detection Detection(BinaryReader reader) => new()
    {
        Name = reader.ReadString(),
        Id = reader.ReadString(),
        Version = OptionalInt(reader),
        Date = Optional(reader),
        Author = Optional(reader),
        Status = Optional(reader),
        Type = Optional(reader),
        Description = Optional(reader),
        Search = reader.ReadString(),
        DataSources = Strings(reader),
        HowToImplement = Optional(reader),
        KnownFalsePositives = Optional(reader),
        References = Strings(reader),
        Drilldowns = List(reader, r => new Drilldown(r.ReadString(), r.ReadString(), Optional(r), Optional(r))),
        AnalyticStories = Strings(reader),
        MitreAttackIds = Strings(reader),
        RiskMessage = Optional(reader),
        RiskObjects = List(reader, r => new RiskObjectSpec(r.ReadString(), Known<RiskObjectType>(r.ReadByte()), r.ReadInt32())),
        ThreatObjects = List(reader, r => new ThreatObjectSpec(r.ReadString(), r.ReadString())),
        Shape = Known<DetectionShape>(reader.ReadByte()),
        Tests = List(reader, r => new DetectionTest(
            r.ReadString(),
            Optional(r),
            List(r, r2 => new AttackData(r2.ReadString(), Optional(r2), Optional(r2), r2.ReadBoolean())))),
        ManualTestReason = Optional(reader),
        Origin = string.Empty,
    };

    /// <summary>The enum member written as this byte (members are numbered 0, 1, ... in order), refusing any other byte.</summary>
    private static TEnum Known<TEnum>(byte value)
        where TEnum : struct, Enum
    {
        var members = Members<TEnum>.All;
        return value < members.Length ? members[value] : throw new InvalidDataException($"no {typeof(TEnum).Name} numbered {value}");
    }

    // Enum.GetValues makes a new array each call.
    private static class Members<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly TEnum[] All = Enum.GetValues<TEnum>();
    }

    private static void List<T>(BinaryWriter writer, IReadOnlyList<T> items, Action<BinaryWriter, T> write)
    {
        writer.Write7BitEncodedInt(items.Count);
        foreach (var item in items)
        {
            write(writer, item);
        }
    }

    /// <summary>
    /// Reads strings straight from the payload's bytes: <see cref="BinaryReader.ReadString"/> decodes through a
    /// character buffer and a string builder, and the cache's strings (searches, descriptions) were most of its reading.
    /// </summary>
    private sealed class PayloadReader(ArraySegment<byte> payload) : BinaryReader(new MemoryStream(payload.Array!, payload.Offset, payload.Count, writable: false), Encoding.UTF8)
    {
        public override string ReadString()
        {
            var length = Read7BitEncodedInt();
            var at = (int)BaseStream.Position;
            if (length < 0 || length > payload.Count - at)
            {
                throw new EndOfStreamException("content cache string longer than the payload");
            }

            BaseStream.Position = at + length;
            return Encoding.UTF8.GetString(payload.Array!, payload.Offset + at, length);
        }
    }

    private static List<T> List<T>(BinaryReader reader, Func<BinaryReader, T> read)
    {
        var count = reader.Read7BitEncodedInt();
        if (count < 0 || count > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException("content cache list longer than the payload");
        }

        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(read(reader));
        }

        return items;
    }

    private static void Strings(BinaryWriter writer, IReadOnlyList<string> items) => List(writer, items, (w, s) => w.Write(s));

    private static List<string> Strings(BinaryReader reader) => List(reader, r => r.ReadString());

    private static void Optional(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null)
        {
            writer.Write(text);
        }
    }

    private static string? Optional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static void Optional(BinaryWriter writer, long? number)
    {
        writer.Write(number.HasValue);
        if (number is { } value)
        {
            writer.Write(value);
        }
    }

    private static int? OptionalInt(BinaryReader reader) => reader.ReadBoolean() ? checked((int)reader.ReadInt64()) : null;

    private static long? OptionalLong(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadInt64() : null;
}
