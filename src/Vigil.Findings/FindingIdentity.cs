using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Vigil.Content.Model;
using Vigil.Events.Model;
using Vigil.Spl.Values;

namespace Vigil.Findings;

/// <summary>
/// A finding's stable id: a hash of the detection's id, the result row (columns and values, in order) and the evidence
/// (each event's full file path and place). Hunting the same files again gives the same ids; the same events copied
/// elsewhere, or a result rendered in another time zone, give new ones.
/// </summary>
internal static class FindingIdentity
{
    private const char Separator = '\u001f';

    // Findings are made on several threads, thousands at a time: each thread reuses its text and buffers (up to a size),
    // and the full path of the file its last evidence came from (a finding's events are mostly of one file).
    private const int KeptChars = 1 << 16;

    [ThreadStatic]
    private static StringBuilder? t_text;

    [ThreadStatic]
    private static (string Path, string FullPath)? t_lastPath;

    public static string Of(Detection detection, IReadOnlyList<string> columns, Row row, IReadOnlyList<EventReference> evidence)
    {
        var text = t_text ??= new StringBuilder();
        text.Clear();
        text.Append(detection.Id).Append('\n');
        foreach (var column in columns)
        {
            text.Append(column).Append('=');
            text.AppendJoin(Separator, row[column].Values);
            text.Append('\n');
        }

        foreach (var reference in evidence)
        {
            text.Append(FullPath(reference.Origin.Path)).Append(Separator).Append(reference.Origin.Location).Append('\n');
        }

        // The UTF-8 bytes of the text, hashed without making it a string.
        var chars = ArrayPool<char>.Shared.Rent(text.Length);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            text.CopyTo(0, chars, text.Length);
            var length = Encoding.UTF8.GetBytes(chars, 0, text.Length, bytes, 0);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes.AsSpan(0, length), hash);
            return Convert.ToHexStringLower(hash[..16]);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
            if (text.Capacity > KeptChars)
            {
                t_text = null;
            }
        }
    }

    private static string FullPath(string path)
    {
        if (t_lastPath is { } last && ReferenceEquals(last.Path, path))
        {
            return last.FullPath;
        }

        var full = Path.GetFullPath(path);
        t_lastPath = (path, full);
        return full;
    }
}
