namespace Vigil.Evtx.Testing;

/// <summary>One event for <see cref="EvtxWriter"/>: the System fields, EventData and optional binary data.</summary>
public sealed record EvtxTestEvent
{
    public string ProviderName { get; init; } = "Microsoft-Windows-IIS-W3SVC-WP";

    /// <summary>Rendered as {UPPER-CASE}; the Guid attribute is left out when null.</summary>
    public Guid? ProviderGuid { get; init; }

    /// <summary>The EventSourceName attribute is left out when null.</summary>
    public string? EventSourceName { get; init; }

    public ushort EventId { get; init; }

    /// <summary>The Qualifiers attribute is left out when null.</summary>
    public ushort? Qualifiers { get; init; }

    public byte Version { get; init; }

    public byte Level { get; init; }

    public ushort Task { get; init; }

    public byte Opcode { get; init; }

    /// <summary>Rendered as 0x... (lower case, no padding).</summary>
    public ulong Keywords { get; init; }

    /// <summary>Stored as a FILETIME: full 100 ns precision survives. Local times are converted to UTC.</summary>
    public DateTime TimeCreatedUtc { get; init; }

    public ulong EventRecordId { get; init; }

    public uint ProcessId { get; init; }

    public uint ThreadId { get; init; }

    public string Channel { get; init; } = "Application";

    public string Computer { get; init; } = "";

    /// <summary>"S-1-5-18" style; &lt;Security UserID=...&gt; when set, else &lt;Security/&gt;.</summary>
    public string? UserSid { get; init; }

    /// <summary>&lt;EventData&gt;&lt;Data Name="..."&gt;value&lt;/Data&gt;, in order.</summary>
    public IReadOnlyList<(string Name, string Value)> Data { get; init; } = [];

    /// <summary>&lt;EventData&gt;&lt;Binary&gt;HEX&lt;/Binary&gt; when set.</summary>
#pragma warning disable CA1819 // The API is fixed: a byte array is what callers have.
    public byte[]? Binary { get; init; }
#pragma warning restore CA1819
}
