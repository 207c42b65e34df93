namespace Vigil.Spl.Macros;

/// <summary>A search macro: <c>`name`</c> or <c>`name(a, b)`</c>, whose arguments replace <c>$a$</c> in the definition.</summary>
public sealed record MacroDefinition(string Name, IReadOnlyList<string> Arguments, string Definition, string? Origin = null)
{
    /// <summary>The key Splunk files a macro under: <c>name</c>, or <c>name(N)</c> with N arguments.</summary>
    public string Key => KeyFor(Name, Arguments.Count);

    public static string KeyFor(string name, int argumentCount) =>
        argumentCount == 0 ? name : $"{name}({argumentCount})";
}

/// <summary>An event type: a name for a search, used as <c>eventtype=name</c>.</summary>
public sealed record EventTypeDefinition(string Name, string Search, string? Origin = null);

/// <summary>The macros and event types a search may use. Adding a name again replaces the earlier definition.</summary>
public sealed class SplDefinitions
{
    private readonly Dictionary<string, MacroDefinition> _macros = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EventTypeDefinition> _eventTypes = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, MacroDefinition> Macros => _macros;

    public IReadOnlyDictionary<string, EventTypeDefinition> EventTypes => _eventTypes;

    public void Add(MacroDefinition macro) => _macros[macro.Key] = macro;

    public void Add(EventTypeDefinition eventType) => _eventTypes[eventType.Name] = eventType;
}
