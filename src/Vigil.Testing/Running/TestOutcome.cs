using Vigil.Spl.Execution;
using Vigil.Testing.Selection;

namespace Vigil.Testing.Running;

/// <summary>
/// How one test went: its status, what was wrong or why it was skipped, the events read, how long it took, and the
/// search's result (null when the search did not run).
/// </summary>
public sealed record TestOutcome(TestCase Case, TestStatus Status, string? Message, long EventsRead, TimeSpan Duration, SearchResult? Result = null)
{
    /// <summary>Set when the status is Error because attack data was not found.</summary>
    public bool DataMissing { get; init; }
}
