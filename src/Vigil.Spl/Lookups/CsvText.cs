using System.Buffers;
using System.Text;

namespace Vigil.Spl.Lookups;

/// <summary>
/// Reads RFC 4180 CSV: quoted fields with doubled quotes, commas and line breaks inside quotes. Spaces and tabs at
/// either end of a field are dropped, except inside quotes (<c>x, True</c> is <c>True</c>; <c>" True"</c> keeps its
/// space): ESCU's tables are written <c>*.ddns.net*, True</c> and <c>amazon.com, True</c> with headers like
/// <c>dynamic_dns_domains, isDynDNS_default</c>, and its searches, which Splunk runs in tests on attack data, name
/// <c>isDynDNS_default</c> and test <c>isDynDNS=True</c>, <c>isAllowed="false"</c> and <c>lfi_path=yes</c>.
/// </summary>
public static class CsvText
{
    internal const int BlockChars = 64 * 1024;

    /// <summary>Each record's fields, with the line it starts on.</summary>
    public static IEnumerable<(int Line, string[] Fields)> Records(TextReader reader) => Records(reader, BlockChars);

    /// <summary>
    /// Reads the text in blocks and scans each for the next character that matters (a table a search names is
    /// checked while the search compiles, so this is part of every hunt's start-up); records are handed out block by block,
    /// so a table past its row limit is stopped without reading the rest of it. Only the first
    /// <paramref name="keepRecords"/> records come with their fields; the others come with none, which is what counting
    /// a table's rows after its header needs, without making their strings. A field that holds what the same field of the
    /// record before held is given that record's string: a table's rows stay in memory, and a column often repeats one
    /// value (ESCU's dynamic DNS table has "True" on each of its 92,000 rows).
    /// </summary>
    internal static IEnumerable<(int Line, string[] Fields)> Records(TextReader reader, int blockChars, int keepRecords = int.MaxValue)
    {
        var scanner = new Scanner(keepRecords);

        // Pooled: a block is a large object, and every table a hunt's searches name is read as they compile.
        var block = ArrayPool<char>.Shared.Rent(blockChars);
        try
        {
            int read;
            while ((read = reader.Read(block, 0, blockChars)) > 0)
            {
                scanner.Scan(block.AsSpan(0, read));
                foreach (var record in scanner.Completed)
                {
                    yield return record;
                }

                scanner.Completed.Clear();
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(block);
        }

        scanner.End();
        foreach (var record in scanner.Completed)
        {
            yield return record;
        }
    }

    /// <summary>The reading state carried from one block to the next.</summary>
    private sealed class Scanner(int keepRecords)
    {
        private static readonly SearchValues<char> Unquoted = SearchValues.Create("\",\r\n");
        private static readonly SearchValues<char> Quoted = SearchValues.Create("\"\n");

        private readonly StringBuilder _field = new();
        private readonly List<string> _fields = [];
        private string[] _previous = [];
        private int _kept;
        private bool _quoted;

        // A quote inside quotes ended the last block: a quote starting the next one makes it a literal quote.
        private bool _quoteEndedBlock;
        private bool _any;

        // Where the field's first quote opened and its last closed, as lengths of its text (-1: none yet): spaces and
        // tabs are dropped before the first and after the last, never between.
        private int _quoteOpened = -1;
        private int _quoteClosed = -1;
        private int _line = 1;
        private int _recordLine = 1;

        /// <summary>The records the text scanned so far completed; the caller clears it once it has handed them out.</summary>
        public List<(int Line, string[] Fields)> Completed { get; } = [];

        public void Scan(ReadOnlySpan<char> text)
        {
            var at = 0;
            if (_quoteEndedBlock)
            {
                _quoteEndedBlock = false;
                if (text[0] == '"')
                {
                    _field.Append('"');
                    at = 1;
                }
                else
                {
                    _quoted = false;
                    _quoteClosed = _field.Length;
                }
            }

            while (at < text.Length)
            {
                var rest = text[at..];
                if (_quoted)
                {
                    var stop = rest.IndexOfAny(Quoted);
                    if (stop < 0)
                    {
                        _field.Append(rest);
                        return;
                    }

                    _field.Append(rest[..stop]);
                    at += stop + 1;
                    if (rest[stop] == '\n')
                    {
                        _line++;
                        _field.Append('\n');
                    }
                    else if (at == text.Length)
                    {
                        _quoteEndedBlock = true;
                    }
                    else if (text[at] == '"')
                    {
                        _field.Append('"');
                        at++;
                    }
                    else
                    {
                        _quoted = false;
                        _quoteClosed = _field.Length;
                    }

                    continue;
                }

                var next = rest.IndexOfAny(Unquoted);
                var plain = next < 0 ? rest : rest[..next];
                if (plain.Length > 0)
                {
                    _any = true;
                }

                if (next < 0)
                {
                    _field.Append(plain);
                    return;
                }

                at += next + 1;
                switch (rest[next])
                {
                    case '"':
                        _field.Append(plain);
                        _quoted = true;
                        if (_quoteOpened < 0)
                        {
                            _quoteOpened = _field.Length;
                        }

                        _any = true;
                        break;
                    case ',':
                        EndField(plain);
                        _any = true;
                        break;
                    case '\r':
                        // Dropped wherever it stands outside quotes.
                        _field.Append(plain);
                        break;
                    default:
                        if (_any || _field.Length > 0 || plain.Length > 0)
                        {
                            EndField(plain);
                            EndRecord();
                        }

                        _any = false;
                        _line++;
                        _recordLine = _line;
                        break;
                }
            }
        }

        public void End()
        {
            if (_quoted)
            {
                // The text ends inside quotes (or on a closing quote at a block's end): what it holds is quoted.
                _quoteClosed = _field.Length;
            }

            if (_any || _field.Length > 0)
            {
                EndField([]);
                EndRecord();
            }
        }

        private void EndField(ReadOnlySpan<char> last)
        {
            if (_kept == keepRecords)
            {
                _field.Clear();
            }
            else if (_field.Length == 0)
            {
                _fields.Add(Text(Trimmed(last)));
            }
            else
            {
                _field.Append(last);
                _fields.Add(Text(Trimmed(_field.ToString())));
                _field.Clear();
            }

            _quoteOpened = _quoteClosed = -1;
        }

        /// <summary>The field without the spaces and tabs before its first quote and after its last (all of them when it has none).</summary>
        private ReadOnlySpan<char> Trimmed(ReadOnlySpan<char> field)
        {
            var start = 0;
            var startLimit = _quoteOpened < 0 ? field.Length : _quoteOpened;
            while (start < startLimit && field[start] is ' ' or '\t')
            {
                start++;
            }

            var end = field.Length;
            var endLimit = _quoteOpened < 0 ? start : _quoteClosed;
            while (end > endLimit && field[end - 1] is ' ' or '\t')
            {
                end--;
            }

            return field[start..end];
        }

        /// <summary>The field's text: the string the record before had in this column when it is the same.</summary>
        private string Text(ReadOnlySpan<char> field)
        {
            var column = _fields.Count;
            return column < _previous.Length && field.SequenceEqual(_previous[column]) ? _previous[column] : field.ToString();
        }

        private void EndRecord()
        {
            if (_kept == keepRecords)
            {
                Completed.Add((_recordLine, []));
                return;
            }

            _kept++;
            _previous = [.. _fields];
            Completed.Add((_recordLine, _previous));
            _fields.Clear();
        }
    }
}
