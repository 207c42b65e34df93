namespace Vigil.Evtx.Internal;

/// <summary>One damaged part of a record that was replaced by a marker: where (chunk offset) and what.</summary>
internal readonly record struct SalvageEntry(int Offset, string Message);

/// <summary>Where a compiled template is defined: its instance id and chunk offset (for the file-wide template index).</summary>
internal readonly record struct TemplateLocation(uint TemplateId, int Offset);

/// <summary>
/// The damage salvaged while rendering one record. Empty (and allocation-free) for intact records; a record with any
/// entry is yielded as salvaged, with one warning.
/// </summary>
internal sealed class SalvageLog
{
    private readonly List<SalvageEntry> _entries = [];

    public int Count => _entries.Count;

    public IReadOnlyList<SalvageEntry> Entries => _entries;

    public void Add(int offset, string message) => _entries.Add(new SalvageEntry(offset, message));

    public void AddRange(IReadOnlyList<SalvageEntry> entries)
    {
        // Called for every template instance: intact templates must not cost an enumerator.
        if (entries.Count == 0)
        {
            return;
        }

        foreach (SalvageEntry e in entries)
        {
            _entries.Add(e);
        }
    }

    /// <summary>Removes and returns the entries added after the first <paramref name="mark"/> (damage of a compiled template).</summary>
    public SalvageEntry[] TakeSince(int mark)
    {
        if (_entries.Count <= mark)
        {
            return [];
        }

        SalvageEntry[] taken = [.. _entries.Skip(mark)];
        _entries.RemoveRange(mark, _entries.Count - mark);
        return taken;
    }

    public void Clear() => _entries.Clear();

    /// <summary>One line for the warning: the first damage, and how many more.</summary>
    public string Describe() => _entries.Count switch
    {
        0 => string.Empty,
        1 => _entries[0].Message,
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_entries[0].Message} (and {_entries.Count - 1} more damaged parts)"),
    };
}
