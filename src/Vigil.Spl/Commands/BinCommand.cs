using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Spl.Commands.Shared;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Time;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>bin [span=S] [bins=N] [start=X] [end=Y] [aligntime=T] field [AS newfield]</c> (also called <c>bucket</c>): puts
/// each value into the bin it falls in. A time span (<c>5m</c>, <c>1h</c>, <c>1d</c>, and a bare number of seconds on
/// _time) sets a time to the start of its bin: seconds to hours from the epoch (or from aligntime=), days and longer
/// from midnight in the search's time zone. A number span on any other field, or a log span (<c>[c]log[b]</c>), turns a
/// number into its range, <c>"10-20"</c>. Without a span a number field is split into at most bins= bins (100) whose
/// size is the smallest power of ten that fits the values' range (widened by start= and end=). A value that is not a
/// number (or not a time) is left as it is. Vigil refuses bin on _time without a span: Splunk picks that span from the
/// search's time range, which a hunt over files does not have.
/// </summary>
internal sealed partial class BinCommand : SplCommand
{
    private const int DefaultBins = 100;
    private readonly string _field;
    private readonly string _target;
    private readonly Func<SearchContext, Func<Value, Value?>>? _binner;
    private readonly AutoSpan? _auto;

    private BinCommand(int position, string field, string target, Func<SearchContext, Func<Value, Value?>>? binner, AutoSpan? auto)
        : base(position)
    {
        _field = field;
        _target = target;
        _binner = binner;
        _auto = auto;
    }

    public override string Name => "bin";

    public override bool IsStreaming => _binner is not null;

