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

    public static string Of(Detection detection, IReadOnlyList<string> columns, Row row, IReadOnlyList<EventReference> evidence)
    {
        var text = new StringBuilder();
        text.Append(detection.Id).Append('\n');
        foreach (var column in columns)
        {
            text.Append(column).Append('=');
            text.AppendJoin(Separator, row[column].Values);
            text.Append('\n');
        }

        foreach (var reference in evidence)
        {
            text.Append(Path.GetFullPath(reference.Origin.Path)).Append(Separator).Append(reference.Origin.Location).Append('\n');
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
