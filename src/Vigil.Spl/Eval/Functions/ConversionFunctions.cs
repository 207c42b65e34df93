using System.Globalization;
using System.Text;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval.Functions;

/// <summary>Splunk's conversion functions (Search Reference, "Conversion functions"): tonumber, tostring and printf.</summary>
internal static class ConversionFunctions
{
    private static readonly string[] Formats = ["binary", "hex", "commas", "duration"];

    public static IEnumerable<EvalFunction> All =>
    [
        new("tonumber", 1, 2, EvalType.Value, ToNumber),
        new("tostring", 1, 2, EvalType.Value, ToStringFunction)
        {
            ArgumentType = static i => i == 0 ? EvalType.Any : EvalType.Value,
            Prepare = PrepareFormat,
        },
        new("printf", 1, 200, EvalType.Value, (c, r, x) =>
        {
            var format = c.Argument(0, r, x);
            return format.IsNull
                ? Value.Null
                : Value.FromString(Printf.Format(format.FirstText, Enumerable.Range(1, c.ArgumentCount - 1).Select(i => c.Argument(i, r, x)).ToList()));
        })
        {
            Prepare = PreparePrintf,
        },
    ];

    /// <summary>
    /// tonumber(str[, base]): base 2 to 36, 10 by default; a string with spaces around it, or that does not read
    /// in the base, is null.
    /// </summary>
    private static Value ToNumber(CallExpression call, Row row, SearchContext context)
    {
        var value = call.Argument(0, row, context);
        var numberBase = 10d;
        if (value.IsNull || (call.ArgumentCount == 2 && !call.Argument(1, row, context).TryGetNumber(out numberBase)))
        {
            return Value.Null;
        }

        if (value.Kind is ValueKind.Number or ValueKind.Time)
        {
            return value.TryGetNumber(out var n) ? Value.FromNumber(n) : Value.Null;
        }

        var text = value.FirstText;
        if (text.Length == 0 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]) || numberBase is < 2 or > 36 || numberBase != Math.Floor(numberBase))
        {
            return Value.Null;
        }

        if ((int)numberBase == 10)
        {
            return Value.TryParseNumber(text, out var number) ? Value.FromNumber(number) : Value.Null;
        }

        return TryParseInBase(text, (int)numberBase, out var parsed) ? Value.FromNumber(parsed) : Value.Null;
    }

    private static bool TryParseInBase(string text, int numberBase, out double number)
    {
        number = 0;
        var span = text.AsSpan();
        var negative = span[0] == '-';
        if (span[0] is '-' or '+')
        {
            span = span[1..];
        }

        if (numberBase == 16 && span.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            span = span[2..];
        }

        if (span.IsEmpty)
        {
            return false;
        }

        foreach (var c in span)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (digit >= numberBase)
            {
                return false;
            }

            number = (number * numberBase) + digit;
        }

        number = negative ? -number : number;
        return true;
    }

    /// <summary>A format written as a literal must be one Splunk knows.</summary>
    private static object? PrepareFormat(IReadOnlyList<EvalExpression> arguments)
    {
        if (arguments.Count == 2 && arguments[1] is LiteralExpression { Value.Kind: ValueKind.Text } literal
            && !Formats.Contains(literal.Value.FirstText, StringComparer.Ordinal))
        {
            throw new SplSyntaxException(literal.Position, 1, $"unsupported tostring() format \"{literal.Value.FirstText}\" (supported: {string.Join(", ", Formats)})", SplDiagnosticId.UnsupportedOption, "tostring format");
        }

        return null;
    }

    /// <summary>A format written as a literal may use only conversions printf supports.</summary>
    private static object? PreparePrintf(IReadOnlyList<EvalExpression> arguments)
    {
        if (arguments[0] is LiteralExpression { Value.Kind: ValueKind.Text } literal && Printf.Unsupported(literal.Value.FirstText) is { } conversion)
        {
            throw new SplSyntaxException(literal.Position, 1, $"unsupported printf conversion \"{conversion}\"", SplDiagnosticId.UnsupportedOption, "printf " + conversion);
        }

        return null;
    }

    /// <summary>
    /// tostring(value[, format]): a Boolean is "True" or "False"; a number is its text, or with a format binary,
    /// hex ("0xF"), commas ("12,345.68") or duration ("[D+]HH:MM:SS"); a format is used only for numbers, and a
    /// quoted literal is a string, not a number. Each value of a multivalue is converted.
    /// </summary>
    private static Value ToStringFunction(CallExpression call, Row row, SearchContext context)
    {
        var value = call.Argument(0, row, context);
        var format = call.ArgumentCount == 2 ? call.Argument(1, row, context) : Value.Null;
        if (value.IsNull || (call.ArgumentCount == 2 && format.IsNull))
        {
            return Value.Null;
        }

        if (value.Kind == ValueKind.Boolean)
        {
            return Value.FromString(value.AsBoolean ? "True" : "False");
        }

        if (format.IsNull || call.Arguments[0] is LiteralExpression { Value.Kind: ValueKind.Text })
        {
            return value.Kind == ValueKind.Multi ? value : Value.FromString(value.ToString());
        }

        var converted = new List<string>(value.Count);
        foreach (var text in value.Kind == ValueKind.Multi ? value.Values : [value.ToString()])
        {
            if (!Value.TryParseNumber(text, out var number))
            {
                converted.Add(text);
            }
            else if (Format(number, format.FirstText) is { } formatted)
            {
                converted.Add(formatted);
            }
            else
            {
                return Value.Null;
            }
        }

        return Value.FromMany(converted);
    }

    /// <summary>The number in the format; null when the format does not apply (hex of a fraction, an unknown format).</summary>
    private static string? Format(double number, string format)
    {
        switch (format)
        {
            case "hex":
            case "binary":
                // The page: only integers from 0 to 2^53-1.
                if (number < 0 || number != Math.Floor(number) || number > 9007199254740991)
                {
                    return null;
                }

                return format == "hex"
                    ? "0x" + ((long)number).ToString("X", CultureInfo.InvariantCulture)
                    : Convert.ToString((long)number, 2);
            case "commas":
                return number == Math.Floor(number)
                    ? number.ToString("#,##0", CultureInfo.InvariantCulture)
                    : MathFunctions.Round(number, 2).ToString("#,##0.##", CultureInfo.InvariantCulture);
            case "duration":
                return Duration(number);
            default:
                return null;
        }
    }

    /// <summary>Seconds as HH:MM:SS, with "D+" in front past a day and microseconds after a fraction.</summary>
    private static string Duration(double seconds)
    {
        var builder = new StringBuilder();
        if (seconds < 0)
        {
            builder.Append('-');
            seconds = -seconds;
        }

        var whole = (long)Math.Floor(seconds);
        var micros = (long)Math.Round((seconds - whole) * 1_000_000);
        if (micros == 1_000_000)
        {
            whole++;
            micros = 0;
        }

        var days = whole / 86400;
        if (days > 0)
        {
            builder.Append(days.ToString(CultureInfo.InvariantCulture)).Append('+');
        }

        builder.Append(CultureInfo.InvariantCulture, $"{whole % 86400 / 3600:D2}:{whole % 3600 / 60:D2}:{whole % 60:D2}");
        if (micros > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $".{micros:D6}");
        }

        return builder.ToString();
    }
}
