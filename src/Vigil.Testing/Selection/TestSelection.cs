using Vigil.Content;
using Vigil.Content.Model;

namespace Vigil.Testing.Selection;

/// <summary>Which tests run: those of the named detections, or of every loaded detection that has tests and is not deprecated.</summary>
public static class TestSelection
{
    /// <summary>The test cases, or the first name that matches no detection.</summary>
    public static (IReadOnlyList<TestCase> Cases, string? Unknown) Select(ContentLibrary library, IReadOnlyList<string> requested)
    {
        var detections = new List<Detection>();
        if (requested.Count == 0)
        {
            detections.AddRange(library.Detections.Where(d => d.Tests.Count > 0 && !string.Equals(d.Status, "deprecated", StringComparison.OrdinalIgnoreCase)));
        }

        foreach (var wanted in requested)
        {
            if (library.Find(wanted) is not { } found)
            {
                return ([], wanted);
            }

            if (!detections.Contains(found))
            {
                detections.Add(found);
            }
        }

        return (detections.SelectMany(d => d.Tests.Select(t => new TestCase(d, t))).ToList(), null);
    }
}
