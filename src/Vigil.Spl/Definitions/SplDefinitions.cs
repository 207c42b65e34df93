using Vigil.Spl.DataModels;
using Vigil.Spl.Execution;
using Vigil.Spl.Lookups;

namespace Vigil.Spl.Definitions;

/// <summary>A search macro: <c>`name`</c> or <c>`name(a, b)`</c>, whose arguments replace <c>$a$</c> in the definition.</summary>
public sealed record MacroDefinition(string Name, IReadOnlyList<string> Arguments, string Definition, string? Origin = null)
{
    /// <summary>The key Splunk files a macro under: <c>name</c>, or <c>name(N)</c> with N arguments.</summary>
    public string Key => KeyFor(Name, Arguments.Count);

    public static string KeyFor(string name, int argumentCount) =>
        argumentCount == 0 ? name : $"{name}({argumentCount})";
}

/// <summary>
/// An event type: a name for a search, used as <c>eventtype=name</c>. On an event, types with a priority are listed
/// first (1 is highest), then those without one, each group by name.
/// </summary>
public sealed record EventTypeDefinition(string Name, string Search, string? Origin = null, int? Priority = null);

/// <summary>
/// What a search may refer to besides fields: macros, event types, tags, data models and lookups. Adding a name
/// again replaces the earlier definition.
/// </summary>
public sealed class SplDefinitions
{
    private readonly Dictionary<string, MacroDefinition> _macros = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EventTypeDefinition> _eventTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DataModel> _dataModels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LookupDefinition> _lookups = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), CompiledDataset> _compiledDatasets = [];
    private SplLimits _limits = SplLimits.Default;

    public IReadOnlyDictionary<string, MacroDefinition> Macros => _macros;

    public IReadOnlyDictionary<string, EventTypeDefinition> EventTypes => _eventTypes;

    public TagTable Tags { get; } = new();

    public IReadOnlyDictionary<string, DataModel> DataModels => _dataModels;

    public IReadOnlyDictionary<string, LookupDefinition> Lookups => _lookups;

    /// <summary>
    /// The limits of the searches compiled with these definitions (macro nesting when compiling, the rest when they run)
    /// and of the lookup tables they hold, read on first use. Set it before the tables are read.
    /// </summary>
    public SplLimits Limits
    {
        get => _limits;
        set
        {
            _limits = value;
            foreach (var lookup in _lookups.Values)
            {
                lookup.MaxRows = value.LookupRows;
            }
        }
    }

    public void Add(MacroDefinition macro) => Changed(() => _macros[macro.Key] = macro);

    public void Add(EventTypeDefinition eventType) => Changed(() => _eventTypes[eventType.Name] = eventType);

    public void Add(DataModel model) => Changed(() => _dataModels[model.Name] = model);

    public void Add(LookupDefinition lookup)
    {
        lookup.MaxRows = _limits.LookupRows;
        Changed(() => _lookups[lookup.Name] = lookup);
    }

    public bool RemoveEventType(string name)
    {
        _compiledDatasets.Clear();
        return _eventTypes.Remove(name);
    }

    /// <summary>
    /// A data model dataset compiled once for every search that uses it (so that one hunt projects each event into it
    /// once); compiled again after any definition changes.
    /// </summary>
    internal CompiledDataset CompiledDataset(string model, string dataset, Func<CompiledDataset> compile)
    {
        lock (_compiledDatasets)
        {
            if (!_compiledDatasets.TryGetValue((model, dataset), out var compiled))
            {
                compiled = compile();
                _compiledDatasets.Add((model, dataset), compiled);
            }

            return compiled;
        }
    }

    private void Changed(Action change)
    {
        change();
        lock (_compiledDatasets)
        {
            _compiledDatasets.Clear();
        }
    }
}
