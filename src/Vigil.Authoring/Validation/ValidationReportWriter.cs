using System.Text.Json;

namespace Vigil.Authoring.Validation;

/// <summary>Writes a validation report as a table (a line per detection, its findings under it, then the summary) or as JSON.</summary>
public static class ValidationReportWriter
{
    public static void WriteTable(ValidationReport report, TextWriter output)
    {
        foreach (var detection in report.Detections)
        {
            var verdict = detection.RunsHere ? "runs here" : "cannot run here: " + detection.CannotRunReason;
            var status = detection.Errors + detection.Warnings == 0 ? "ok" : $"{detection.Errors} errors, {detection.Warnings} warnings";
            output.WriteLine($"{detection.Detection.Name}\t{detection.Detection.Id}\t{status}\t{verdict}");
            foreach (var diagnostic in detection.Diagnostics.Where(d => d.Code != ValidationCodes.DoesNotRunHere))
            {
                output.WriteLine("    " + diagnostic);
            }
        }

        output.WriteLine();
        output.WriteLine($"validate: {report.Detections.Count} detections, {report.RunHere} run here, {report.Detections.Count - report.RunHere} cannot; "
            + $"{report.WithErrors} with errors ({report.Errors} errors), {report.WithWarnings} with warnings ({report.Warnings} warnings)"
            + (report.DataSourcesChecked ? string.Empty : "; data sources unchecked (no content defines any)"));
        if (report.Causes.Count > 0)
        {
            output.WriteLine("causes (detections, severity, cause):");
            foreach (var cause in report.Causes)
            {
                output.WriteLine($"{cause.Detections,6}  {cause.Severity.ToString().ToLowerInvariant(),-7}  {cause.Cause}");
            }
        }
    }

    public static void WriteJson(ValidationReport report, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("detections");
            foreach (var detection in report.Detections)
            {
                json.WriteStartObject();
                json.WriteString("name", detection.Detection.Name);
                json.WriteString("id", detection.Detection.Id);
                json.WriteString("file", detection.File);
                json.WriteBoolean("runs_here", detection.RunsHere);
                if (detection.CannotRunReason is { } reason)
                {
                    json.WriteString("cannot_run_reason", reason);
                }

                json.WriteStartArray("diagnostics");
                foreach (var diagnostic in detection.Diagnostics)
                {
                    json.WriteStartObject();
                    json.WriteString("id", diagnostic.Code);
                    json.WriteString("severity", diagnostic.SeverityName);
                    json.WriteString("file", diagnostic.File);
                    json.WriteNumber("line", diagnostic.Line);
                    if (diagnostic.SplColumn is { } column)
                    {
                        json.WriteNumber("spl_column", column);
                        json.WriteString("spl_text", diagnostic.SplColumnIn == SplText.Expanded ? "expanded" : "as_written");
                    }

                    json.WriteString("message", diagnostic.Message);
                    json.WriteString("cause", diagnostic.Cause);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("summary");
            json.WriteNumber("detections", report.Detections.Count);
            json.WriteNumber("run_here", report.RunHere);
            json.WriteNumber("cannot_run", report.Detections.Count - report.RunHere);
            json.WriteNumber("with_errors", report.WithErrors);
            json.WriteNumber("errors", report.Errors);
            json.WriteNumber("with_warnings", report.WithWarnings);
            json.WriteNumber("warnings", report.Warnings);
            json.WriteBoolean("data_sources_checked", report.DataSourcesChecked);
            json.WriteStartArray("causes");
            foreach (var cause in report.Causes)
            {
                json.WriteStartObject();
                json.WriteString("cause", cause.Cause);
                json.WriteString("severity", cause.Severity.ToString().ToLowerInvariant());
                json.WriteNumber("detections", cause.Detections);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
