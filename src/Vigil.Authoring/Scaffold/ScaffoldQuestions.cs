namespace Vigil.Authoring.Scaffold;

/// <summary>
/// Asks at a terminal for what the options did not give, as contentctl new does: the name (required), then type,
/// author, data sources, stories and MITRE ids, each with its default shown; an empty answer takes the default.
/// </summary>
public sealed class ScaffoldQuestions(TextReader input, TextWriter output)
{
    public string Ask(string question, string? defaultValue)
    {
        while (true)
        {
            output.Write(defaultValue is null ? $"{question}: " : $"{question} [{defaultValue}]: ");
            var answer = input.ReadLine()?.Trim();
            if (!string.IsNullOrEmpty(answer))
            {
                return answer;
            }

            if (defaultValue is not null || answer is null)
            {
                return defaultValue ?? string.Empty;
            }
        }
    }

    /// <summary>A comma-separated list; empty for none.</summary>
    public IReadOnlyList<string> AskList(string question) =>
        Ask(question + " (comma-separated, empty for none)", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
