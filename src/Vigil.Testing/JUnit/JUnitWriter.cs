using System.Globalization;
using System.Text;
using System.Xml;
using Vigil.Testing.Running;

namespace Vigil.Testing.JUnit;

/// <summary>
/// Writes test outcomes as JUnit XML, in the shape CI servers read (Jenkins, GitLab, GitHub test reporters): a
/// <c>&lt;testsuites&gt;</c> root; a <c>&lt;testsuite&gt;</c> per analytic story (a detection's first; its content pack
/// when it has none); a <c>&lt;testcase&gt;</c> per detection test, classname the detection, name the test; a
/// <c>&lt;failure&gt;</c> whose message says what was missing, <c>&lt;error&gt;</c> for tests that could not run,
/// <c>&lt;skipped&gt;</c> with the reason; times in seconds.
/// </summary>
public static class JUnitWriter
{
    public static void Write(Stream stream, IReadOnlyList<TestOutcome> outcomes, Func<TestOutcome, string> suiteOf, DateTimeOffset startedAt)
    {
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) });
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "vigil test");
        WriteCounts(xml, outcomes);
        foreach (var suite in outcomes.GroupBy(suiteOf))
        {
            var cases = suite.ToList();
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", suite.Key);
            WriteCounts(xml, cases);
            xml.WriteAttributeString("timestamp", startedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            foreach (var outcome in cases)
            {
                WriteCase(xml, outcome);
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteCounts(XmlWriter xml, IReadOnlyList<TestOutcome> outcomes)
    {
        xml.WriteAttributeString("tests", Number(outcomes.Count));
        xml.WriteAttributeString("failures", Number(outcomes.Count(o => o.Status == TestStatus.Fail)));
        xml.WriteAttributeString("errors", Number(outcomes.Count(o => o.Status == TestStatus.Error)));
        xml.WriteAttributeString("skipped", Number(outcomes.Count(o => o.Status == TestStatus.Skip)));
        xml.WriteAttributeString("time", Seconds(outcomes.Aggregate(TimeSpan.Zero, (sum, o) => sum + o.Duration)));
    }

    private static void WriteCase(XmlWriter xml, TestOutcome outcome)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", outcome.Case.Detection.Name);
        xml.WriteAttributeString("name", outcome.Case.Test.Name);
        xml.WriteAttributeString("time", Seconds(outcome.Duration));
        var element = outcome.Status switch
        {
            TestStatus.Fail => "failure",
            TestStatus.Error => "error",
            TestStatus.Skip => "skipped",
            _ => null,
        };
        if (element is not null)
        {
            xml.WriteStartElement(element);
            xml.WriteAttributeString("message", outcome.Message ?? string.Empty);
            if (outcome.Status != TestStatus.Skip)
            {
                xml.WriteAttributeString("type", outcome.DataMissing ? "MissingTestData" : outcome.Status == TestStatus.Fail ? "TestFailure" : "TestError");
                xml.WriteString($"{outcome.Case.Detection.Name} ({outcome.Case.Detection.Id}), {outcome.Case.Test.Name}: {outcome.Message}");
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
