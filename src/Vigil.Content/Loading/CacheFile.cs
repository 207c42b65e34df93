using System.Buffers.Binary;
using System.IO.Hashing;

namespace Vigil.Content.Loading;

/// <summary>
/// One file of Vigil's cache folder: a magic of eight bytes naming its kind, then its payload's hash (XxHash128), then
/// the payload, so that damage anywhere is found before anything is decoded. It is written aside and moved over the
/// old one, so a reader sees a whole file or none. A cache file is only ever a shortcut: one that cannot be read or
/// written adds a warning, and the run goes on without it.
/// </summary>
public static class CacheFile
{
    private const int HashLength = 16;

    /// <summary>The file's bytes; null when there is none (or it cannot be read, which adds a warning naming <paramref name="what"/>).</summary>
    public static byte[]? Read(string path, string what, List<string> warnings)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"cannot read {what} {path}: {e.Message}");
            return null;
        }
    }

    /// <summary>The payload of <paramref name="bytes"/>; null when they do not start with <paramref name="magic"/> or the payload is damaged.</summary>
    public static ArraySegment<byte>? Payload(byte[] bytes, ReadOnlySpan<byte> magic)
    {
        if (bytes.Length < magic.Length + HashLength || !bytes.AsSpan(0, magic.Length).SequenceEqual(magic))
        {
            return null;
        }

        var payload = new ArraySegment<byte>(bytes, magic.Length + HashLength, bytes.Length - magic.Length - HashLength);
        return BinaryPrimitives.ReadUInt128LittleEndian(bytes.AsSpan(magic.Length)) == XxHash128.HashToUInt128(payload) ? payload : (ArraySegment<byte>?)null;
    }

    /// <summary>The bytes of a cache file holding <paramref name="payload"/>.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> magic, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[magic.Length + HashLength + payload.Length];
        magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt128LittleEndian(bytes.AsSpan(magic.Length), XxHash128.HashToUInt128(payload));
        payload.CopyTo(bytes.AsSpan(magic.Length + HashLength));
        return bytes;
    }

    /// <summary>Replaces the file at <paramref name="path"/> with <paramref name="bytes"/>; one that cannot be written adds a warning naming <paramref name="what"/>.</summary>
    public static void Write(string path, byte[] bytes, string what, List<string> warnings)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
            RemoveAbandoned(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"cannot write {what} {path}: {e.Message}");
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: the temporary name is unique to this run.
            }
        }
    }

    /// <summary>
    /// Which build of the code that wrote a cache file: the module version ids of the assemblies of
    /// <paramref name="types"/> (builds are deterministic, so one changes when its module's compiled code does), and the
    /// runtime. A native executable has no module version ids, so there its own size and time stand for them.
    /// </summary>
    public static string CodeIdentity(params Type[] types)
    {
        string modules;
        try
        {
            modules = string.Join(',', types.Select(t => t.Module.ModuleVersionId));
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
        {
            var executable = new FileInfo(Environment.ProcessPath ?? string.Empty);
            modules = executable.Exists ? $"{executable.Length}:{executable.LastWriteTimeUtc.Ticks}" : Guid.NewGuid().ToString();
        }

        return $"{modules}|{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
    }

    /// <summary>
    /// Deletes what runs that were stopped while writing this cache file left (its temporary files), once they are an
    /// hour old: a younger one may be another run's, still being written.
    /// </summary>
    private static void RemoveAbandoned(string path)
    {
        foreach (var temporary in Directory.EnumerateFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + ".*.tmp"))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(temporary) < DateTime.UtcNow.AddHours(-1))
                {
                    File.Delete(temporary);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another run's to finish or remove.
            }
        }
    }
}
