namespace Vigil.Spl.Definitions;

/// <summary>The tags one field value carries (tags.conf <c>[field=value]</c>), enabled ones only.</summary>
public sealed record TagAssignment(string Field, string Value, IReadOnlyList<string> Tags);

/// <summary>
/// tags.conf: which tags each field value carries. A later file can enable or disable a tag for the same value,
/// as Splunk layers configuration files.
/// </summary>
public sealed class TagTable
{
    private readonly Dictionary<(string Field, string Value), Dictionary<string, bool>> _states = [];
    private List<TagAssignment>? _assignments;

    /// <summary>Every field value with at least one enabled tag, in the order first defined.</summary>
    public IReadOnlyList<TagAssignment> Assignments => _assignments ??= Build();


    public void Set(string field, string value, string tag, bool enabled)
    {
        if (!_states.TryGetValue((field, value), out var tags))
        {
            tags = new Dictionary<string, bool>(StringComparer.Ordinal);
            _states.Add((field, value), tags);
        }

        tags[tag] = enabled;
        _assignments = null;
    }

    private List<TagAssignment> Build() =>
        _states.Select(s => new TagAssignment(s.Key.Field, s.Key.Value, s.Value.Where(t => t.Value).Select(t => t.Key).ToList()))
            .Where(a => a.Tags.Count > 0)
            .ToList();
}
