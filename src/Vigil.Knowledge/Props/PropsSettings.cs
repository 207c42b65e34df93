namespace Vigil.Knowledge.Props;

/// <summary>props.conf settings that do not change search-time fields (index time, parsing, display), ignored silently.</summary>
internal static class PropsSettings
{
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "priority", "category", "description", "pulldown_type", "sourcetype", "CHARSET", "TRUNCATE", "LINE_BREAKER",
        "LINE_BREAKER_LOOKBEHIND", "SHOULD_LINEMERGE", "BREAK_ONLY_BEFORE", "BREAK_ONLY_BEFORE_DATE", "MUST_BREAK_AFTER",
        "MUST_NOT_BREAK_AFTER", "MUST_NOT_BREAK_BEFORE", "MAX_EVENTS", "TIME_PREFIX", "TIME_FORMAT", "MAX_TIMESTAMP_LOOKAHEAD",
        "MAX_DAYS_AGO", "MAX_DAYS_HENCE", "MAX_DIFF_SECS_AGO", "MAX_DIFF_SECS_HENCE", "DATETIME_CONFIG", "TZ", "TZ_ALIAS",
        "NO_BINARY_CHECK", "ANNOTATE_PUNCT", "LEARN_SOURCETYPE", "LEARN_MODEL", "detect_trailing_nulls", "INDEXED_EXTRACTIONS",
        "KV_TRIM_SPACES", "AUTO_KV_JSON", "MATCH_LIMIT", "DEPTH_LIMIT", "HEADER_MODE", "CHECK_FOR_HEADER", "SEGMENTATION",
        "is_valid", "maxDist", "unarchive_cmd", "invalid_cause", "initCrcLength", "EVENT_BREAKER_ENABLE", "EVENT_BREAKER",
        "ADD_EXTRA_TIME_FIELDS", "SHOULD_LINEMERGE ", "TIMESTAMP_FIELDS", "FIELD_DELIMITER", "FIELD_NAMES", "FIELD_QUOTE",
        "HEADER_FIELD_LINE_NUMBER", "PREAMBLE_REGEX", "JSON_TRIM_BRACES_IN_ARRAY_NAMES", "disabled",
    };

    public static bool IsIgnored(string key) =>
        Ignored.Contains(key) || key.StartsWith("TRANSFORMS", StringComparison.Ordinal) || key.StartsWith("SEDCMD", StringComparison.Ordinal)
        || key.StartsWith("SEGMENTATION", StringComparison.Ordinal) || key.StartsWith("METRIC", StringComparison.Ordinal)
        || key.StartsWith("RULESET", StringComparison.Ordinal);
}
