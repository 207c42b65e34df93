using Vigil.Spl.Commands.Shared;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>regex [field=]"regex"</c> keeps the rows whose field (<c>_raw</c> by default) matches the unanchored regular
/// expression; <c>regex field!="regex"</c> keeps those that do not. A multivalue field matches when any value does.
/// A row without the field matches nothing, so <c>=</c> drops it and <c>!=</c> keeps it. Tested as <c>match()</c>
/// tests (<see cref="TieredRegex"/>): short texts' answers remembered, long ones read in linear time once many are.
/// </summary>
internal sealed class RegexCommand(int position, string fieldName, TieredRegex regex, bool negated) : SplCommand(position)
{
    public override string Name => "regex";

    public override bool IsStreaming => true;

    public override IReadOnlyCollection<string>? FieldsRead => [fieldName];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, downstream);

    /// <summary>Whether the row is kept: its field matches, or (with !=) does not.</summary>
    private bool Keeps(Row row) => Matches(row) != negated;

    private bool Matches(Row row)
    {
        foreach (var value in row[fieldName].Values)
        {
            if (regex.IsMatch(value))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Stage(RegexCommand command, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row)
        {
            if (command.Keeps(row))
            {
                Next.Push(row);
            }
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["regex"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var field = "_raw";
            var negated = false;
            cursor.SkipWhitespace();
            if (cursor.Peek() != '"')
            {
                var start = cursor.Position;
                field = cursor.ExpectFieldName("a field name or a quoted regular expression");
                cursor.SkipWhitespace();
                if (cursor.Peek() == '!' && cursor.Peek(1) == '=')
                {
                    negated = true;
                    cursor.Position += 2;
                }
                else if (cursor.Peek() == '=' && cursor.Peek(1) != '=')
                {
                    cursor.Position++;
                }
                else
                {
                    cursor.Position = start;
                    throw cursor.Error("regex takes field=\"regex\", field!=\"regex\" or a quoted regular expression");
                }
            }

            cursor.SkipWhitespace();
            var patternPosition = cursor.Position;
            var pattern = cursor.Peek() == '"'
                ? cursor.ReadQuoted()
                : cursor.TrySearchWord(string.Empty) ?? throw cursor.Error("expected a regular expression");
            var regex = PcreArgument.Compile(pattern, patternPosition, cursor.Position - patternPosition);
            Arguments.ExpectEnd(cursor, "regex");
            return new RegexCommand(site.Position, field, new TieredRegex(regex), negated);
        }
    }
}
