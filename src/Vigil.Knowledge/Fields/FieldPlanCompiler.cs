using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Knowledge.Conf;
using Vigil.Spl.Eval;
using Vigil.Spl.Execution;
using Vigil.Spl.Lookups;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Knowledge.Fields;

/// <summary>
/// Compiles props.conf settings into field steps. Each setting is compiled once, whatever the number of stanza
/// combinations it takes part in; a setting that cannot be compiled is reported once with its file and line and
/// left out, and the rest still apply.
/// </summary>
internal sealed class FieldPlanCompiler
{
    private readonly Func<string, ConfStanza?> _transform;
    private readonly Func<string, LookupDefinition?> _lookup;
    private readonly Action<KnowledgeProblem> _report;
    private readonly Dictionary<ConfSetting, object?> _compiled = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ConfStanza, Extraction?> _transforms = new(ReferenceEqualityComparer.Instance);

    public FieldPlanCompiler(Func<string, ConfStanza?> transform, Func<string, LookupDefinition?> lookup, Action<KnowledgeProblem> report)
    {
        _transform = transform;
        _lookup = lookup;
        _report = report;
    }

    /// <summary>A plan from the winning setting of each key.</summary>
    public FieldPlan Compile(IReadOnlyDictionary<string, ConfSetting> settings)
    {
        var extracts = new List<(string Class, Extraction Step)>();
        var reports = new List<(string Class, IReadOnlyList<Extraction> Steps)>();
        var aliases = new List<(string Class, IReadOnlyList<AliasPair> Pairs)>();
        var evals = new List<CalculatedField>();
        var lookups = new List<(string Class, AutomaticLookup Lookup)>();
        foreach (var (key, setting) in settings)
        {
            if (!TrySplitKey(key, out var kind, out var name) || setting.Value.Length == 0)
            {
                continue;
            }

            switch (Cached(setting, () => CompileSetting(kind, name, setting)))
            {
                case Extraction extraction:
                    extracts.Add((name, extraction));
                    break;
                case IReadOnlyList<Extraction> transforms:
                    reports.Add((name, transforms));
                    break;
                case IReadOnlyList<AliasPair> pairs:
                    aliases.Add((name, pairs));
                    break;
                case CalculatedField eval:
                    evals.Add(eval);
                    break;
                case AutomaticLookup lookup:
                    lookups.Add((name, lookup));
                    break;
            }
        }

        var extractions = extracts.OrderBy(e => e.Class, StringComparer.Ordinal).Select(e => e.Step)
            .Concat(reports.OrderBy(r => r.Class, StringComparer.Ordinal).SelectMany(r => r.Steps))
            .ToList();
        var plan = new FieldPlan(
            extractions,
            aliases.OrderBy(a => a.Class, StringComparer.Ordinal).SelectMany(a => a.Pairs).ToList(),
            evals.OrderBy(e => e.Field, StringComparer.Ordinal).ToList(),
            lookups.OrderBy(l => l.Class, StringComparer.Ordinal).Select(l => l.Lookup).ToList());
        return plan.IsEmpty ? FieldPlan.Empty : plan;
    }

    /// <summary><c>EXTRACT-x</c>, <c>REPORT-x</c>, <c>FIELDALIAS-x</c>, <c>EVAL-field</c>, <c>LOOKUP-x</c> (prefixes in any case).</summary>
    public static bool TrySplitKey(string key, out string kind, out string name)
    {
        var dash = key.IndexOf('-', StringComparison.Ordinal);
        kind = dash > 0 ? key[..dash].ToUpperInvariant() : string.Empty;
        name = dash > 0 ? key[(dash + 1)..] : string.Empty;
        if (kind == "LOOKUP" || (dash < 0 && key.StartsWith("LOOKUP_", StringComparison.OrdinalIgnoreCase)))
        {
            if (dash < 0)
            {
                name = key["LOOKUP_".Length..];
            }

            kind = "LOOKUP";
            return true;
        }

        return kind is "EXTRACT" or "REPORT" or "FIELDALIAS" or "EVAL";
    }

    private object? Cached(ConfSetting setting, Func<object?> compile)
    {
        if (!_compiled.TryGetValue(setting, out var compiled))
        {
            compiled = compile();
            _compiled[setting] = compiled;
        }

        return compiled;
    }

    private object? CompileSetting(string kind, string name, ConfSetting setting) => kind switch
    {
        "EXTRACT" => CompileExtract(setting),
        "REPORT" => CompileReport(setting),
        "FIELDALIAS" => CompileAlias(setting),
        "EVAL" => CompileEval(name, setting),
        _ => CompileLookup(setting),
    };

