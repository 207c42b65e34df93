namespace Vigil.Hunt.Sinks;

/// <summary>
/// A sink with a line for the hunt's summary once it has finished, such as where the store recorded the hunt. Sinks
/// finish in the order <see cref="HuntOptions.Sinks"/> lists them, so one that shows the summary comes after those whose
/// notes it shows.
/// </summary>
public interface ISummaryNote
{
    /// <summary>The summary line (a label and its text), or null when the sink has nothing to say.</summary>
    (string Label, string Text)? SummaryNote { get; }
}
