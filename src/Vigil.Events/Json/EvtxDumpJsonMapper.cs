using System.Text.Json;
using Vigil.Events.Model;

namespace Vigil.Events.Json;

/// <summary>
/// Fields from the Rust evtx crate's JSON (<c>evtx_dump -o json|jsonl</c>), which writes the event XML as objects:
/// an element without attributes is its text (string, number, boolean) or null when empty; an element with
/// attributes is <c>{"#attributes": {...}, "#text": ...}</c> (or, with <c>--separate-json-attributes</c>, a sibling
/// <c>NAME_attributes</c> object); named <c>Data</c> become keys of <c>EventData</c>; unnamed ones are gathered in
/// <c>"Data": {"#text": [...]}</c>; repeated sibling names get <c>_1</c>, <c>_2</c> ... suffixes. The fields follow the
/// XML reader's rules exactly (see docs/fields.md and docs/json-inputs.md).
/// </summary>
internal static class EvtxDumpJsonMapper
{
    private const string AttributesKey = "#attributes";
    private const string TextKey = "#text";
    private const string SeparateAttributesSuffix = "_attributes";

    public static WinEvent Map(JsonElement root, string raw, EventOrigin origin)
    {
        var fields = new List<EventField>(32);
        var system = new SystemValues();
        foreach (var node in Children(root.GetProperty("Event")))
        {
            switch (node.Name)
            {
                case "System":
                    ReadSystem(node, fields, system);
                    break;
                case "EventData":
                    ReadEventData(node.Value, fields);
                    break;
                case "UserData":
                    ReadUserData(node.Value, fields);
                    break;
                case "RenderingInfo":
                    foreach (var child in Children(node.Value))
                    {
                        if (child.Name == "Message")
                        {
                            JsonValues.Add(fields, "Message", Text(child.Value));
                        }
                    }

                    break;
            }
        }

        return new WinEvent(raw, system.Time, fields, origin, system.Channel, system.Computer);
    }

