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
    // One builder per thread: its name cache outlives the events.
    [ThreadStatic]
    private static EventBuilder? t_builder;

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
        EventBuilder builder = t_builder ??= new EventBuilder();
        builder.Reset(maxUserDataDepth);
        if (XmlEventScanner.TryRead(text, builder))
        {
            return builder.Build(text, origin);
        }

        builder.Reset(maxUserDataDepth);
        return ParseWithReader(text, origin, builder);
    }

    /// <summary>Parses one event with an XML reader: what the scanner leaves to it, and what tests hold the scanner to.</summary>
    internal static WinEvent ParseWithReader(string text, EventOrigin origin, int maxUserDataDepth)
    {
        EventBuilder builder = t_builder ??= new EventBuilder();
        builder.Reset(maxUserDataDepth);
        return ParseWithReader(text, origin, builder);
    }

    private static WinEvent ParseWithReader(string text, EventOrigin origin, EventBuilder builder)
    {
        var parsed = text.AsSpan().ContainsAny(ForbiddenRaw) ? AsReferences(text) : text;
        using (var reader = XmlReader.Create(new StringReader(parsed), Settings.Value))
        {
            // The reader checks the XML (one root, well-formed to the end); the builder makes the fields.
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        builder.StartElement(reader.Name);
                        if (reader.MoveToFirstAttribute())
                        {
                            do
                            {
                                builder.Attribute(reader.Name, reader.Value);
                            }
                            while (reader.MoveToNextAttribute());

                            reader.MoveToElement();
                        }

                        if (reader.IsEmptyElement)
                        {
                            builder.EndElement();
                        }

                        break;
                    case XmlNodeType.EndElement:
                        builder.EndElement();
                        break;
                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                        builder.Text(reader.Value, TextKind.Content);
                        break;
                    case XmlNodeType.Whitespace:
                        builder.Text(reader.Value, TextKind.Whitespace);
                        break;
                    case XmlNodeType.SignificantWhitespace:
                        builder.Text(reader.Value, TextKind.SignificantWhitespace);
                        break;
                }
            }
        }

        return builder.Build(text, origin);
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
}
