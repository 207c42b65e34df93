using System.Text.Json;
using Vigil.Spl.Values;

namespace Vigil.Sinks;

/// <summary>A field value in JSON as Splunk's JSON output gives it: a string, an array of strings, or null.</summary>
public static class JsonValues
{
    public static void WriteProperty(Utf8JsonWriter json, string name, Value value)
    {
        switch (value.Count)
        {
            case 0:
                json.WriteNull(name);
                break;
            case 1:
                json.WriteString(name, value.ToString());
                break;
            default:
                json.WriteStartArray(name);
                foreach (var single in value.Values)
                {
                    json.WriteStringValue(single);
                }

                json.WriteEndArray();
                break;
        }
    }
}
