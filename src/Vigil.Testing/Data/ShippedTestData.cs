namespace Vigil.Testing.Data;

/// <summary>
/// The attack data of the shipped detections' tests (content/tests in the repository), copied beside the vigil
/// binary at build and publish time, so <c>vigil test</c> runs the shipped tests with no <c>--data-dir</c>.
/// </summary>
public static class ShippedTestData
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "content", "tests");
}
