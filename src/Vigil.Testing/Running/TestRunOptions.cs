using Vigil.Events.Sources;
using Vigil.Hunt;
using Vigil.Testing.Data;

namespace Vigil.Testing.Running;

/// <summary>What every test of a run shares: the loaded knowledge and content, where attack data is found, and now.</summary>
public sealed class TestRunOptions
{
    public required LoadedContent Content { get; init; }

    public required AttackDataLocator Locator { get; init; }

    /// <summary>How the attack data is read (its limits).</summary>
    public InputOptions Input { get; init; } = InputOptions.Default;

    /// <summary>The time update_timestamp moves the newest event to, and the searches' now.</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
}
