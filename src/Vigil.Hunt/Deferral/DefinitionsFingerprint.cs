using System.IO.Hashing;
using System.Runtime.InteropServices;
using Vigil.Content;
using Vigil.Content.Loading;
using Vigil.Knowledge;
using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;

namespace Vigil.Hunt.Deferral;

/// <summary>
/// One hash of everything a search's compiling and its gate depend on besides its own text: the build of the code
/// that compiles, the limits, every macro, event type, tag, data model and lookup of the definitions (a data model or
/// lookup read from a file by that file's stamp: a lookup's table is checked when a search using it compiles), and the
/// fields the knowledge computes (which decide what a gate may say of raw text). What compiles the same way with
/// definitions of one fingerprint compiles the same way with any other definitions of that fingerprint.
/// </summary>
internal static class DefinitionsFingerprint
{
    // The facts' layout and meaning: a change to either must change every fingerprint.
    private const string Version = "search facts 2";

    private static readonly Lazy<string> Build = new(() =>
        Version + "|" + CacheFile.CodeIdentity(typeof(SplDefinitions), typeof(FieldKnowledge), typeof(ContentLibrary), typeof(DefinitionsFingerprint)));

    /// <summary>
    /// The fingerprint; null when it cannot be told: a file a definition was read from has no stamp (not on Linux) or
    /// changed too recently for its stamp to vouch for it (<see cref="FileStamp.Settled"/>).
    /// </summary>
    public static UInt128? Of(SplDefinitions definitions, FieldKnowledge knowledge) => Of(definitions, knowledge, FileStamp.Settled);

    internal static UInt128? Of(SplDefinitions definitions, FieldKnowledge knowledge, TimeSpan settled)
    {
        var hash = new XxHash128();
        var now = DateTime.UtcNow;
        Add(hash, Build.Value);
        Add(hash, definitions.Limits.ToString());
        foreach (var macro in definitions.Macros.Values)
        {
            Add(hash, "macro", macro.Name, macro.Definition);
            AddList(hash, macro.Arguments);
        }

        foreach (var eventType in definitions.EventTypes.Values)
        {
            Add(hash, "eventtype", eventType.Name, eventType.Search, eventType.Priority?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var tag in definitions.Tags.Assignments)
        {
            Add(hash, "tag", tag.Field, tag.Value);
            AddList(hash, tag.Tags);
        }

        foreach (var model in definitions.DataModels.Values)
        {
            Add(hash, "datamodel", model.Name);
            if (!AddOrigin(hash, model.Origin, now, settled))
            {
                return null;
            }
        }

        foreach (var lookup in definitions.Lookups.Values)
        {
            Add(hash, "lookup", lookup.Name, lookup.CaseSensitive ? "case" : "nocase", lookup.DefaultMatch);
            AddList(hash, [lookup.MaxMatches.ToString(System.Globalization.CultureInfo.InvariantCulture), lookup.MinMatches.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            AddList(hash, lookup.MatchTypes.Select(m => $"{m.Key}={m.Value}").ToList());
            if (!AddOrigin(hash, lookup.Origin, now, settled))
            {
                return null;
            }
        }

        Add(hash, "computed fields");
        if (knowledge.ComputedFields is { } computed)
        {
            AddList(hash, [.. computed]);
        }
        else
        {
            Add(hash, "any");
        }

        return hash.GetCurrentHashAsUInt128();
    }

    /// <summary>
    /// Adds where a definition was read from: a file by its full path and its stamp, anything else (a shipped
    /// resource, which the build stands for) by name; false when a file's stamp cannot vouch for it.
    /// </summary>
    private static bool AddOrigin(XxHash128 hash, string? origin, DateTime now, TimeSpan settled)
    {
        if (origin is null || !File.Exists(origin))
        {
            Add(hash, origin);
            return true;
        }

        var stamp = FileStamp.Of(origin).SettledBy(now, settled);
        if (stamp == FileStamp.None)
        {
            return false;
        }

        Add(hash, Path.GetFullPath(origin));
        Span<long> values = [(long)stamp.Device, (long)stamp.Inode, stamp.Length, stamp.ModifiedTicks, stamp.ChangedTicks];
        hash.Append(MemoryMarshal.AsBytes(values));
        return true;
    }

    private static void Add(XxHash128 hash, params ReadOnlySpan<string?> values)
    {
        foreach (var value in values)
        {
            // Each value's length first, so that no two lists of values run together into the same bytes.
            Span<int> length = [value?.Length ?? -1];
            hash.Append(MemoryMarshal.AsBytes(length));
            hash.Append(MemoryMarshal.AsBytes((value ?? string.Empty).AsSpan()));
        }
    }

    private static void AddList(XxHash128 hash, IReadOnlyList<string> values)
    {
        Add(hash, values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var value in values)
        {
            Add(hash, value);
        }
    }
}
