using System.Buffers;
using System.Globalization;
using System.Text;
using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;

namespace Vigil.Spl.Macros;

/// <summary>
/// Expands <c>`macro`</c> and <c>`macro(arg, ...)`</c> references textually, as Splunk does, until none are left.
/// A missing <c>*_filter</c> macro stands for <c>search *</c>, as contentctl generates it; any other unknown macro is
/// an error naming it.
/// </summary>
public static class MacroExpander
{
    private static readonly SearchValues<char> Special = SearchValues.Create("\\`\"");

    public static string Expand(string search, SplDefinitions definitions)
    {
        var (expanded, diagnostics) = ExpandCollecting(search, definitions);
        if (diagnostics.Count > 0)
        {
            throw new SplCompileException(search, diagnostics);
        }

        return expanded;
    }

    /// <summary>Expands what it can (an unknown macro becomes nothing) and lists the problems, positioned in the search as written.</summary>
    public static (string Expanded, IReadOnlyList<SplDiagnostic> Diagnostics) ExpandCollecting(string search, SplDefinitions definitions)
    {
        var diagnostics = new List<SplDiagnostic>();
        var expanded = Expand(search, definitions, diagnostics, [], 0);
        return (expanded, diagnostics.Select(d => d with { SourceText = search }).ToList());
    }

    private static string Expand(string text, SplDefinitions definitions, List<SplDiagnostic> diagnostics, HashSet<string> active, int depth)
    {
        if (!text.Contains('`', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length * 2);
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            // Plain text up to the next character that matters goes over at once.
            var plain = text.AsSpan(i).IndexOfAny(Special);
            if (plain != 0)
            {
                builder.Append(text.AsSpan(i, plain < 0 ? text.Length - i : plain));
                if (plain < 0)
                {
                    break;
                }

                i += plain;
            }

            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] == '`')
            {
                // An escaped backtick is a literal one. Splunk expands macros everywhere else, quotes or not.
                builder.Append('`');
                i++;
                continue;
            }

            if (c == '\\' && quoted && i + 1 < text.Length)
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            if (c != '`')
            {
                quoted ^= c == '"';
                builder.Append(c);
                continue;
            }

            if (quoted && !IsReferenceAt(text, i))
            {
                // Inside a quoted string a backtick that starts no macro reference is text: split(process, "`").
                builder.Append(c);
                continue;
            }

            if (string.CompareOrdinal(text, i, "```", 0, 3) == 0)
            {
                // ```comment``` : SPL's comment syntax, dropped before anything else reads the search.
                var end = text.IndexOf("```", i + 3, StringComparison.Ordinal);
                if (end < 0)
                {
                    diagnostics.Add(new SplDiagnostic(i, 3, "unclosed comment (missing ```)") { Id = SplDiagnosticId.MacroError });
                    break;
                }

                builder.Append(' ');
                i = end + 2;
                continue;
            }

            var close = text.IndexOf('`', i + 1);
            if (close < 0)
            {
                diagnostics.Add(new SplDiagnostic(i, 1, "unclosed macro reference (missing `)") { Id = SplDiagnosticId.MacroError });
                builder.Append(text, i, text.Length - i);
                break;
            }

