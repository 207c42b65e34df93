using System.Buffers;
using System.Xml;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Events.Xml;
using Vigil.Evtx;

namespace Vigil.Events.Evtx;

/// <summary>
/// Makes each EVTX record a <see cref="WinEvent"/> on the reader's worker threads: from the record's nodes, through the
/// same <see cref="EventBuilder"/> that XML text goes through, so the fields are those its rendered XML would give;
/// records the reader cannot give as nodes go through <see cref="XmlEventParser"/>. The result is the event, or the
/// reason the record is none (<see cref="XmlException"/>, <see cref="InputLimitException"/>). One per worker thread.
/// </summary>
internal sealed class EvtxEventDecoder(string path, int maxUserDataDepth) : EvtxRecordDecoder
{
    private static readonly SearchValues<char> XmlWhitespace = SearchValues.Create(" \t\r\n");

    private readonly EventBuilder _builder = new();

    // The builder's first exception for the record: the rest of the record's nodes are not wanted.
    private Exception? _failed;

    public override void StartRecord()
    {
        _builder.Reset(maxUserDataDepth);
        _failed = null;
    }

    public override void StartElement(string name)
    {
        if (_failed is null)
        {
            try
            {
                _builder.StartElement(name);
            }
            catch (Exception e) when (IsEventError(e))
            {
                _failed = e;
            }
        }
    }

    public override void Attribute(string name, ReadOnlySpan<char> value)
    {
        if (_failed is null)
        {
            try
            {
                _builder.Attribute(name, value);
            }
            catch (Exception e) when (IsEventError(e))
            {
                _failed = e;
            }
        }
    }

    public override void Attribute(string name, string value)
    {
        if (_failed is null)
        {
            try
            {
                _builder.Attribute(name, value);
            }
            catch (Exception e) when (IsEventError(e))
            {
                _failed = e;
            }
        }
    }

    public override void Text(ReadOnlySpan<char> text)
    {
        if (_failed is null)
        {
            try
            {
                // An XML reader calls a text node of white space only white space (no xml:space reaches here).
                _builder.Text(text, text.ContainsAnyExcept(XmlWhitespace) ? TextKind.Content : TextKind.Whitespace);
            }
            catch (Exception e) when (IsEventError(e))
            {
                _failed = e;
            }
        }
    }

    public override void EndElement()
    {
        if (_failed is null)
        {
            try
            {
                _builder.EndElement();
            }
            catch (Exception e) when (IsEventError(e))
            {
                _failed = e;
            }
        }
    }

    public override object? Complete(EvtxRecord record)
    {
        if (_failed is not null)
        {
            return _failed;
        }

        try
        {
            return _builder.Build(record.Xml, Origin(record));
        }
        catch (XmlException e)
        {
            return e;
        }
    }

    public override object? DecodeXml(EvtxRecord record)
    {
        try
        {
            return XmlEventParser.Parse(record.Xml, Origin(record), maxUserDataDepth);
        }
        catch (Exception e) when (IsEventError(e))
        {
            return e;
        }
    }

    /// <summary>Why a record is no event: its XML does not make one, or it is over a reader limit.</summary>
    private static bool IsEventError(Exception e) => e is XmlException or InputLimitException;

    private EvtxOrigin Origin(EvtxRecord record) => new(path, record.ChunkIndex, record.RecordId, record.FileOffset);
}
