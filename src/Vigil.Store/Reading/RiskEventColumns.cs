using Microsoft.Data.Sqlite;
using Vigil.Findings.Risk;
using Vigil.Spl.Values;
using Vigil.Store.Encoding;

namespace Vigil.Store.Reading;

/// <summary>
/// The risk_events columns a <see cref="RiskEvent"/> is made from, in the order <see cref="Read"/> expects them. The
/// derived columns (normalized_risk_object, source, annotations_all) are there for queries; the record computes them.
/// </summary>
internal static class RiskEventColumns
{
    public const string List = """
        e.finding_id, e.time_ticks, e.risk_object, e.risk_object_type, e.risk_score, e.risk_message, e.search_name,
        e.analyticstories, e.mitre_technique_ids, e.mitre_tactics, e.threat_objects, e.threat_object_types
        """;

    /// <summary>How many columns <see cref="List"/> has: a query's own columns follow them.</summary>
    public const int Count = 12;

    public static RiskEvent Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        new Timestamp(reader.GetInt64(1)),
        reader.GetString(2),
        RiskObjectTypes.Parse(reader.GetString(3)),
        reader.GetInt32(4),
        reader.NullableString(5),
        reader.GetString(6),
        JsonLists.Read(reader.GetString(7)),
        JsonLists.Read(reader.GetString(8)),
        JsonLists.Read(reader.GetString(9)),
        JsonLists.Read(reader.GetString(10)),
        JsonLists.Read(reader.GetString(11)));
}