    public override IReadOnlyCollection<string>? FieldsRead => [_field];

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) =>
        input is null || input.Contains(_target) ? input : [.. input, _target];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) =>
        _binner is not null ? new SpanStage(this, _binner(context), downstream) : new AutoStage(this, _auto!, downstream);

    private void Write(Row row, Value? binned)
    {
        if (binned is { } value)
        {
            row[_target] = value;
        }
        else if (!string.Equals(_target, _field, StringComparison.Ordinal))
        {
            // A value that cannot be binned is copied unchanged under the new name.
            row[_target] = row[_field];
        }
    }

    /// <summary>The range string Splunk writes for a numeric bin: its lower and upper bounds.</summary>
    private static Value Range(decimal lower, decimal upper) =>
        Value.FromString(Format(lower) + "-" + Format(upper));

    private static string Format(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static Func<Value, Value?> NumericBins(decimal span) => value =>
    {
        if (!value.TryGetNumber(out var number) || Math.Abs(number) > 1e27)
        {
            return null;
        }

        var lower = Math.Floor((decimal)number / span) * span;
        return Range(lower, lower + span);
    };

    private static Func<Value, Value?> LogBins(double coefficient, double logBase) => value =>
    {
        if (!value.TryGetNumber(out var number) || number <= 0)
        {
            return null;
        }

        var exponent = Math.Floor(Math.Log(number / coefficient, logBase));

        // Math.Log(1000, 10) is 2.9999999999999996: settle the exponent on the bounds themselves.
        if (coefficient * Math.Pow(logBase, exponent + 1) <= number)
        {
            exponent++;
        }
        else if (coefficient * Math.Pow(logBase, exponent) > number)
        {
            exponent--;
        }

        var lower = coefficient * Math.Pow(logBase, exponent);
        var upper = coefficient * Math.Pow(logBase, exponent + 1);
        return Value.FromString(Value.FormatNumber(lower) + "-" + Value.FormatNumber(upper));
    };

    /// <summary>Time bins: _time keeps a time; any other field gets the bin's epoch seconds.</summary>
    private static Func<Value, Value?> TimeBins(TimeSpanSpec span, Timestamp alignment, TimeZoneInfo zone, bool isTime) =>
        value =>
        {
            if (!value.TryGetTime(out var time))
            {
                return null;
            }

            var start = span.Floor(time, zone, alignment);
            return isTime ? Value.FromTime(start) : Value.FromNumber(start.UnixSeconds);
        };

    private sealed class SpanStage(BinCommand command, Func<Value, Value?> bin, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row)
        {
            var value = row[command._field];
            if (!value.IsNull)
            {
                command.Write(row, bin(value));
            }

            Next.Push(row);
        }
    }

    /// <summary>bins= without span=: the span depends on every value, so the rows wait for the last one.</summary>
    private sealed record AutoSpan(int Bins, double? Start, double? End);

    private sealed class AutoStage(BinCommand command, AutoSpan auto, IRowSink next) : IRowSink
    {
        private readonly List<Row> _rows = [];
        private double _min = auto.Start ?? double.PositiveInfinity;
        private double _max = auto.End ?? double.NegativeInfinity;

        public void Push(Row row)
        {
            _rows.Add(row);
            if (row[command._field].TryGetNumber(out var number))
            {
                _min = Math.Min(_min, number);
                _max = Math.Max(_max, number);
            }
        }

        public void Complete()
        {
            if (_min <= _max)
            {
                var bin = NumericBins(SpanFor(_max - _min, auto.Bins));
                foreach (var row in _rows)
                {
                    var value = row[command._field];
                    if (!value.IsNull)
                    {
                        command.Write(row, bin(value));
                    }
                }
            }

            foreach (var row in _rows)
            {
                next.Push(row);
            }

            next.Complete();
        }

        /// <summary>The smallest power of ten that splits the range into at most the given number of bins.</summary>
        private static decimal SpanFor(double range, int bins)
        {
            if (range <= 0)
            {
                return 1;
            }

            var exponent = (int)Math.Ceiling(Math.Log10(range / bins));
            var span = 1m;
            for (var i = 0; i < Math.Abs(exponent); i++)
            {
                span = exponent > 0 ? span * 10 : span / 10;
            }

            return range / bins > (double)span ? span * 10 : span;
        }
    }

    internal sealed partial class Syntax : ICommandSyntax
    {
        private static readonly string[] Options = ["span", "bins", "minspan", "start", "end", "aligntime"];

        public IReadOnlyList<string> Names => ["bin", "bucket"];

        [GeneratedRegex(@"^(?<coefficient>\d+(\.\d+)?)?log(?<base>\d+(\.\d+)?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
        private static partial Regex LogSpan();

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            string? field = null;
            string? target = null;
            var options = new Dictionary<string, (string Value, int Position)>(StringComparer.Ordinal);
            while (!cursor.AtEnd)
            {
                if (CommandOptions.TryRead(cursor, site.Name.ToLowerInvariant(), Options, out var option, out var value, out var optionPosition))
                {
                    options[option] = (value, optionPosition);
                    continue;
                }

                if (field is not null)
                {
                    if (target is null && cursor.TryKeyword("as", ignoreCase: true))
                    {
                        target = cursor.ExpectFieldName("a new field name after AS");
                        continue;
                    }

                    throw cursor.Error($"{site.Name} takes one field");
                }

                field = cursor.ExpectFieldName("the field to bin");
            }

            if (field is null)
            {
                throw site.Error($"{site.Name} needs a field to bin");
            }

            target ??= field;
            return options.TryGetValue("span", out var span)
                ? WithSpan(site, field, target, span.Value, span.Position, options)
                : WithoutSpan(site, field, target, options);
        }

        private static BinCommand WithSpan(CommandSite site, string field, string target, string span, int position, Dictionary<string, (string Value, int Position)> options)
        {
            var command = site.Name.ToLowerInvariant();
            if (LogSpan().Match(span) is { Success: true } log)
            {
                var coefficient = log.Groups["coefficient"].Success ? double.Parse(log.Groups["coefficient"].Value, CultureInfo.InvariantCulture) : 1;
                var logBase = log.Groups["base"].Success ? double.Parse(log.Groups["base"].Value, CultureInfo.InvariantCulture) : 10;
                if (logBase <= 1 || coefficient < 1 || coefficient >= logBase)
                {
                    throw new SplSyntaxException(position, 4, $"a log span needs a base above 1 and a coefficient from 1 up to the base, not '{span}'");
                }

                return new BinCommand(site.Position, field, target, _ => LogBins(coefficient, logBase), null);
            }

            var isNumber = decimal.TryParse(span, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number);
            if (isNumber && field != "_time")
            {
                return number > 0
                    ? new BinCommand(site.Position, field, target, _ => NumericBins(number), null)
                    : throw new SplSyntaxException(position, 4, $"span must be above 0, not '{span}'");
            }

            if (!TimeSpanSpec.TryParse(span, out var timeSpan))
            {
                throw new SplSyntaxException(position, 4, $"span must be a time span such as 5m or 1h, a number, or a log span such as log10, not '{span}'");
            }

            var alignment = default(Timestamp);
            if (options.TryGetValue("aligntime", out var align))
            {
                alignment = long.TryParse(align.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
                    ? Timestamp.FromSeconds(seconds)
                    : throw CommandOptions.UnsupportedValue(align.Position, command, "aligntime", align.Value, "Vigil aligns bins to an epoch time only (earliest, latest and relative times need the search's time range)");
            }

            return new BinCommand(site.Position, field, target, context => TimeBins(timeSpan, alignment, context.Zone, field == "_time"), null);
        }

        private static BinCommand WithoutSpan(CommandSite site, string field, string target, Dictionary<string, (string Value, int Position)> options)
        {
            var command = site.Name.ToLowerInvariant();
            if (field == "_time")
            {
                throw new SplSyntaxException(site.Position, site.Name.Length, $"{command} without span on _time is not supported: Splunk picks the span from the search's time range, which Vigil does not have; give span=", SplDiagnosticId.UnsupportedFeature, "bin without span");
            }

            foreach (var timeOnly in new[] { "minspan", "aligntime" })
            {
                if (options.TryGetValue(timeOnly, out var given))
                {
                    throw CommandOptions.UnsupportedValue(given.Position, command, timeOnly, given.Value, "it applies to the automatic time spans Vigil does not pick");
                }
            }

            var bins = options.TryGetValue("bins", out var binsText) ? Arguments.WholeNumber(binsText.Value, "bins", binsText.Position) : DefaultBins;
            if (bins < 2)
            {
                throw new SplSyntaxException(binsText.Position, 4, "bins must be at least 2");
            }

            return new BinCommand(site.Position, field, target, null, new AutoSpan(bins, Bound("start"), Bound("end")));

            double? Bound(string name) =>
                !options.TryGetValue(name, out var given) ? null
                : Value.TryParseNumber(given.Value, out var number) ? number
                : throw new SplSyntaxException(given.Position, name.Length, $"{name} must be a number, not '{given.Value}'");
        }
    }
}
