using System.Text;

namespace Vigil.Events.Sources;

public enum InputFormat
{
    Unknown,

    /// <summary>Windows event XML: Splunk's XmlWinEventLog or a wevtutil / Event Viewer export.</summary>
    Xml,

    /// <summary>JSON or JSON lines.</summary>
    Json,

    /// <summary>The binary EVTX format.</summary>
    Evtx,

    /// <summary>Splunk's classic (non-XML) WinEventLog text: a timestamp line, then key=value lines.</summary>
    WinEventLogText,
}

/// <summary>Tells an input's format from its first bytes, never from its name.</summary>
public static class InputFormatDetector
{
    private static readonly byte[] EvtxSignature = "ElfFile\0"u8.ToArray();

    public static (InputFormat Format, Encoding? Encoding) Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(EvtxSignature))
        {
            return (InputFormat.Evtx, null);
        }

        Encoding encoding;
        int skip;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            (encoding, skip) = (new UTF8Encoding(false), 3);
        }
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            (encoding, skip) = (Encoding.Unicode, 2);
        }
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            (encoding, skip) = (Encoding.BigEndianUnicode, 2);
        }
        else if (head.Length >= 2 && head[0] != 0 && head[1] == 0)
        {
            (encoding, skip) = (Encoding.Unicode, 0);
        }
        else if (head.Length >= 2 && head[0] == 0 && head[1] != 0)
        {
            (encoding, skip) = (Encoding.BigEndianUnicode, 0);
        }
        else
        {
            (encoding, skip) = (new UTF8Encoding(false), 0);
        }

        var text = encoding.GetString(head[skip..]).AsSpan().TrimStart([' ', '\t', '\r', '\n', '\uFEFF']);
        if (text.IsEmpty)
        {
            return (InputFormat.Unknown, encoding);
        }

        if (text[0] == '<')
        {
            return (InputFormat.Xml, encoding);
        }

        if (text[0] is '{' or '[')
        {
            return (InputFormat.Json, encoding);
        }

        // evtx_dump's "-o json" puts a "Record N" line before each pretty-printed object.
        var lineEnd = text.IndexOf('\n');
        if (lineEnd > 0 && Json.JsonRecordFramer.IsRecordHeader(text[..lineEnd]) && text[(lineEnd + 1)..].TrimStart().StartsWith('{'))
        {
            return (InputFormat.Json, encoding);
        }

        if (Classic.WinEventLogFramer.LooksLikeEventStart(text))
        {
            return (InputFormat.WinEventLogText, encoding);
        }

        return (InputFormat.Unknown, encoding);
    }
}
