namespace Vigil.Events.Model;

/// <summary>
/// One string per distinct name (names repeat from event to event); bounded, so hostile input cannot grow it. A
/// name that searches compile to is already interned (FieldKey interns it): the cache keeps that same string, so a
/// field lookup finds its name by reference. Other names are not interned, which would keep them for good.
/// </summary>
internal sealed class FieldNameCache
{
    private const int MaxNames = 4096;

    // A direct-mapped front of the dictionary, a slot chosen from the name's length and three of its characters:
    // an event's few dozen names are found there with one comparison, without hashing the whole name.
    private const int Slots = 512;
    private readonly string?[] _recent = new string?[Slots];
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public FieldNameCache() => _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> name)
    {
        ref var slot = ref _recent[SlotOf(name)];
        if (slot is { } recent && name.SequenceEqual(recent))
        {
            return recent;
        }

        if (!_lookup.TryGetValue(name, out string? known))
        {
            known = name.ToString();
            if (_names.Count < MaxNames)
            {
                known = string.IsInterned(known) ?? known;
                _names[known] = known;
            }
        }

        slot = known;
        return known;
    }

    private static int SlotOf(ReadOnlySpan<char> name) => name.IsEmpty
        ? 0
        : (int)((uint)((name.Length * 31) + name[0] + (name[^1] * 7) + (name[name.Length / 2] * 13)) % Slots);
}