    private RegexExtraction? CompileExtract(ConfSetting setting)
    {
        var pattern = setting.Value;
        var source = "_raw";
        var @in = Regex.Match(pattern, @"\s+in\s+([A-Za-z0-9_]+)\s*$");
        if (@in.Success)
        {
            source = @in.Groups[1].Value;
            pattern = pattern[..@in.Index];
        }

        // Splunk runs inline extractions with (?ms).
        return CompileRegex("(?ms)" + pattern, setting) is { } regex
            ? new RegexExtraction(regex, null, cleanKeys: true) { SourceField = source, Timeouts = new RegexTimeouts(setting.Key, Reporter(setting)) }
            : null;
    }

    private List<Extraction> CompileReport(ConfSetting setting)
    {
        var steps = new List<Extraction>();
        foreach (var name in setting.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (_transform(name) is not { } stanza)
            {
                Report(setting, $"REPORT uses transform '{name}', which no transforms.conf defines");
                continue;
            }

            if (!_transforms.TryGetValue(stanza, out var step))
            {
                step = CompileTransform(stanza);
                _transforms[stanza] = step;
            }

            if (step is not null)
            {
                steps.Add(step);
            }
        }

        return steps;
    }

    private Extraction? CompileTransform(ConfStanza stanza)
    {
        if (stanza["DEST_KEY"] is { } destination)
        {
            Report(destination, $"transform [{stanza.Name}] writes DEST_KEY, an index-time setting: it extracts nothing at search time");
            return null;
        }

        var mvAdd = Flag(stanza, "MV_ADD", false);
        var keepEmpty = Flag(stanza, "KEEP_EMPTY_VALS", false);
        var cleanKeys = Flag(stanza, "CLEAN_KEYS", true);
        var source = SourceField(stanza);
        if (source is null)
        {
            return null;
        }

        if (stanza["DELIMS"] is { } delims)
        {
            var sets = SettingText.Words(delims.Value).Select(Unescape).ToList();
            var fields = stanza.Value("FIELDS") is { } names ? SettingText.Words(names) : null;
            return new DelimsExtraction(sets.ElementAtOrDefault(0) ?? " ", sets.ElementAtOrDefault(1), fields, cleanKeys)
            {
                SourceField = source,
                MvAdd = mvAdd,
                KeepEmpty = keepEmpty,
            };
        }

        if (stanza["REGEX"] is not { } regexSetting)
        {
            if (stanza["filename"] is null && stanza["external_type"] is null && stanza["collection"] is null)
            {
                Report(stanza, $"transform [{stanza.Name}] has neither REGEX nor DELIMS");
            }

            return null;
        }

        if (CompileRegex(regexSetting.Value, regexSetting) is not { } regex)
        {
            return null;
        }

        List<(FormatPart, FormatPart)>? format = null;
        if (stanza["FORMAT"] is { Value.Length: > 0 } formatSetting)
        {
            format = ParseFormat(formatSetting, regex);
            if (format is null)
            {
                return null;
            }
        }

        return new RegexExtraction(regex, format, cleanKeys)
        {
            SourceField = source,
            MvAdd = mvAdd,
            KeepEmpty = keepEmpty,
            Timeouts = new RegexTimeouts($"transform [{stanza.Name}]", Reporter(regexSetting)),
        };
    }

    private string? SourceField(ConfStanza stanza)
    {
        if (stanza["SOURCE_KEY"] is not { } setting)
        {
            return "_raw";
        }

        var value = setting.Value;
        if (value.StartsWith("field:", StringComparison.Ordinal))
        {
            return value["field:".Length..];
        }

        if (value.StartsWith("MetaData:", StringComparison.OrdinalIgnoreCase))
        {
            return value["MetaData:".Length..].ToLowerInvariant();
        }

        if (value.StartsWith("fields:", StringComparison.Ordinal) || value.StartsWith("_meta", StringComparison.Ordinal))
        {
            Report(setting, $"SOURCE_KEY = {value} is not supported; transform [{stanza.Name}] is left out");
            return null;
        }

        return value;
    }

    private List<(FormatPart, FormatPart)>? ParseFormat(ConfSetting setting, Regex regex)
    {
        var pairs = new List<(FormatPart, FormatPart)>();
        foreach (var word in SettingText.Words(setting.Value))
        {
            var separator = word.IndexOf("::", StringComparison.Ordinal);
            if (separator <= 0)
            {
                Report(setting, $"FORMAT part '{word}' is not name::value (Vigil reads FORMAT at search time only)");
                return null;
            }

            var name = Part(word[..separator]);
            var value = Part(word[(separator + 2)..]);
            if (name is null || value is null)
            {
                Report(setting, $"FORMAT part '{word}' joins captures and text, which Splunk does not do at search time");
                return null;
            }

            if ((name.Value.IsGroup && name.Value.Group > regex.GetGroupNumbers().Max()) || (value.Value.IsGroup && value.Value.Group > regex.GetGroupNumbers().Max()))
            {
                Report(setting, $"FORMAT part '{word}' names a group the REGEX does not have");
                return null;
            }

            pairs.Add((name.Value, value.Value));
        }

        return pairs;
    }

