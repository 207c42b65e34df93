using Vigil.Spl.Syntax;
using Vigil.Spl.Execution;
using Vigil.Spl.Time;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

internal enum ConvertFunction
{
    /// <summary>Epoch time to text in the time format.</summary>
    Ctime,

    /// <summary>Text in the time format to epoch time.</summary>
    Mktime,
}

internal sealed record ConvertConversion(ConvertFunction Function, string Field, string? As);

/// <summary>
/// <c>convert [timeformat="..."] ctime(field) [AS name] mktime(field) ...</c>. Values that are not times stay as
/// they are. Times render in the search's time zone; sub-seconds are truncated.
/// </summary>
internal sealed class ConvertCommand(int position, string timeFormat, IReadOnlyList<ConvertConversion> conversions) : SplCommand(position)
{
    public const string DefaultTimeFormat = "%m/%d/%Y %H:%M:%S";

    public string TimeFormat { get; } = timeFormat;

    public IReadOnlyList<ConvertConversion> Conversions { get; } = conversions;

    public override string Name => "convert";

    public override IReadOnlyCollection<string>? FieldsRead => Conversions.Select(c => c.Field).ToHashSet();

    public override bool IsStreaming => true;

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) =>
        input is null ? null : [.. input, .. Conversions.Where(c => c.As is not null && !input.Contains(c.As)).Select(c => c.As!).Distinct()];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, context, downstream);

    private sealed class Stage(ConvertCommand command, SearchContext context, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row)
        {
            foreach (var conversion in command.Conversions)
            {
                var value = row[conversion.Field];
                if (value.IsNull)
                {
                    continue;
                }

                var converted = conversion.Function == ConvertFunction.Ctime ? Ctime(value) : Mktime(value);
                row[conversion.As ?? conversion.Field] = converted;
            }

            Next.Push(row);
        }

        private Value Ctime(Value value)
        {
            if (value.Kind == ValueKind.Multi)
            {
                return Value.FromMany(value.Values.Select(v => Ctime(Value.FromString(v)).ToString()).ToArray());
            }

            return value.TryGetTime(out var time)
                ? Value.FromString(SplunkTimeFormat.Format(time, command.TimeFormat, context.Zone))
                : value;
        }

        private Value Mktime(Value value) =>
            SplunkTimeFormat.TryParse(value.FirstText, command.TimeFormat, context.Zone, out var time) ? Value.FromTime(time) : value;
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["convert"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var timeFormat = DefaultTimeFormat;
            var conversions = new List<ConvertConversion>();
            while (!cursor.AtEnd)
            {
                if (cursor.TryOption(["timeformat"], out _, out var format, out _))
                {
                    timeFormat = format;
                    continue;
                }

                if (cursor.TryConsume(','))
                {
                    continue;
                }

                var start = cursor.Position;
                cursor.SkipWhitespace();
                start = cursor.Position;
                var name = cursor.TryName() ?? throw cursor.Error("expected a conversion such as ctime(field)");
                if (cursor.TryConsume('='))
                {
                    throw new SplSyntaxException(start, name.Length, $"unsupported convert option '{name}='", SplDiagnosticId.UnsupportedOption, $"convert {name}");
                }

                var function = name switch
                {
                    "ctime" => ConvertFunction.Ctime,
                    "mktime" => ConvertFunction.Mktime,
                    _ => throw new SplSyntaxException(start, name.Length, $"unsupported convert function '{name}' (supported: ctime, mktime)", SplDiagnosticId.UnsupportedOption, $"convert {name}()"),
                };
                cursor.Expect('(', $"'(' after {name}");
                var field = cursor.ExpectFieldName($"a field name in {name}()");
                if (field.Contains('*', StringComparison.Ordinal))
                {
                    throw new SplSyntaxException(start, name.Length, "wildcards in convert fields are not supported", SplDiagnosticId.UnsupportedOption, "convert wildcards");
                }

                cursor.Expect(')', $"')' to close {name}(");
                string? alias = null;
                if (cursor.TryKeyword("as", ignoreCase: true))
                {
                    alias = cursor.ExpectFieldName("a name after AS");
                }

                conversions.Add(new ConvertConversion(function, field, alias));
            }

            if (conversions.Count == 0)
            {
                throw site.Error("convert needs a conversion such as ctime(field)");
            }

            return new ConvertCommand(site.Position, timeFormat, conversions);
        }
    }
}