    private static void ReadSystem(Node systemNode, List<EventField> fields, SystemValues system)
    {
        foreach (var node in Children(systemNode.Value))
        {
            var name = node.Name;
            var hasAttributes = false;
            if (node.Attributes.ValueKind == JsonValueKind.Object)
            {
                foreach (var attribute in node.Attributes.EnumerateObject())
                {
                    if (attribute.Name == "xmlns" || attribute.Name.StartsWith("xmlns:", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    hasAttributes = true;
                    var value = JsonValues.Scalar(attribute.Value);
                    JsonValues.Add(fields, name == "Provider" && attribute.Name == "Name" ? "Name" : attribute.Name, Braced(value));
                    if (name == "TimeCreated" && attribute.Name == "SystemTime")
                    {
                        system.Time = JsonValues.ParseTime("SystemTime", value ?? string.Empty);
                    }
                }
            }

            var text = Text(node.Value);
            switch (name)
            {
                case "EventID":
                    // As the XML reader: EventCode whatever the attributes, EventID only without them.
                    JsonValues.Add(fields, "EventCode", text);
                    if (!hasAttributes)
                    {
                        JsonValues.Add(fields, "EventID", text);
                    }

                    break;
                case "EventRecordID":
                    JsonValues.Add(fields, "EventRecordID", text);
                    JsonValues.Add(fields, "RecordNumber", text);
                    break;
                default:
                    if (!hasAttributes)
                    {
                        JsonValues.Add(fields, name, text);
                    }

                    if (name == "Channel")
                    {
                        system.Channel = text;
                    }
                    else if (name == "Computer")
                    {
                        system.Computer = text;
                    }

                    break;
            }
        }
    }

    private static void ReadEventData(JsonElement eventData, List<EventField> fields)
    {
        foreach (var node in Children(eventData))
        {
            switch (node.Name)
            {
                case "Data":
                    // Unnamed Data (gathered by evtx_dump), or a Data element kept with its Name attribute.
                    var dataName = node.Attributes.ValueKind == JsonValueKind.Object && node.Attributes.TryGetProperty("Name", out var n)
                        ? JsonValues.Scalar(n)
                        : null;
                    foreach (var text in Texts(node.Value))
                    {
                        JsonValues.Add(fields, string.IsNullOrEmpty(dataName) ? FieldNames.UnnamedData : dataName, Braced(text));
                    }

                    break;
                case "Binary":
                    foreach (var text in Texts(node.Value))
                    {
                        JsonValues.Add(fields, FieldNames.Binary, text);
                    }

                    break;
                default:
                    // <Data Name='X'>v</Data> is written "X": v.
                    foreach (var text in Texts(node.Value))
                    {
                        JsonValues.Add(fields, node.Name, Braced(text));
                    }

                    break;
            }
        }
    }

    /// <summary>Each leaf element under UserData, at any depth, becomes a field named after it.</summary>
    private static void ReadUserData(JsonElement element, List<EventField> fields)
    {
        foreach (var node in Children(element))
        {
            if (HasChildElements(node.Value))
            {
                ReadUserData(node.Value, fields);
                continue;
            }

            foreach (var text in Texts(node.Value))
            {
                JsonValues.Add(fields, node.Name, Braced(text));
            }
        }
    }

    /// <summary>The child elements of an element's object, with their attributes, in document order.</summary>
    private static IEnumerable<Node> Children(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var property in element.EnumerateObject())
        {
            var key = property.Name;
            if (key is AttributesKey or TextKey)
            {
                continue;
            }

            if (key.EndsWith(SeparateAttributesSuffix, StringComparison.Ordinal) && key.Length > SeparateAttributesSuffix.Length)
            {
                // --separate-json-attributes: "X_attributes" goes with "X"; alone, it is an element with attributes only.
                var owner = key[..^SeparateAttributesSuffix.Length];
                if (!element.TryGetProperty(owner, out _))
                {
                    yield return new Node(ElementName(owner, element), default, property.Value);
                }

                continue;
            }

            var name = ElementName(key, element);
            element.TryGetProperty(key + SeparateAttributesSuffix, out var separate);
            if (property.Value.ValueKind == JsonValueKind.Array && IsElementList(property.Value))
            {
                foreach (var item in property.Value.EnumerateArray())
                {
                    yield return new Node(name, item, InlineAttributes(item, separate));
                }
            }
            else
            {
                yield return new Node(name, property.Value, InlineAttributes(property.Value, separate));
            }
        }
    }

    private static JsonElement InlineAttributes(JsonElement value, JsonElement separate) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty(AttributesKey, out var inline) ? inline : separate;

    /// <summary>An array of objects is repeated elements; an array of scalars is one element's values.</summary>
    private static bool IsElementList(JsonElement array)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>evtx_dump names the second and later siblings of one name <c>Name_1</c>, <c>Name_2</c>, ...: the element is <c>Name</c>.</summary>
    private static string ElementName(string key, JsonElement parent)
    {
        var underscore = key.LastIndexOf('_');
        if (underscore <= 0 || underscore == key.Length - 1)
        {
            return key;
        }

        for (var i = underscore + 1; i < key.Length; i++)
        {
            if (!char.IsAsciiDigit(key[i]))
            {
                return key;
            }
        }

        var baseName = key[..underscore];
        return parent.TryGetProperty(baseName, out _) || parent.TryGetProperty(baseName + SeparateAttributesSuffix, out _) ? baseName : key;
    }

    private static bool HasChildElements(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (property.Name is not (AttributesKey or TextKey))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text values of an element: its scalar, each scalar of an array, or its <c>#text</c>.</summary>
    private static IEnumerable<string> Texts(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    foreach (var text in Texts(item))
                    {
                        yield return text;
                    }
                }

                break;
            case JsonValueKind.Object:
                if (value.TryGetProperty(TextKey, out var text2))
                {
                    foreach (var text in Texts(text2))
                    {
                        yield return text;
                    }
                }

                break;
            default:
                if (JsonValues.Scalar(value) is { } scalar)
                {
                    yield return scalar;
                }

                break;
        }
    }

    /// <summary>An element's whole text, as the XML reader reads a System element (its text nodes concatenated).</summary>
    private static string Text(JsonElement value) => string.Concat(Texts(value));

    /// <summary>
    /// The crate writes GUID values bare and upper case (<c>670080D9-742A-...</c>); Windows writes them in braces
    /// (<c>{670080D9-742A-...}</c>), and so do Splunk's events. A value that is exactly a bare upper-case GUID gets
    /// the braces back.
    /// </summary>
    internal static string? Braced(string? value)
    {
        if (value is not { Length: 36 } || value[8] != '-' || value[13] != '-' || value[18] != '-' || value[23] != '-')
        {
            return value;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (i is 8 or 13 or 18 or 23)
            {
                continue;
            }

            if (!char.IsAsciiDigit(c) && c is not (>= 'A' and <= 'F'))
            {
                return value;
            }
        }

        return "{" + value + "}";
    }

    private readonly record struct Node(string Name, JsonElement Value, JsonElement Attributes);

    private sealed class SystemValues
    {
        public EventTime? Time { get; set; }

        public string? Channel { get; set; }

        public string? Computer { get; set; }
    }
}
