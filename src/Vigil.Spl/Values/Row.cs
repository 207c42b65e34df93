using System.Buffers;
using System.Numerics;

namespace Vigil.Spl.Values;

/// <summary>An event or a result row: fields by name (case-sensitive), in the order they were set.</summary>
/// <remarks>
/// Field lookups are most of what searches do to an event, so the row is its own small hash table rather than an
/// <see cref="OrderedDictionary{TKey, TValue}"/>: entries in set order, chained through a power-of-two bucket array,
/// the hash taken directly (no comparer called through an interface), or once per name with <see cref="FieldKey"/>,
/// and compared before the names. Removing a field shifts the later ones and rebuilds the chains: removal is rare
/// next to lookups.
/// </remarks>
public sealed class Row
{
    private const int MinimumCapacity = 4;

    // Fields in set order, each with its hash and, in its bucket's chain, one more than the index of the field set
    // before it (0: none); per bucket, one more than the index of the last field set in it.
    private Entry[] _entries;
    private int[] _buckets;
    private int _count;
    private int _version;

    public Row()
        : this(MinimumCapacity)
    {
    }

    public Row(int capacity)
    {
        capacity = Math.Max(capacity, MinimumCapacity);
        _entries = new Entry[capacity];
        _buckets = new int[BucketCountFor(capacity)];
    }

    private Row(Row other)
    {
        _entries = new Entry[Math.Max(other._count, MinimumCapacity)];
        Array.Copy(other._entries, _entries, other._count);
        _buckets = other._entries.Length == _entries.Length ? (int[])other._buckets.Clone() : new int[BucketCountFor(_entries.Length)];
        _count = other._count;
        if (other._entries.Length != _entries.Length)
        {
            Rechain();
        }

        Evidence = other.Evidence;
    }

    public int Count => _count;

    /// <summary>How many fields the row holds before it must grow.</summary>
    internal int Capacity => _entries.Length;

    /// <summary>The events behind this row (null for rows no event made, such as a lookup's or makeresults').</summary>
    public Evidence? Evidence { get; set; }

    public IEnumerable<string> Names
    {
        get
        {
            var version = _version;
            for (var i = 0; i < _count; i++)
            {
                ThrowIfChanged(version);
                yield return _entries[i].Name;
            }

            ThrowIfChanged(version);
        }
    }

    public IEnumerable<KeyValuePair<string, Value>> Fields
    {
        get
        {
            var version = _version;
            for (var i = 0; i < _count; i++)
            {
                ThrowIfChanged(version);
                yield return new KeyValuePair<string, Value>(_entries[i].Name, _entries[i].Value);
            }

            ThrowIfChanged(version);
        }
    }

    /// <summary>The field's value, or null when it is absent.</summary>
    public Value this[string name]
    {
        get => this[FieldKey.Of(name)];
        set => this[FieldKey.Of(name)] = value;
    }

