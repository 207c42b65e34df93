using Vigil.Content.Model;

namespace Vigil.Testing.Selection;

/// <summary>One test of one detection: what <c>vigil test</c> runs and reports as a line (and a JUnit testcase).</summary>
public sealed record TestCase(Detection Detection, DetectionTest Test);
