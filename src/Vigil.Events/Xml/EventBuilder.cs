using System.Globalization;
using System.Text;
using System.Xml;
using Vigil.Events.Model;
using Vigil.Events.Sources;

namespace Vigil.Events.Xml;

/// <summary>What kind of text node <see cref="EventBuilder.Text(string, TextKind)"/> is given, as an XML reader tells them apart.</summary>
internal enum TextKind
{
    /// <summary>Text with a character other than white space, or a CDATA section.</summary>
    Content,

    /// <summary>Only white space, outside <c>xml:space="preserve"</c>.</summary>
    Whitespace,

    /// <summary>Only white space, inside <c>xml:space="preserve"</c>.</summary>
    SignificantWhitespace,
}

/// <summary>
/// Makes a <see cref="WinEvent"/> from the nodes of one <c>&lt;Event&gt;</c> element in document order, with the
/// fields named as Splunk_TA_windows names them for XmlWinEventLog (docs/fields.md). The one place those rules live:
/// XML text (<see cref="XmlEventParser"/>, nodes from an XML reader) and EVTX records (nodes straight from BinXML)
/// both feed it. Names are qualified names as the XML has them (<c>p:Name</c>); the rules read local names. One
/// instance makes one event at a time; <see cref="Reset"/> starts the next.
/// </summary>
internal sealed class EventBuilder
{
    /// <summary>The part of <c>&lt;Event&gt;</c> being read (the child element at depth 2).</summary>
    private enum Section
    {
        None,
        System,
        EventData,
        UserData,
        RenderingInfo,
        Skipped,
    }

    /// <summary>What the element at depth 3 of a section gives: its direct text becomes a field at its end.</summary>
    private enum Item
    {
        None,
        System,
        Data,
        Binary,
        Message,
    }

    private readonly TextCollector _text = new();
    private readonly FieldNameCache _names = new();
    // The fields of the event under way, reused; each event gets an array of its own size (no list, no spare room).
    private EventField[] _fields = new EventField[64];
    private int _fieldCount;
    private int _depth;
    private bool _rootSeen;
    private Section _section;
    private Item _item;
    private string _itemName = string.Empty;
    private bool _itemHasAttributes;
    private string? _dataName;
    private string? _leafName;
    private EventTime? _time;
    private string? _channel;
    private string? _computer;
    private int _maxUserDataDepth;

    // Events of a file mostly share their channel and computer: one metadata for a run of them, not one per event.
    private EventMetadata? _metadata;
    private string? _metadataChannel;
    private string? _metadataComputer;

    /// <summary>
    /// Starts a new event; one whose UserData nests elements deeper than <paramref name="maxUserDataDepth"/> throws
    /// <see cref="InputLimitException"/> naming the limit.
    /// </summary>
    public void Reset(int maxUserDataDepth)
    {
        _maxUserDataDepth = maxUserDataDepth;
        _fieldCount = 0;
        _depth = 0;
        _rootSeen = false;
        _section = Section.None;
        _item = Item.None;
        _leafName = null;
        _time = null;
        _channel = null;
        _computer = null;
        _text.Clear();
    }

    public void StartElement(string name)
    {
        _depth++;
        string local = LocalName(name);
        switch (_depth)
        {
            case 1:
                if (local != "Event")
                {
                    throw new XmlException($"expected an <Event> element, found <{local}>");
                }

                _rootSeen = true;
                return;
            case 2:
                _section = local switch
                {
                    "System" => Section.System,
                    "EventData" => Section.EventData,
                    "UserData" => Section.UserData,
                    "RenderingInfo" => Section.RenderingInfo,
                    _ => Section.Skipped,
                };
                return;
        }

        if (_section == Section.UserData)
        {
            StartUserDataElement(local);
            return;
        }

        if (_depth > 3)
        {
            // Inside an item: its child elements and their text are not the item's text.
            return;
        }

        _text.Clear();
        _itemName = local;
        _itemHasAttributes = false;
        _dataName = null;
        _item = _section switch
        {
            Section.System => Item.System,
            Section.EventData when local == "Data" => Item.Data,
            Section.EventData when local == "Binary" => Item.Binary,
            Section.RenderingInfo when local == "Message" => Item.Message,
            _ => Item.None,
        };
    }

    /// <summary>The one string for a name read from text: names repeat from event to event.</summary>
    public string Name(ReadOnlySpan<char> name) => _names.Get(name);

    public void Attribute(string name, string value) => Attribute(name, value, value);

    public void Attribute(string name, ReadOnlySpan<char> value) => Attribute(name, null, value);

    public void Text(string text, TextKind kind) => Text(text, text, kind);

    public void Text(ReadOnlySpan<char> text, TextKind kind) => Text(null, text, kind);

    public void EndElement()
    {
        int depth = _depth--;
        if (depth == 2)
        {
            _section = Section.None;
            return;
        }

        if (_section == Section.UserData && depth > 2)
        {
            // A leaf is an element with no element inside it: its text is a field named after it.
            if (_leafName is not null)
            {
                Add(_leafName, _text.Take());
            }

            _leafName = null;
            return;
        }

        if (depth != 3 || _item == Item.None)
        {
            return;
        }

        string text = _text.Take();
        switch (_item)
        {
            case Item.Data:
                Add(string.IsNullOrEmpty(_dataName) ? FieldNames.UnnamedData : _dataName, text);
                break;
            case Item.Binary:
                Add(FieldNames.Binary, text);
                break;
            case Item.Message:
                Add("Message", text);
                break;
            default:
                EndSystemItem(text);
                break;
        }

        _item = Item.None;
    }

