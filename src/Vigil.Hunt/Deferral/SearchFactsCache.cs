using System.Text;
using Vigil.Content.Loading;
using Vigil.Content.Model;
using Vigil.Knowledge;
using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Hunt.Deferral;

/// <summary>
/// What compiling detections' searches gave, kept between runs in one cache file per fingerprint of the definitions
/// (<see cref="DefinitionsFingerprint"/>): by detection id and the hash of its search text, the facts of a search
/// whose compiling can wait (<see cref="SearchFacts"/>), that it must be compiled at once, or why it does not compile.
/// A hunt compiles at once only the detections whose outcome is unknown or that cannot wait, and learns after it the
/// outcomes it did not know, for the next run. As every cache file, it is only a shortcut: one missing, damaged or
/// unwritable costs time.
/// </summary>
public sealed class SearchFactsCache
{
    private static readonly byte[] Magic = "VIGILSF4"u8.ToArray();

    private readonly Dictionary<(string Id, UInt128 Search), Outcome> _known = [];
    private readonly string _path;
    private readonly SplDefinitions _definitions;
    private bool _learnt;

    private SearchFactsCache(string path, SplDefinitions definitions)
    {
        _path = path;
        _definitions = definitions;
    }

    /// <summary>Why the cache file could not be read or written, for the user to see.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>The cache in <paramref name="folder"/> for these definitions; null when their fingerprint cannot be told.</summary>
    public static SearchFactsCache? Open(string folder, SplDefinitions definitions, FieldKnowledge knowledge)
    {
        if (DefinitionsFingerprint.Of(definitions, knowledge) is not { } fingerprint)
        {
            return null;
        }

        var cache = new SearchFactsCache(Path.Combine(folder, $"searches-{fingerprint:x32}.bin"), definitions);
        if (CacheFile.Read(cache._path, "the search facts cache", cache.Warnings) is { } bytes && CacheFile.Payload(bytes, Magic) is { } payload)
        {
            try
            {
                Read(payload, cache._known);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or FormatException or OverflowException or ArgumentException)
            {
                // Intact bytes this code did not write: learnt again.
                cache._known.Clear();
            }
        }

        return cache;
    }

    /// <summary>
    /// What compiling the detection gave before: a detection whose compiling waits, or why it does not compile; null
    /// when it is to be compiled now (unknown, or it cannot wait).
    /// </summary>
    internal (CompiledDetection? Waiting, DetectionFailure? Failure)? Recall(Detection detection) =>
        _known.GetValueOrDefault(KeyOf(detection)) switch
        {
            { Facts: { } facts } => (new CompiledDetection(detection, facts, _definitions), null),
            { Failure: { } failure } => (null, new DetectionFailure(detection, failure.Reason, failure.Summary, failure.Diagnostics)),
            _ => null,
        };

    /// <summary>
    /// Learns what it does not know yet of these detections: the facts of those compiled at once (each run over no
    /// event, its gate worked out with <paramref name="isVerbatimField"/>), and why the failures do not compile.
    /// </summary>
    internal void Learn(IEnumerable<CompiledDetection> detections, IEnumerable<DetectionFailure> failures, Func<string, bool> isVerbatimField)
    {
        var context = new SearchContext(TimeZoneInfo.Utc, Timestamp.FromDateTime(DateTime.UtcNow));
        foreach (var detection in detections.Where(d => d.Facts is null && d.IsCompiled))
        {
            var key = KeyOf(detection.Detection);
            if (!_known.ContainsKey(key))
            {
                _known.Add(key, new Outcome(SearchFacts.Of(detection.Pipeline, isVerbatimField, context), null));
                _learnt = true;
            }
        }

        foreach (var failure in failures)
        {
            _learnt |= _known.TryAdd(KeyOf(failure.Detection), new Outcome(null, new Failure(failure.Reason, failure.Summary, failure.Diagnostics)));
        }
    }

