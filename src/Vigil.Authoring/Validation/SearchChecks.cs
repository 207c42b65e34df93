using Vigil.Content.Loading;
using Vigil.Content;
using Vigil.Spl.Syntax;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Authoring.Validation;

/// <summary>
/// What compiling the search says. Malformed SPL (VAL040), a macro no content defines (VAL032) and a lookup nothing
/// defines (VAL033) are the content's faults, reported with the SPL column. Anything else that keeps Vigil from
/// running it (a command it does not run, an event type or data model its knowledge lacks, a KV store lookup) is
/// no fault of the content: it is the "runs here" verdict (VAL050, info), the same one <c>vigil detections</c> gives.
/// </summary>
public static class SearchChecks
{
    public static IEnumerable<ValidationDiagnostic> Check(DetectionContext context, ContentLibrary library)
    {
        if (context.Failure is not { } failure)
        {
            yield break;
        }

        foreach (var diagnostic in failure.Diagnostics)
        {
            var fault = diagnostic.Id switch
            {
                SplDiagnosticId.SyntaxError or SplDiagnosticId.MacroError => (ValidationCodes.SplDoesNotParse, "the SPL does not parse"),
                SplDiagnosticId.UnknownMacro => (ValidationCodes.UnknownMacro, $"unknown macro '{diagnostic.Subject}'"),
                SplDiagnosticId.UnknownLookup when diagnostic.Subject is { } lookup && !library.UnavailableLookups.ContainsKey(lookup) =>
                    (ValidationCodes.UnknownLookup, $"unknown lookup '{lookup}'"),
                _ => ((string, string)?)null,
            };
            if (fault is var (code, cause))
            {
                yield return Positioned(context, diagnostic, code, cause);
            }
        }

        yield return context.Info(ValidationCodes.DoesNotRunHere, "search", "Vigil cannot run it: " + failure.Summary, "does not run here: " + failure.Causes[0]);
    }

    private static ValidationDiagnostic Positioned(DetectionContext context, SplDiagnostic diagnostic, string code, string cause)
    {
        var (asWritten, position) = InWrittenSearch(diagnostic, context.Detection.Search);
        var line = context.LineOf("search");
        var column = position + 1;
        if (asWritten && context.Yaml?.Children.TryGetValue(new YamlScalarNode("search"), out var node) == true
            && node is YamlScalarNode { Style: ScalarStyle.Literal } block)
        {
            // A literal block keeps the search's lines as the file's: name the line the problem is on.
            var before = context.Detection.Search[..Math.Clamp(position, 0, context.Detection.Search.Length)];
            line = (int)block.Start.Line + 1 + before.Count(c => c == '\n');
            column = before.Length - before.LastIndexOf('\n');
        }

        return new ValidationDiagnostic(code, ValidationSeverity.Error, context.File, line, diagnostic.Message, $"{code} {cause}")
        {
            SplColumn = column,
            SplColumnIn = asWritten ? SplText.AsWritten : SplText.Expanded,
        };
    }

    /// <summary>
    /// Where a problem found in the expanded search stands in the search as written, when the text on one side of it
    /// is the same in both (no macro expanded between it and that end); otherwise its place in the expanded search.
    /// </summary>
    private static (bool AsWritten, int Position) InWrittenSearch(SplDiagnostic diagnostic, string written)
    {
        var position = diagnostic.Position;
        if (diagnostic.SourceText is not { } expanded || expanded == written)
        {
            return (true, position);
        }

        position = Math.Clamp(position, 0, expanded.Length);
        var trimmedEnd = written.TrimEnd();
        var tail = expanded[position..];
        if (tail.Length > 0 && trimmedEnd.EndsWith(tail, StringComparison.Ordinal))
        {
            return (true, trimmedEnd.Length - tail.Length);
        }

        var leading = written.Length - written.TrimStart().Length;
        return written.AsSpan(leading).StartsWith(expanded.AsSpan(0, position), StringComparison.Ordinal)
            ? (true, leading + position)
            : (false, position);
    }
}