    /// <summary>The event made from the nodes given since <see cref="Reset"/>, with its raw text and origin.</summary>
    public WinEvent Build(string raw, EventOrigin origin)
    {
        if (!_rootSeen)
        {
            throw new XmlException("expected an <Event> element, found none");
        }

        if (_metadata is null || _metadataChannel != _channel || _metadataComputer != _computer)
        {
            _metadata = EventMetadata.XmlWinEventLog(_channel, _computer);
            (_metadataChannel, _metadataComputer) = (_channel, _computer);
        }

        return new WinEvent(raw, _time, _fields.AsSpan(0, _fieldCount).ToArray(), origin, _channel, _computer, _metadata);
    }

    private void Attribute(string name, string? valueString, ReadOnlySpan<char> value)
    {
        if (_depth != 3 || IsNamespaceDeclaration(name))
        {
            return;
        }

        switch (_item)
        {
            case Item.System:
            {
                _itemHasAttributes = true;
                string attribute = LocalName(name);
                string text = valueString ?? value.ToString();
                Add(_itemName == "Provider" && attribute == "Name" ? "Name" : attribute, text);
                if (_itemName == "TimeCreated" && attribute == "SystemTime")
                {
                    _time = EventTime.TryParseSystemTime(text, out var time)
                        ? time
                        : throw new XmlException($"SystemTime '{text}' is not a valid time");
                }

                break;
            }

            case Item.Data when name == "Name":
                // Field names repeat from event to event: one string per name, not per event.
                _dataName = valueString ?? _names.Get(value);
                break;
        }
    }

    private void Text(string? textString, ReadOnlySpan<char> text, TextKind kind)
    {
        if (_section == Section.UserData && _depth > 2)
        {
            // Leaves read text and CDATA but not white space the XML does not declare significant.
            if (kind != TextKind.Whitespace)
            {
                _text.Append(textString, text);
            }

            return;
        }

        if (_depth == 3 && _item != Item.None)
        {
            _text.Append(textString, text);
            return;
        }

        // Directly inside <Event>, <System>, <EventData> or <RenderingInfo> only white space may stand between elements.
        if (kind == TextKind.Content && (_depth == 1 || (_depth == 2 && _section is Section.System or Section.EventData or Section.RenderingInfo)))
        {
            throw new XmlException(string.Create(CultureInfo.InvariantCulture, $"text directly inside <{(_depth == 1 ? "Event" : _section.ToString())}>"));
        }
    }

    private void StartUserDataElement(string local)
    {
        if (_depth - 2 > _maxUserDataDepth)
        {
            throw new InputLimitException(ReaderLimits.XmlUserDataDepthName, string.Create(CultureInfo.InvariantCulture,
                $"UserData nested deeper than {_maxUserDataDepth} elements ({ReaderLimits.Hint(ReaderLimits.XmlUserDataDepthName)}): skipped"));
        }

        _leafName = local;
        _text.Clear();
    }

    private void EndSystemItem(string text)
    {
        switch (_itemName)
        {
            case "EventID":
                // The TA takes EventCode from the element's text whatever its attributes, but its key-value
                // extraction yields an EventID field only for an element without attributes.
                Add("EventCode", text);
                if (!_itemHasAttributes)
                {
                    Add("EventID", text);
                }

                break;
            case "EventRecordID":
                Add("EventRecordID", text);
                Add("RecordNumber", text);
                break;
            default:
                if (!_itemHasAttributes)
                {
                    Add(_itemName, text);
                }

                if (_itemName == "Channel")
                {
                    _channel = text;
                }
                else if (_itemName == "Computer")
                {
                    _computer = text;
                }

                break;
        }
    }

    /// <summary>Splunk keeps no empty field values, so an empty value is no field.</summary>
    private void Add(string name, string value)
    {
        if (value.Length != 0)
        {
            if (_fieldCount == _fields.Length)
            {
                Array.Resize(ref _fields, _fields.Length * 2);
            }

            _fields[_fieldCount++] = new EventField(name, value);
        }
    }

    private static bool IsNamespaceDeclaration(string name) =>
        name.StartsWith("xmlns", StringComparison.Ordinal) && (name.Length == 5 || name[5] == ':');

    /// <summary>The name without its namespace prefix, as an XML reader's LocalName gives it.</summary>
    private string LocalName(string name)
    {
        int colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? name : _names.Get(name.AsSpan(colon + 1));
    }

    /// <summary>The direct text of the element being read: most often one node, kept as it came.</summary>
    private sealed class TextCollector
    {
        private readonly StringBuilder _many = new();
        private string? _single;
        private bool _isMany;

        public void Clear()
        {
            _single = null;
            _isMany = false;
        }

        public void Append(string? textString, ReadOnlySpan<char> text)
        {
            if (_isMany)
            {
                _many.Append(text);
            }
            else if (_single is null)
            {
                _single = textString ?? text.ToString();
            }
            else
            {
                _many.Clear().Append(_single).Append(text);
                _isMany = true;
            }
        }

        /// <summary>The text collected, and a fresh start.</summary>
        public string Take()
        {
            string text = _isMany ? _many.ToString() : _single ?? string.Empty;
            Clear();
            return text;
        }
    }
}
