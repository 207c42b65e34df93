namespace Vigil.Spl.Values;

/// <summary>An event or a result row: fields by name (case-sensitive), in the order they were set.</summary>
public sealed class Row
{
    private readonly OrderedDictionary<string, Value> _fields;

    public Row() => _fields = new OrderedDictionary<string, Value>(StringComparer.Ordinal);

    public Row(int capacity) => _fields = new OrderedDictionary<string, Value>(capacity, StringComparer.Ordinal);

    private Row(OrderedDictionary<string, Value> fields) => _fields = fields;

    public int Count => _fields.Count;

    /// <summary>The events behind this row (null for rows no event made, such as a lookup's or makeresults').</summary>
    public Evidence? Evidence { get; set; }

    public IEnumerable<string> Names => _fields.Keys;

    public IEnumerable<KeyValuePair<string, Value>> Fields => _fields;

    /// <summary>The field's value, or null when it is absent.</summary>
    public Value this[string name]
    {
        get => _fields.TryGetValue(name, out var value) ? value : Value.Null;
        set
        {
            if (value.IsNull)
            {
                _fields.Remove(name);
            }
            else
            {
                _fields[name] = value;
            }
        }
    }

    public bool Has(string name) => _fields.ContainsKey(name);

    /// <summary>The field's position in set order, or -1: fields set later stand after earlier ones.</summary>
    public int IndexOf(string name) => _fields.IndexOf(name);

    public void Remove(string name) => _fields.Remove(name);

    /// <summary>Renames a field in place, keeping its position; an existing field of the new name is replaced.</summary>
    public void Rename(string from, string to)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return;
        }

        var index = _fields.IndexOf(from);
        if (index < 0)
        {
            return;
        }

        var value = _fields.GetAt(index).Value;
        _fields.Remove(to);
        index = _fields.IndexOf(from);
        _fields.RemoveAt(index);
        _fields.Insert(index, to, value);
    }

    /// <summary>A row of only the named fields this one has (with its evidence): a cheap copy when few fields are needed.</summary>
    public Row CopyOf(IReadOnlyList<string> names)
    {
        var copy = new Row(names.Count) { Evidence = Evidence };
        foreach (var name in names)
        {
            if (_fields.TryGetValue(name, out var value))
            {
                copy._fields.Add(name, value);
            }
        }

        return copy;
    }

    public Row Clone() => new(new OrderedDictionary<string, Value>(_fields, StringComparer.Ordinal)) { Evidence = Evidence };
}
