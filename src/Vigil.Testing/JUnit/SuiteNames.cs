using Vigil.Content.Model;

namespace Vigil.Testing.JUnit;

/// <summary>
/// The JUnit suite a detection's tests belong to: its first analytic story, or, when it has none, the content pack it
/// came from (the <c>--content</c> folder holding it, or Vigil's shipped content).
/// </summary>
public sealed class SuiteNames(IReadOnlyList<string> contentDirectories)
{
    public const string ShippedContent = "Vigil shipped content";

    private readonly IReadOnlyList<string> _contentDirectories = contentDirectories.Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d))).ToList();

    public string Of(Detection detection)
    {
        if (detection.AnalyticStories.Count > 0)
        {
            return detection.AnalyticStories[0];
        }

        if (detection.Origin.StartsWith("shipped:", StringComparison.Ordinal))
        {
            return ShippedContent;
        }

        var origin = Path.GetFullPath(detection.Origin);
        var pack = _contentDirectories.FirstOrDefault(d => origin.StartsWith(d + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        return pack is null ? Path.GetDirectoryName(origin)! : Path.GetFileName(pack);
    }
}
