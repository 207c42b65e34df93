using System.Text.RegularExpressions;
using Vigil.Spl.Commands.Shared;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>makemv [delim="s"] [tokenizer="regex"] [allowempty=bool] field</c>: splits the field's value into a multivalue,
/// at each occurrence of the delimiter (a single space by default) or, with tokenizer=, taking the first group of each
/// match of the regular expression. Empty values are dropped unless allowempty=true. The values of a field that is
/// already multivalue are each split. setsv=true is refused.
/// </summary>
internal sealed class MakemvCommand : SplCommand
{
    private readonly string _field;
    private readonly string? _delimiter;
    private readonly Regex? _tokenizer;
    private readonly bool _allowEmpty;

    private MakemvCommand(int position, string field, string? delimiter, Regex? tokenizer, bool allowEmpty)
        : base(position)
    {
        _field = field;
        _delimiter = delimiter;
        _tokenizer = tokenizer;
        _allowEmpty = allowEmpty;
    }

    public override string Name => "makemv";

    public override bool IsStreaming => true;

    public override IReadOnlyCollection<string>? FieldsRead => [_field];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, downstream);

    private IEnumerable<string> Split(string text)
    {
        if (_tokenizer is null)
        {
            return text.Split(_delimiter!);
        }

        return _tokenizer.Matches(text).Select(m => Pcre.Group(_tokenizer, m, 1)).Where(g => g.Success).Select(g => g.Value);
    }

    private sealed class Stage(MakemvCommand command, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row)
        {
            var value = row[command._field];
            if (!value.IsNull)
            {
                var parts = value.Values.SelectMany(command.Split).Where(p => command._allowEmpty || p.Length > 0).ToList();
                row[command._field] = Value.FromMany(parts);
            }

            Next.Push(row);
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        private static readonly string[] Options = ["delim", "tokenizer", "allowempty", "setsv"];

        public IReadOnlyList<string> Names => ["makemv"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            string? field = null;
            string? delimiter = null;
            Regex? tokenizer = null;
            var allowEmpty = false;
            while (!cursor.AtEnd)
            {
                if (CommandOptions.TryRead(cursor, "makemv", Options, out var option, out var value, out var optionPosition))
                {
                    switch (option)
                    {
                        case "delim":
                            delimiter = value.Length > 0 ? value : throw new SplSyntaxException(optionPosition, option.Length, "delim must not be empty");
                            break;
                        case "tokenizer":
                            tokenizer = PcreArgument.Compile(value, optionPosition, cursor.Position - optionPosition);
                            if (tokenizer.GetGroupNumbers().Length < 2)
                            {
                                throw new SplSyntaxException(optionPosition, cursor.Position - optionPosition, "the makemv tokenizer needs a capturing group: each match's first group is a value");
                            }

                            break;
                        case "allowempty":
                            allowEmpty = Arguments.Boolean(value, option, optionPosition);
                            break;
                        default:
                            if (Arguments.Boolean(value, option, optionPosition))
                            {
                                throw CommandOptions.UnsupportedValue(optionPosition, "makemv", option, value, "Vigil has no field that is single and multivalue at once");
                            }

                            break;
                    }

                    continue;
                }

                if (field is not null)
                {
                    throw cursor.Error("makemv takes one field");
                }

                field = cursor.ExpectFieldName("the field to split");
            }

            if (field is null)
            {
                throw site.Error("makemv needs a field");
            }

            if (delimiter is not null && tokenizer is not null)
            {
                throw site.Error("makemv takes delim= or tokenizer=, not both");
            }

            return new MakemvCommand(site.Position, field, tokenizer is null ? delimiter ?? " " : null, tokenizer, allowEmpty);
        }
    }
}
