namespace Vigil.Evtx;

/// <summary>
/// Turns records into the caller's model on the reader's worker threads, straight from their BinXML: the reader gives
/// a record's event as the nodes an XML reader reports for its rendered XML (<see cref="EvtxRecord.Xml"/>), without
/// rendering or parsing that XML. A record whose nodes cannot be given so (damage, CDATA sections, references,
/// processing instructions, namespace prefixes, several roots) is decoded from its rendered XML instead
/// (<see cref="DecodeXml"/>). Each worker thread has its own instance (<see cref="EvtxReaderOptions.Decoder"/>).
/// </summary>
/// <remarks>
/// For one record the calls are <see cref="StartRecord"/>, then the nodes in document order, then
/// <see cref="Complete"/>; or, when the record cannot be given as nodes, <see cref="StartRecord"/>, possibly some
/// nodes, then <see cref="DecodeXml"/>, which starts over from the XML. Methods should not throw.
/// </remarks>
public abstract class EvtxRecordDecoder
{
    /// <summary>A new record starts: forget the last one.</summary>
    public abstract void StartRecord();

    /// <summary>An element starts; its attributes follow, then its content.</summary>
    public abstract void StartElement(string name);

    /// <summary>
    /// An attribute of the element just started, its value as an XML reader gives it (unescaped). Only namespace
    /// declarations carry a prefix (<c>xmlns:p</c>). The span is valid during the call only.
    /// </summary>
    public abstract void Attribute(string name, ReadOnlySpan<char> value);

    /// <summary>
    /// An attribute whose value is a string already (constant text of the record's template, such as a Data element's
    /// Name): the same as the span form, which it calls unless overridden to keep the string.
    /// </summary>
    public virtual void Attribute(string name, string value) => Attribute(name, value.AsSpan());

    /// <summary>
    /// One text node, whole (adjacent constant text and values merged), unescaped and with line ends normalised to
    /// <c>'\n'</c> as an XML reader gives it; never empty. The span is valid during the call only.
    /// </summary>
    public abstract void Text(ReadOnlySpan<char> text);

    /// <summary>The element started last and not yet ended ends (empty elements get both calls).</summary>
    public abstract void EndElement();

    /// <summary>
    /// The result for the record whose nodes were given; it becomes <see cref="EvtxRecord.Decoded"/>. Its
    /// <see cref="EvtxRecord.Xml"/> is empty unless <see cref="EvtxReaderOptions.RenderXml"/> (or recovery) asked for it.
    /// </summary>
    public abstract object? Complete(EvtxRecord record);

    /// <summary>The result for a record that could not be given as nodes, from its rendered XML (always present here).</summary>
    public abstract object? DecodeXml(EvtxRecord record);
}
