using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Store.Encoding;

/// <summary>
/// Multivalue columns (MITRE ids, tactics, stories, threat objects ...) as JSON arrays of strings: they read back as
/// the same list in the same order, and SQLite's json_each can open them in a query.
/// </summary>
internal static class JsonLists
{
    /// <summary>Non-ASCII text is kept as it is, so the columns read well in any SQLite tool.</summary>
    private static readonly JsonListsContext Context = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static string Write(IEnumerable<string> values) => JsonSerializer.Serialize(values.ToArray(), Context.StringArray);

    public static IReadOnlyList<string> Read(string json) => JsonSerializer.Deserialize(json, Context.StringArray) ?? [];
}

/// <summary>Source-generated (no reflection, so the store works in a Native AOT build).</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class JsonListsContext : JsonSerializerContext;