    private static FormatPart? Part(string text)
    {
        text = text.Trim('"');
        if (text.StartsWith('$') && int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var group))
        {
            return new FormatPart(group, string.Empty);
        }

        return text.Contains('$', StringComparison.Ordinal) ? null : new FormatPart(0, text);
    }

    private Regex? CompileRegex(string pattern, ConfSetting setting)
    {
        try
        {
            return Pcre.Compile(pattern);
        }
        catch (ArgumentException e)
        {
            Report(setting, $"the regular expression does not compile in .NET ({e.Message}); this extraction is left out");
            return null;
        }
    }

    private List<AliasPair>? CompileAlias(ConfSetting setting)
    {
        var words = SettingText.Words(setting.Value);
        var pairs = new List<AliasPair>();
        for (var i = 0; i < words.Count; i += 3)
        {
            if (i + 2 >= words.Count || !(words[i + 1].Equals("AS", StringComparison.OrdinalIgnoreCase) || words[i + 1].Equals("ASNEW", StringComparison.OrdinalIgnoreCase)))
            {
                Report(setting, "FIELDALIAS must be 'field AS alias' or 'field ASNEW alias', repeated; this alias is left out");
                return null;
            }

            pairs.Add(new AliasPair(words[i], words[i + 2], words[i + 1].Equals("ASNEW", StringComparison.OrdinalIgnoreCase)));
        }

        return pairs;
    }

    private CalculatedField? CompileEval(string field, ConfSetting setting)
    {
        try
        {
            return new CalculatedField(field, SplCompiler.CompileEval(setting.Value), Reporter(setting));
        }
        catch (SplCompileException e)
        {
            Report(setting, $"EVAL-{field} cannot run: {e.Diagnostics[0].Message}");
            return null;
        }
    }

    private AutomaticLookup? CompileLookup(ConfSetting setting)
    {
        var words = SettingText.Words(setting.Value);
        if (words.Count < 2)
        {
            Report(setting, "LOOKUP needs a lookup name and at least one input field");
            return null;
        }

        if (_lookup(words[0]) is not { } definition)
        {
            Report(setting, $"lookup '{words[0]}' is not defined by any transforms.conf (or its table file is missing)");
            return null;
        }

        var inputs = new List<LookupFieldMap>();
        var outputs = new List<LookupFieldMap>();
        var mode = LookupOutputMode.AllColumns;
        var target = inputs;
        for (var i = 1; i < words.Count; i++)
        {
            var word = words[i];
            if (word.Equals("OUTPUT", StringComparison.OrdinalIgnoreCase) || word.Equals("OUTPUTNEW", StringComparison.OrdinalIgnoreCase))
            {
                mode = word.Equals("OUTPUT", StringComparison.OrdinalIgnoreCase) ? LookupOutputMode.Output : LookupOutputMode.OutputWhereAbsent;
                target = outputs;
                continue;
            }

            if (i + 2 < words.Count && words[i + 1].Equals("AS", StringComparison.OrdinalIgnoreCase))
            {
                target.Add(new LookupFieldMap(word, words[i + 2]));
                i += 2;
            }
            else
            {
                target.Add(new LookupFieldMap(word, word));
            }
        }

        if (inputs.Count == 0)
        {
            Report(setting, "LOOKUP needs at least one input field");
            return null;
        }

        try
        {
            var missing = inputs.Concat(outputs).Select(m => m.LookupField).Where(f => definition.Table.IndexOf(f) < 0).ToList();
            if (missing.Count > 0)
            {
                Report(setting, $"lookup '{words[0]}' has no column {string.Join(", ", missing.Select(m => $"'{m}'"))} ({definition.Origin}); this lookup is left out");
                return null;
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            Report(setting, $"lookup '{words[0]}' cannot be read ({e.Message}); this lookup is left out");
            return null;
        }

        return new AutomaticLookup(new LookupInvocation(definition, inputs, outputs, mode), setting.Location, Reporter(setting));
    }

    private bool Flag(ConfStanza stanza, string key, bool defaultValue) => ConfBoolean.Read(stanza, key, defaultValue, _report);

    private static string Unescape(string text) =>
        text.Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal)
            .Replace("\\r", "\r", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    private void Report(ConfSetting setting, string message) => _report(new KnowledgeProblem(setting.Origin, setting.Line, message));

    private Action<string> Reporter(ConfSetting setting) => message => Report(setting, message);

    private void Report(ConfStanza stanza, string message) => _report(new KnowledgeProblem(stanza.Origin, stanza.Line, message));
}