    /// <summary>
    /// Writes what was learnt, if anything was, and deletes all but the <see cref="FilesKept"/> files written last
    /// (another build, other content: each changed definition makes a new fingerprint).
    /// </summary>
    internal void Save()
    {
        if (!_learnt)
        {
            return;
        }

        CacheFile.Write(_path, CacheFile.Frame(Magic, Write(_known)), "the search facts cache", Warnings);
        _learnt = false;
        try
        {
            foreach (var stale in new DirectoryInfo(Path.GetDirectoryName(_path)!).EnumerateFiles("searches-*.bin")
                .OrderByDescending(f => f.LastWriteTimeUtc).Skip(FilesKept))
            {
                stale.Delete();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another run's to delete, or one that cannot be: only disk space.
        }
    }

    /// <summary>How many files of facts the cache folder keeps (some 250 KB each for all of ESCU).</summary>
    internal const int FilesKept = 16;

    /// <summary>What compiling a search gave: its facts when it can wait, why it does not compile, or neither (compiled at once).</summary>
    private sealed record Outcome(SearchFacts? Facts, Failure? Failure);

    private sealed record Failure(string Reason, string Summary, IReadOnlyList<SplDiagnostic> Diagnostics);

    private static (string, UInt128) KeyOf(Detection detection) =>
        (detection.Id, System.IO.Hashing.XxHash128.HashToUInt128(System.Runtime.InteropServices.MemoryMarshal.AsBytes(detection.Search.AsSpan())));

    private static byte[] Write(Dictionary<(string Id, UInt128 Search), Outcome> known)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(known.Count);
            foreach (var ((id, search), outcome) in known)
            {
                writer.Write(id);
                writer.Write((ulong)(search >> 64));
                writer.Write((ulong)search);
                writer.Write((byte)(outcome.Facts is not null ? 1 : outcome.Failure is not null ? 2 : 0));
                if (outcome.Facts is { } facts)
                {
                    WriteFacts(writer, facts);
                }
                else if (outcome.Failure is { } failure)
                {
                    WriteFailure(writer, failure);
                }
            }
        }