            var reference = text[(i + 1)..close];
            var expansion = ExpandReference(reference, i, definitions, diagnostics, active, depth);
            builder.Append(quoted ? EscapeQuotes(expansion) : expansion);
            i = close;
        }

        return builder.ToString();
    }

    private static string ExpandReference(string reference, int position, SplDefinitions definitions, List<SplDiagnostic> diagnostics, HashSet<string> active, int depth)
    {
        if (!TrySplitReference(reference, out var name, out var arguments))
        {
            diagnostics.Add(new SplDiagnostic(position, reference.Length + 2, $"malformed macro reference `{reference}`") { Id = SplDiagnosticId.MacroError });
            return string.Empty;
        }

        var key = MacroDefinition.KeyFor(name, arguments.Count);
        if (!definitions.Macros.TryGetValue(key, out var macro))
        {
            if (arguments.Count == 0 && name.EndsWith("_filter", StringComparison.Ordinal))
            {
                return "search *";
            }

            var others = definitions.Macros.Values.Where(m => m.Name == name).Select(m => m.Key).ToList();
            var hint = others.Count > 0 ? $" (defined: {string.Join(", ", others)})" : string.Empty;
            diagnostics.Add(new SplDiagnostic(position, reference.Length + 2, $"unknown macro `{key}`{hint}") { Id = SplDiagnosticId.UnknownMacro, Subject = key });
            return string.Empty;
        }

        if (active.Contains(key))
        {
            diagnostics.Add(new SplDiagnostic(position, reference.Length + 2, $"macro `{key}` expands into itself") { Id = SplDiagnosticId.MacroError, Subject = key });
            return string.Empty;
        }

        if (depth >= definitions.Limits.MacroDepth)
        {
            var limit = definitions.Limits.MacroDepth;
            diagnostics.Add(new SplDiagnostic(position, reference.Length + 2,
                string.Create(CultureInfo.InvariantCulture, $"macro `{key}` is nested more than {limit} macros deep ({SplLimits.Hint(SplLimits.MacroDepthName)})"))
            { Id = SplDiagnosticId.MacroError, Subject = key });
            return string.Empty;
        }

        var body = macro.Definition;
        for (var a = 0; a < arguments.Count; a++)
        {
            body = body.Replace("$" + macro.Arguments[a] + "$", arguments[a], StringComparison.Ordinal);
        }

        active.Add(key);
        var nested = new List<SplDiagnostic>();
        var expanded = Expand(body, definitions, nested, active, depth + 1);
        active.Remove(key);
        foreach (var problem in nested)
        {
            // Point at the outer reference; say where inside the macro the problem is.
            diagnostics.Add(new SplDiagnostic(position, reference.Length + 2, $"in macro `{key}`: {problem.Message}") { Id = problem.Id, Subject = problem.Subject });
        }

        return expanded;
    }

    /// <summary>
    /// A macro expanded inside a quoted string (map's search="...") must not end that string: its bare quotes are
    /// escaped, quotes it already escapes are left as they are.
    /// </summary>
    private static string EscapeQuotes(string expansion)
    {
        if (!expansion.Contains('"', StringComparison.Ordinal))
        {
            return expansion;
        }

        var builder = new StringBuilder(expansion.Length + 8);
        for (var i = 0; i < expansion.Length; i++)
        {
            var c = expansion[i];
            if (c == '\\' && i + 1 < expansion.Length)
            {
                builder.Append(c).Append(expansion[++i]);
                continue;
            }

            if (c == '"')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool IsReferenceAt(string text, int tick)
    {
        var close = text.IndexOf('`', tick + 1);
        return close > tick + 1 && TrySplitReference(text[(tick + 1)..close], out _, out _);
    }

    /// <summary>Splits <c>name(a, "b, c", d)</c> into its name and arguments (quotes kept, as Splunk passes them).</summary>
    private static bool TrySplitReference(string reference, out string name, out List<string> arguments)
    {
        arguments = [];
        var trimmed = reference.Trim();
        var open = trimmed.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            name = trimmed;
            return name.Length > 0 && name.All(IsMacroNameChar);
        }

        name = trimmed[..open].Trim();
        if (!trimmed.EndsWith(')') || name.Length == 0 || !name.All(IsMacroNameChar))
        {
            return false;
        }

        var inner = trimmed[(open + 1)..^1];
        if (inner.Trim().Length == 0)
        {
            return true;
        }

        var current = new StringBuilder();
        var quoted = false;
        var nesting = 0;
        foreach (var c in inner)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                nesting++;
            }
            else if (!quoted && c == ')')
            {
                nesting--;
            }
            else if (!quoted && nesting == 0 && c == ',')
            {
                arguments.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        arguments.Add(current.ToString().Trim());
        return true;
    }

    private static bool IsMacroNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ':';
}