    /// <summary>The field's value, or null when it is absent; the same as by name, without hashing the name again.</summary>
    public Value this[FieldKey key]
    {
        get
        {
            var index = Find(key);
            return index < 0 ? Value.Null : _entries[index].Value;
        }

        set
        {
            var index = Find(key);
            if (value.IsNull)
            {
                if (index >= 0)
                {
                    RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                // A new value for a field the row has: its fields stay as they are, so an enumeration goes on.
                _entries[index].Value = value;
            }
            else
            {
                Append(key, value);
            }
        }
    }

    public bool Has(string name) => Find(FieldKey.Of(name)) >= 0;

    /// <summary>Sets the field unless the row has it (false then): one lookup where Has and then set take two.</summary>
    public bool TryAdd(string name, Value value)
    {
        var key = FieldKey.Of(name);
        if (Find(key) >= 0)
        {
            return false;
        }

        if (!value.IsNull)
        {
            Append(key, value);
        }

        return true;
    }

    public bool Has(FieldKey key) => Find(key) >= 0;

    /// <summary>The field's position in set order, or -1: fields set later stand after earlier ones.</summary>
    public int IndexOf(string name) => Find(FieldKey.Of(name));

    public void Remove(string name)
    {
        var index = Find(FieldKey.Of(name));
        if (index >= 0)
        {
            RemoveAt(index);
        }
    }

    /// <summary>Renames a field in place, keeping its position; an existing field of the new name is replaced.</summary>
    public void Rename(string from, string to)
    {
        if (string.Equals(from, to, StringComparison.Ordinal) || IndexOf(from) < 0)
        {
            return;
        }

        Remove(to);
        var index = IndexOf(from);
        var key = FieldKey.Of(to);
        _entries[index].Name = key.Name;
        _entries[index].Hash = key.Hash;
        Rechain();
    }

    /// <summary>
    /// A row of only the named fields this one has (with its evidence): a cheap copy when few fields are needed.
    /// <paramref name="room"/> is how many fields the caller will add to it, so the copy is made that much larger.
    /// </summary>
    public Row CopyOf(IReadOnlyList<FieldKey> names, int room = 0)
    {
        // Found first, so the copy is made the size of what this row has of them (often far fewer than asked for).
        var found = ArrayPool<int>.Shared.Rent(names.Count);
        var count = 0;
        for (var i = 0; i < names.Count; i++)
        {
            if ((found[i] = Find(names[i])) >= 0)
            {
                count++;
            }
        }

        var copy = new Row(count + room) { Evidence = Evidence };
        for (var i = 0; i < names.Count; i++)
        {
            if (found[i] >= 0 && copy.Find(names[i]) < 0)
            {
                copy.Append(names[i], _entries[found[i]].Value);
            }
        }

        ArrayPool<int>.Shared.Return(found);
        return copy;
    }

    public Row Clone() => new(this);

    /// <summary>
    /// Makes this row hold only the named fields <paramref name="other"/> has (with its evidence), as
    /// <see cref="CopyOf"/> would, reusing this row's storage: for a working copy made for every event and read only
    /// while the event is handled.
    /// </summary>
    internal void ReplaceWith(Row other, IReadOnlyList<FieldKey> names)
    {
        Array.Clear(_entries, 0, _count);
        Array.Clear(_buckets);
        _count = 0;
        _version++;
        Evidence = other.Evidence;
        for (var i = 0; i < names.Count; i++)
        {
            var found = other.Find(names[i]);
            if (found >= 0 && Find(names[i]) < 0)
            {
                Append(names[i], other._entries[found].Value);
            }
        }
    }

    private int Find(FieldKey key)
    {
        var entries = _entries;
        for (var link = _buckets[key.Hash & (_buckets.Length - 1)]; link != 0;)
        {
            ref var entry = ref entries[link - 1];
            if (entry.Hash == key.Hash && (ReferenceEquals(entry.Name, key.Name) || string.Equals(entry.Name, key.Name, StringComparison.Ordinal)))
            {
                return link - 1;
            }

            link = entry.Next;
        }

        return -1;
    }

    private void Append(FieldKey key, Value value)
    {
        ArgumentNullException.ThrowIfNull(key.Name, nameof(key));
        if (_count == _entries.Length)
        {
            Grow();
        }

        var index = _count++;
        ref var bucket = ref _buckets[key.Hash & (_buckets.Length - 1)];
        _entries[index] = new Entry { Name = key.Name, Value = value, Hash = key.Hash, Next = bucket };
        bucket = index + 1;
        _version++;
    }

    private void RemoveAt(int index)
    {
        Array.Copy(_entries, index + 1, _entries, index, _count - index - 1);
        _count--;
        _entries[_count] = default;
        Rechain();
    }

    private void Grow()
    {
        Array.Resize(ref _entries, _entries.Length * 2);
        _buckets = new int[BucketCountFor(_entries.Length)];
        Rechain();
    }

    /// <summary>Links every field into its bucket again, in set order (so a name found first is the one set first).</summary>
    private void Rechain()
    {
        Array.Clear(_buckets);
        for (var i = 0; i < _count; i++)
        {
            ref var bucket = ref _buckets[_entries[i].Hash & (_buckets.Length - 1)];
            _entries[i].Next = bucket;
            bucket = i + 1;
        }

        _version++;
    }

    private void ThrowIfChanged(int version)
    {
        if (version != _version)
        {
            throw new InvalidOperationException("the row changed while its fields were enumerated");
        }
    }

    private static int BucketCountFor(int capacity) => (int)BitOperations.RoundUpToPowerOf2((uint)capacity);

    /// <summary>
    /// The runtime's randomized string hash: field names come from the input (EventData names, JSON keys), and a hash
    /// the input could predict would let it put every field of an event in one chain. (string.GetHashCode is that
    /// ordinal hash, without first asking StringComparer for the comparison's comparer.)
    /// </summary>
    internal static int Hash(string name) => name.GetHashCode();

    private struct Entry
    {
        public string Name;
        public Value Value;
        public int Hash;
        public int Next;
    }
}

/// <summary>
/// A field name with its hash worked out once: for the lookups a search or the knowledge repeats on every event
/// (<c>row[key]</c> finds the same field as <c>row[name]</c>). The name is the runtime's interned string, as are the
/// names events are read with, so that a lookup usually finds its field by reference.
/// </summary>
public readonly struct FieldKey
{
    public FieldKey(string name)
        : this(string.Intern(name ?? throw new ArgumentNullException(nameof(name))), Row.Hash(name))
    {
    }

    private FieldKey(string name, int hash)
    {
        Name = name;
        Hash = hash;
    }

    /// <summary>Splunk's index-time fields, which dispatch and the knowledge read on every event.</summary>
    public static FieldKey Source { get; } = new("source");

    public static FieldKey Sourcetype { get; } = new("sourcetype");

    public static FieldKey Host { get; } = new("host");

    public string Name { get; }

    internal int Hash { get; }

    public override string ToString() => Name;

    /// <summary>A key for one lookup by a name met at run time: not interned, which would cost more than it saves.</summary>
    internal static FieldKey Of(string name) => new(name ?? throw new ArgumentNullException(nameof(name)), Row.Hash(name));
}