        return stream.ToArray();
    }

    private static void Read(ArraySegment<byte> payload, Dictionary<(string Id, UInt128 Search), Outcome> known)
    {
        using var reader = new BinaryReader(new MemoryStream(payload.Array!, payload.Offset, payload.Count), Encoding.UTF8);
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadString();
            var search = new UInt128(reader.ReadUInt64(), reader.ReadUInt64());
            known[(id, search)] = reader.ReadByte() switch
            {
                0 => new Outcome(null, null),
                1 => new Outcome(ReadFacts(reader), null),
                2 => new Outcome(null, ReadFailure(reader)),
                var kind => throw new InvalidDataException($"an outcome of kind {kind}"),
            };
        }

        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new InvalidDataException("bytes after the last search's outcome");
        }
    }

    private static void WriteFacts(BinaryWriter writer, SearchFacts facts)
    {
        writer.Write(facts.Gates.Count);
        foreach (var gate in facts.Gates)
        {
            writer.Write(gate.Anchors is not null);
            if (gate.Anchors is not null)
            {
                WriteList(writer, gate.Anchors);
            }

            writer.Write(gate.Dataset is not null);
            if (gate.Dataset is var (model, dataset))
            {
                writer.Write(model);
                writer.Write(dataset);
            }

            writer.Write(gate.Metadata is not null);
            if (gate.Metadata is not null)
            {
                MetadataConditions.Write(writer, gate.Metadata);
            }

            writer.Write(gate.DatasetRows is not null);
            if (gate.DatasetRows is not null)
            {
                writer.Write(gate.DatasetRows.Count);
                foreach (var atom in gate.DatasetRows)
                {
                    writer.Write(atom.Field);
                    writer.Write(atom.Text);
                    writer.Write(atom.Contains);
                }
            }
        }

        WriteRequirement(writer, facts.Prefilter);
        WriteList(writer, facts.EmptyColumns);
    }

    private static void WriteRequirement(BinaryWriter writer, RawRequirement? requirement)
    {
        switch (requirement)
        {
            case null:
                writer.Write((byte)0);
                break;
            case RawRequirement.Contains contains:
                writer.Write((byte)1);
                writer.Write(contains.Literal);
                break;
            case RawRequirement.All all:
                writer.Write((byte)2);
                WriteRequirements(writer, all.Parts);
                break;
            case RawRequirement.Any any:
                writer.Write((byte)3);
                WriteRequirements(writer, any.Parts);
                break;
            default:
                throw new ArgumentException($"a raw requirement of kind {requirement.GetType().Name}", nameof(requirement));
        }
    }

    private static void WriteRequirements(BinaryWriter writer, IReadOnlyList<RawRequirement> parts)
    {
        writer.Write(parts.Count);
        foreach (var part in parts)
        {
            WriteRequirement(writer, part);
        }
    }

    private static RawRequirement? ReadRequirement(BinaryReader reader) => reader.ReadByte() switch
    {
        0 => null,
        1 => new RawRequirement.Contains(reader.ReadString()),
        2 => new RawRequirement.All(ReadRequirements(reader)),
        3 => new RawRequirement.Any(ReadRequirements(reader)),
        var kind => throw new InvalidDataException($"a raw requirement of kind {kind}"),
    };

    private static RawRequirement[] ReadRequirements(BinaryReader reader)
    {
        var parts = new RawRequirement[CountOf(reader)];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = ReadRequirement(reader) ?? throw new InvalidDataException("an empty part of a raw requirement");
        }

        return parts;
    }

    private static SearchFacts ReadFacts(BinaryReader reader)
    {
        var gates = new RememberedGate[CountOf(reader)];
        for (var i = 0; i < gates.Length; i++)
        {
            gates[i] = new RememberedGate(
                reader.ReadBoolean() ? ReadList(reader) : null,
                reader.ReadBoolean() ? (reader.ReadString(), reader.ReadString()) : null,
                reader.ReadBoolean() ? MetadataConditions.Read(reader) : null,
                reader.ReadBoolean() ? ReadAtoms(reader) : null);
        }

        return new SearchFacts(gates, ReadRequirement(reader), ReadList(reader));
    }

    private static RowAtom[] ReadAtoms(BinaryReader reader)
    {
        var atoms = new RowAtom[CountOf(reader)];
        for (var i = 0; i < atoms.Length; i++)
        {
            atoms[i] = new RowAtom(reader.ReadString(), reader.ReadString(), reader.ReadBoolean());
        }

        return atoms;
    }

    private static void WriteFailure(BinaryWriter writer, Failure failure)
    {
        writer.Write(failure.Reason);
        writer.Write(failure.Summary);
        writer.Write(failure.Diagnostics.Count);
        foreach (var diagnostic in failure.Diagnostics)
        {
            writer.Write(diagnostic.Position);
            writer.Write(diagnostic.Length);
            writer.Write(diagnostic.Message);
            WriteOptional(writer, diagnostic.SourceText);
            writer.Write((int)diagnostic.Id);
            WriteOptional(writer, diagnostic.Subject);
        }
    }

    private static Failure ReadFailure(BinaryReader reader)
    {
        var reason = reader.ReadString();
        var summary = reader.ReadString();
        var diagnostics = new SplDiagnostic[CountOf(reader)];
        for (var i = 0; i < diagnostics.Length; i++)
        {
            diagnostics[i] = new SplDiagnostic(reader.ReadInt32(), reader.ReadInt32(), reader.ReadString(), ReadOptional(reader))
            {
                Id = (SplDiagnosticId)reader.ReadInt32(),
                Subject = ReadOptional(reader),
            };
        }

        return new Failure(reason, summary, diagnostics);
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    /// <summary>A count of items to read, each at least a byte long.</summary>
    internal static int CountOf(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return count >= 0 && count <= reader.BaseStream.Length - reader.BaseStream.Position
            ? count
            : throw new InvalidDataException("a list longer than what is left");
    }

    internal static void WriteList(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    internal static string[] ReadList(BinaryReader reader)
    {
        var values = new string[CountOf(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadString();
        }

        return values;
    }
}
