using System.Buffers;
using System.Globalization;
using System.Text;
using System.Xml;
using Vigil.Events.Model;
using Vigil.Events.Sources;

namespace Vigil.Events.Xml;

/// <summary>
/// Turns the text of one <c>&lt;Event&gt;</c> element into fields named as Splunk_TA_windows names them for
/// XmlWinEventLog (see docs/fields.md). Unlike the TA's regular expressions it parses real XML: either quote style,
/// entities decoded, CDATA read. It never resolves a DTD or an external entity.
/// </summary>
public static class XmlEventParser
{
    // One name table per thread: element and attribute names are atomized once, not per event.
    private static readonly ThreadLocal<XmlReaderSettings> Settings = new(() => new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,

        // EVTX records may hold control characters, which the reader writes as character references.
        CheckCharacters = false,
        ConformanceLevel = ConformanceLevel.Document,
        CloseInput = true,
        NameTable = new NameTable(),
    });

    // The characters XML 1.0 forbids even as references, save that the reader not checking characters decodes their
    // references: the C0 controls other than tab, line feed and carriage return, and the two non-characters.
    private static readonly SearchValues<char> ForbiddenRaw = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\uFFFE\uFFFF");

    /// <summary>
    /// Parses one event; throws <see cref="XmlException"/> when the text is not a well-formed event. Characters XML
    /// forbids are read as they stand (Windows writes control characters in event values, and Splunk indexes them):
    /// the event's raw text keeps them, and so do its fields.
    /// </summary>
    public static WinEvent Parse(string text, EventOrigin origin) => Parse(text, origin, ReaderLimits.Default.XmlUserDataDepth);

    /// <summary>
    /// Parses one event as <see cref="Parse(string, EventOrigin)"/> does; an event whose UserData nests elements deeper
    /// than <paramref name="maxUserDataDepth"/> throws <see cref="InputLimitException"/> naming the limit.
    /// </summary>
    public static WinEvent Parse(string text, EventOrigin origin, int maxUserDataDepth)
    {
        var fields = new List<EventField>(32);
        var system = new SystemValues();
        var parsed = text.AsSpan().ContainsAny(ForbiddenRaw) ? AsReferences(text) : text;
        using (var reader = XmlReader.Create(new StringReader(parsed), Settings.Value))
        {
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Event")
            {
                throw new XmlException($"expected an <Event> element, found <{reader.LocalName}>");
            }

            if (!reader.IsEmptyElement)
            {
                reader.Read();
                while (reader.MoveToContent() == XmlNodeType.Element)
                {
                    switch (reader.LocalName)
                    {
                        case "System":
                            ReadSystem(reader, fields, system);
                            break;
                        case "EventData":
                            ReadEventData(reader, fields);
                            break;
                        case "UserData":
                            ReadUserData(reader, fields, maxUserDataDepth);
                            break;
                        case "RenderingInfo":
                            ReadRenderingInfo(reader, fields);
                            break;
                        default:
                            reader.Skip();
                            break;
                    }
                }

                reader.ReadEndElement();
            }

            // Anything after the root element is a well-formedness error that the reader reports here.
            while (reader.Read())
            {
            }
        }

        return new WinEvent(text, system.Time, fields, origin, system.Channel, system.Computer);
    }

    /// <summary>
    /// The text with each forbidden character written as a character reference, which the reader decodes back to the
    /// character since it does not check characters. In markup (a name) the reference is still an error, as the raw
    /// character was.
    /// </summary>
    private static string AsReferences(string text)
    {
        var output = new StringBuilder(text.Length + 32);
        foreach (var c in text)
        {
            if (ForbiddenRaw.Contains(c))
            {
                output.Append("&#x").Append(((int)c).ToString("X", CultureInfo.InvariantCulture)).Append(';');
            }
            else
            {
                output.Append(c);
            }
        }

        return output.ToString();
    }

    private static void ReadSystem(XmlReader reader, List<EventField> fields, SystemValues system)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        reader.Read();
        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            var name = reader.LocalName;
            var hasAttributes = false;
            if (reader.MoveToFirstAttribute())
            {
                do
                {
                    if (IsNamespaceDeclaration(reader))
                    {
                        continue;
                    }

                    hasAttributes = true;
                    var attribute = reader.LocalName;
                    var value = reader.Value;
                    if (name == "Provider" && attribute == "Name")
                    {
                        Add(fields, "Name", value);
                    }
                    else
                    {
                        Add(fields, attribute, value);
                    }

                    if (name == "TimeCreated" && attribute == "SystemTime")
                    {
                        system.Time = EventTime.TryParseSystemTime(value, out var time)
                            ? time
                            : throw new XmlException($"SystemTime '{value}' is not a valid time");
                    }
                }
                while (reader.MoveToNextAttribute());

                reader.MoveToElement();
            }

            var text = ReadText(reader);
            switch (name)
            {
                case "EventID":
                    // The TA takes EventCode from the element's text whatever its attributes, but its key-value
                    // extraction yields an EventID field only for an element without attributes.
                    Add(fields, "EventCode", text);
                    if (!hasAttributes)
                    {
                        Add(fields, "EventID", text);
                    }

                    break;
                case "EventRecordID":
                    Add(fields, "EventRecordID", text);
                    Add(fields, "RecordNumber", text);
                    break;
                default:
                    if (!hasAttributes)
                    {
                        Add(fields, name, text);
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

        reader.ReadEndElement();
    }

    private static void ReadEventData(XmlReader reader, List<EventField> fields)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        reader.Read();
        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            switch (reader.LocalName)
            {
                case "Data":
                    var dataName = reader.GetAttribute("Name");
                    Add(fields, string.IsNullOrEmpty(dataName) ? FieldNames.UnnamedData : dataName, ReadText(reader));
                    break;
                case "Binary":
                    Add(fields, FieldNames.Binary, ReadText(reader));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        reader.ReadEndElement();
    }

    /// <summary>UserData holds one provider-defined element; each of its leaf elements becomes a field.</summary>
    private static void ReadUserData(XmlReader reader, List<EventField> fields, int maxDepth)
    {
        var depth = reader.Depth;
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        string? leafName = null;
        var leafText = new System.Text.StringBuilder();
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (reader.Depth - depth > maxDepth)
                    {
                        throw new InputLimitException(ReaderLimits.XmlUserDataDepthName, string.Create(CultureInfo.InvariantCulture,
                            $"UserData nested deeper than {maxDepth} elements ({ReaderLimits.Hint(ReaderLimits.XmlUserDataDepthName)}): skipped"));
                    }

                    leafName = reader.IsEmptyElement ? null : reader.LocalName;
                    leafText.Clear();
                    break;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.SignificantWhitespace:
                    leafText.Append(reader.Value);
                    break;
                case XmlNodeType.EndElement:
                    if (leafName is not null && leafName == reader.LocalName)
                    {
                        Add(fields, leafName, leafText.ToString());
                    }

                    leafName = null;
                    break;
            }
        }

        reader.Read();
    }

    private static void ReadRenderingInfo(XmlReader reader, List<EventField> fields)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        reader.Read();
        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            if (reader.LocalName == "Message")
            {
                Add(fields, "Message", ReadText(reader));
            }
            else
            {
                reader.Skip();
            }
        }

        reader.ReadEndElement();
    }

    /// <summary>The text directly inside the current element (child elements skipped); leaves the reader after it.</summary>
    private static string ReadText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return string.Empty;
        }

        var depth = reader.Depth;
        string? single = null;
        System.Text.StringBuilder? many = null;
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    if (single is null)
                    {
                        single = reader.Value;
                    }
                    else
                    {
                        many ??= new System.Text.StringBuilder(single);
                        many.Append(reader.Value);
                    }

                    reader.Read();
                    break;
                case XmlNodeType.Element:
                    reader.Skip();
                    break;
                default:
                    if (!reader.Read())
                    {
                        throw new XmlException("unexpected end of event");
                    }

                    break;
            }
        }

        reader.Read();
        return many?.ToString() ?? single ?? string.Empty;
    }

    private static bool IsNamespaceDeclaration(XmlReader reader) =>
        reader.Prefix == "xmlns" || (reader.Prefix.Length == 0 && reader.LocalName == "xmlns");

    /// <summary>Splunk keeps no empty field values, so an empty value is no field.</summary>
    private static void Add(List<EventField> fields, string name, string value)
    {
        if (value.Length != 0)
        {
            fields.Add(new EventField(name, value));
        }
    }

    private sealed class SystemValues
    {
        public EventTime? Time { get; set; }

        public string? Channel { get; set; }

        public string? Computer { get; set; }
    }
}
