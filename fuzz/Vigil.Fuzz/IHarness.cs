namespace Vigil.Fuzz;

/// <summary>
/// One fuzz target: feeds an input to a Vigil entry point, catching only the errors that entry point documents for
/// bad input. Anything else escapes, and AFL records the input as a crash.
/// </summary>
internal interface IHarness
{
    /// <summary>Runs one input; returns how many units (events, searches, files) it read, for --replay to show.</summary>
    int Run(byte[] input);
}
