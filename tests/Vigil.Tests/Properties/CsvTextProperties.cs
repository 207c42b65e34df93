using System.Text;
using CsCheck;
using Vigil.Spl.Lookups;

namespace Vigil.Tests.Properties;

/// <summary>
/// The block-scanning CSV reader gives the records, fields and line numbers of a plain character-by-character reading
/// of the same rules, whatever the block size: a quote, a doubled quote, a carriage return or a line break can fall on
/// a block's edge; spaces and tabs are dropped at a field's ends outside quotes.
/// </summary>
public sealed class CsvTextProperties
{
    private static readonly Gen<string> Text = Gen.Frequency(
            (4, Gen.OneOf('a', 'b')),
            (2, Gen.OneOf(' ', '\t')),
            (2, Gen.Const(',')),
            (2, Gen.Const('"')),
            (1, Gen.Const('\r')),
            (2, Gen.Const('\n')))
        .Array[0, 80].Select(c => new string(c));

    [Fact]
    public void Block_scanning_reads_what_a_character_by_character_reading_reads()
    {
        Gen.Select(Text, Gen.Int[1, 9]).Sample((text, blockChars) =>
        {
            var expected = Format(CharacterByCharacter(text));
            Assert.Equal(expected, Format(CsvText.Records(new StringReader(text), blockChars)));
            Assert.Equal(expected, Format(CsvText.Records(new StringReader(text))));
        }, iter: 5000, threads: 1);
    }

    [Fact]
    public void Records_past_the_kept_ones_come_with_their_lines_and_no_fields()
    {
        Gen.Select(Text, Gen.Int[1, 9], Gen.Int[0, 3]).Sample((text, blockChars, keep) =>
        {
            var expected = CharacterByCharacter(text).Select((r, i) => i < keep ? r : (r.Line, []));
            Assert.Equal(Format(expected), Format(CsvText.Records(new StringReader(text), blockChars, keep)));
        }, iter: 3000, threads: 1);
    }

    [Fact]
    public void A_value_a_column_repeats_is_kept_once()
    {
        // A table's rows stay in memory while it is looked up: ESCU's dynamic DNS table holds "True" 92,000 times.
        var records = CsvText.Records(new StringReader("d,v\nx.com, True\ny.com, True\n\"z\"\"\", True\n"), 4).ToList();

        Assert.Equal("True", records[1].Fields[1]);
        Assert.Same(records[1].Fields[1], records[2].Fields[1]);
        Assert.Same(records[2].Fields[1], records[3].Fields[1]);
        Assert.Equal("z\"", records[3].Fields[0]);
    }

    [Theory]
    [InlineData("a,b\r\n\"c,\"\"d\"\"\ne\",f\n\n", "1:[a|b] 2:[c,\"d\"\ne|f]")]
    [InlineData("\"\"", "1:[]")]
    [InlineData("x\n\r\n,\n", "1:[x] 3:[|]")]
    [InlineData("dynamic_dns_domains, isDynDNS_default\n*.ddns.net*, True \n", "1:[dynamic_dns_domains|isDynDNS_default] 2:[*.ddns.net*|True]")]
    [InlineData("a, \" b \" ,\t\"\" \"c\"\t, d e \n", "1:[a| b | c|d e]")]
    [InlineData("  \n", "1:[]")]
    public void Reads_known_tables(string text, string expected)
    {
        Assert.Equal(expected, Format(CsvText.Records(new StringReader(text), 2)));
    }

    private static string Format(IEnumerable<(int Line, string[] Fields)> records) =>
        Format(records.Select(r => (r.Line, r.Fields.ToList())));

    private static string Format(IEnumerable<(int Line, List<string> Fields)> records) =>
        string.Join(" ", records.Select(r => $"{r.Line}:[{string.Join("|", r.Fields)}]"));

    /// <summary>The rules one character at a time: the model the scanner is checked against.</summary>
    private static List<(int Line, List<string> Fields)> CharacterByCharacter(string text)
    {
        var records = new List<(int Line, List<string> Fields)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        int quoteOpened = -1, quoteClosed = -1;
        void EndField()
        {
            var text = field.ToString();
            var start = 0;
            while (start < (quoteOpened < 0 ? text.Length : quoteOpened) && text[start] is ' ' or '\t')
            {
                start++;
            }

            var end = text.Length;
            while (end > (quoteOpened < 0 ? start : quoteClosed) && text[end - 1] is ' ' or '\t')
            {
                end--;
            }

            fields.Add(text[start..end]);
            field.Clear();
            quoteOpened = quoteClosed = -1;
        }

        int line = 1, recordLine = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                        quoteClosed = field.Length;
                    }
                }
                else
                {
                    line += ch == '\n' ? 1 : 0;
                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"':
                    quoted = any = true;
                    quoteOpened = quoteOpened < 0 ? field.Length : quoteOpened;
                    break;
                case ',':
                    EndField();
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (any || field.Length > 0)
                    {
                        EndField();
                        records.Add((recordLine, fields));
                        fields = [];
                    }

                    any = false;
                    recordLine = ++line;
                    break;
                default:
                    field.Append(ch);
                    any = true;
                    break;
            }
        }

        if (quoted)
        {
            quoteClosed = field.Length;
        }

        if (any || field.Length > 0)
        {
            EndField();
            records.Add((recordLine, fields));
        }

        return records;
    }
}
