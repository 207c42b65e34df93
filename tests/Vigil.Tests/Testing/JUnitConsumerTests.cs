using System.Diagnostics;
using System.Text.Json;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.CliRunner;

namespace Vigil.Tests.Testing;

/// <summary>
/// The JUnit file `vigil test` writes, read by a JUnit consumer others use: junitparser (Debian python3-junitparser,
/// which .ci/run installs), the library CI systems' report plugins build on.
/// </summary>
public class JUnitConsumerTests
{
    private const string Seed = "40c2ba5b-dd6a-496b-9e6e-c9524d0be167";
    private const string Python = "/usr/bin/python3";

    // Per test case: suite, classname, name and the result as junitparser sees it (passed, failure, skipped, error).
    private const string Reader = """
        import json, sys
        from junitparser import JUnitXml, Failure, Skipped, Error
        xml = JUnitXml.fromfile(sys.argv[1])
        cases = []
        for suite in xml:
            for case in suite:
                kinds = [type(r).__name__.lower() for r in case.result]
                messages = [r.message for r in case.result]
                cases.append({"suite": suite.name, "classname": case.classname, "name": case.name,
                              "result": kinds[0] if kinds else "passed", "message": messages[0] if messages else None})
        print(json.dumps({"tests": xml.tests, "failures": xml.failures, "skipped": xml.skipped, "cases": cases}))
        """;

    private static JsonElement ReadWithJunitparser(string file)
    {
        var available = File.Exists(Python) && Run(Python, "-c", "import junitparser").ExitCode == 0;
        if (!available && Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
        {
            Assert.Fail("python3-junitparser is not installed on CI (.ci/run installs it)");
        }

        Assert.SkipUnless(available, "python3-junitparser is not installed (apt-get install python3-junitparser); JUnit consumer check skipped");
        var (exit, output, errors) = Run(Python, "-c", Reader, file);
        Assert.True(exit == 0, errors);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static (int ExitCode, string Out, string Err) Run(string exe, params string[] args)
    {
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, errors.Result);
    }

    [Fact]
    public void Junitparser_reads_each_test_with_the_result_vigil_reports()
    {
        using var dir = new TempDirectory();
        var junit = Path.Combine(dir.Path, "junit.xml");
        var (exit, output, errors) = RunVigil("test", "--format", "json", "--junit", junit);
        Assert.True(exit == 0, errors);
        var reported = JsonDocument.Parse(output).RootElement.GetProperty("tests").EnumerateArray().ToList();

        var read = ReadWithJunitparser(junit);
        Assert.Equal(reported.Count, read.GetProperty("tests").GetInt32());
        Assert.Equal(0, read.GetProperty("failures").GetInt32());
        var cases = read.GetProperty("cases").EnumerateArray().ToList();
        foreach (var test in reported)
        {
            var detection = test.GetProperty("detection").GetString();
            var junitCase = Assert.Single(cases, c => c.GetProperty("classname").GetString() == detection);
            Assert.Equal(test.GetProperty("test").GetString(), junitCase.GetProperty("name").GetString());
            var expected = test.GetProperty("result").GetString() switch
            {
                "PASS" => "passed",
                "SKIP" => "skipped",
                "FAIL" => "failure",
                _ => "error",
            };
            Assert.Equal(expected, junitCase.GetProperty("result").GetString());
        }
    }

    [Fact]
    public void A_failing_test_is_a_junit_failure_saying_what_was_missing()
    {
        using var dir = new TempDirectory();
        var withoutTheEvent = File.ReadAllLines(Path.Combine(TestPaths.RepoRoot, "content", "tests", "iis_components", "2282_windows-application.log"))
            .Where(line => !line.Contains("<EventID Qualifiers='49152'>2282<", StringComparison.Ordinal) && !line.Contains(">2282<", StringComparison.Ordinal));
        dir.Write("data/2282_windows-application.log", string.Join("\n", withoutTheEvent) + "\n");
        var junit = Path.Combine(dir.Path, "junit.xml");
        var (exit, _, _) = RunVigil("test", "--detection", Seed, "--data-dir", Path.Combine(dir.Path, "data"), "--junit", junit);
        Assert.Equal(1, exit);

        var read = ReadWithJunitparser(junit);
        Assert.Equal(1, read.GetProperty("failures").GetInt32());
        var failure = Assert.Single(read.GetProperty("cases").EnumerateArray());
        Assert.Equal("failure", failure.GetProperty("result").GetString());
        Assert.Equal("IIS Components", failure.GetProperty("suite").GetString());
        Assert.Contains("no result", failure.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
