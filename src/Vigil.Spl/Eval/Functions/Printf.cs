using System.Globalization;
using System.Text;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval.Functions;

/// <summary>
/// printf(format, values...) as the Conversion functions page describes it: C's sprintf conversions %d %i %u %o %x
/// %X %p %e %E %f %F %g %G %a %A %c %s %z %%, the flags ' - 0 + space #, a width and a precision (either may be
/// '*', taken from the next value). %C, %n, %S and %N$ are not supported by Splunk and are refused. A value that
/// is missing or null formats as an empty string or zero.
/// </summary>
internal static class Printf
{
    private const string Flags = "'-0+ #";
    private const string Conversions = "diuoxXpeEfFgGaAcsz";

    /// <summary>The first conversion the format uses that printf does not support, or null.</summary>
    public static string? Unsupported(string format)
    {
        string? unsupported = null;
        Format(format, [], conversion => unsupported ??= conversion);
        return unsupported;
    }

    /// <summary>The formatted text; null when the format has a conversion printf does not support.</summary>
    public static string? Format(string format, IReadOnlyList<Value> values)
    {
        var supported = true;
        var text = Format(format, values, _ => supported = false);
        return supported ? text : null;
    }

    private static string Format(string format, IReadOnlyList<Value> values, Action<string> unsupported)
    {
        var output = new StringBuilder(format.Length + 16);
        var next = 0;
        Value NextValue() => next < values.Count ? values[next++] : Value.Null;

        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                output.Append(format[i]);
                continue;
            }

            var start = i++;
            if (format[i] == '%')
            {
                output.Append('%');
                continue;
            }

            var spec = new Spec();
            for (; i < format.Length && Flags.Contains(format[i], StringComparison.Ordinal); i++)
            {
                spec.SetFlag(format[i]);
            }

            if (i < format.Length && format[i] == '*')
            {
                spec.SetWidth((long)Number(NextValue()));
                i++;
            }
            else
            {
                spec.Width = (int)ReadDigits(format, ref i);
            }

            if (i < format.Length && format[i] == '.')
            {
                i++;
                if (i < format.Length && format[i] == '*')
                {
                    var precision = (long)Number(NextValue());
                    spec.Precision = precision < 0 ? null : (int)Math.Min(precision, 1000);
                    i++;
                }
                else
                {
                    spec.Precision = (int)Math.Min(ReadDigits(format, ref i), 1000);
                }
            }

            if (i >= format.Length || !Conversions.Contains(format[i], StringComparison.Ordinal))
            {
                var end = Math.Min(i + 1, format.Length);
                unsupported(format[start..end]);
                output.Append(format, start, end - start);
                i = end - 1;
                continue;
            }

            output.Append(spec.Pad(Convert(format[i], spec, NextValue())));
        }

        return output.ToString();
    }

    private static long ReadDigits(string format, ref int i)
    {
        long value = 0;
        for (; i < format.Length && char.IsAsciiDigit(format[i]); i++)
        {
            value = Math.Min((value * 10) + (format[i] - '0'), 100_000);
        }

        return value;
    }

    private static double Number(Value value) => value.TryGetNumber(out var n) ? n : 0;

    private static Formatted Convert(char conversion, Spec spec, Value value)
    {
        var number = Number(value);
        switch (conversion)
        {
            case 'd':
            case 'i':
                var integer = Truncate(number);
                var magnitude = integer == long.MinValue ? "9223372036854775808" : Math.Abs(integer).ToString(CultureInfo.InvariantCulture);
                return new Formatted(Sign(integer < 0, spec), Digits(magnitude, integer == 0, spec), IntegerZeroPads(spec));
            case 'u':
                return new Formatted(string.Empty, Digits(((ulong)Truncate(number)).ToString(CultureInfo.InvariantCulture), number == 0, spec), IntegerZeroPads(spec));
            case 'o':
                var octal = System.Convert.ToString(Truncate(number), 8);
                var octalDigits = Digits(octal, number == 0, spec);
                return new Formatted(string.Empty, spec.Alternate && !octalDigits.StartsWith('0') ? "0" + octalDigits : octalDigits, IntegerZeroPads(spec));
            case 'x':
            case 'X':
            case 'p':
                var upper = conversion != 'x';
                var hex = Truncate(number).ToString(upper ? "X" : "x", CultureInfo.InvariantCulture);
                var prefix = spec.Alternate && Truncate(number) != 0 ? (upper ? "0X" : "0x") : string.Empty;
                return new Formatted(prefix, Digits(hex, number == 0, spec), IntegerZeroPads(spec));
            case 'e':
            case 'E':
            case 'f':
            case 'F':
            case 'g':
            case 'G':
            case 'a':
            case 'A':
                return new Formatted(Sign(number < 0 || (number == 0 && double.IsNegative(number)), spec), Real(conversion, Math.Abs(number), spec), double.IsFinite(number));
            case 'c':
                var character = value.Kind == ValueKind.Text && !value.TryGetNumber(out _)
                    ? TextFunctions.CodePoints(value.FirstText).FirstOrDefault() ?? string.Empty
                    : Rune.IsValid((int)number) ? new Rune((int)number).ToString() : string.Empty;
                return new Formatted(string.Empty, character, false);
            default:
                var text = value.IsNull ? string.Empty : value.FirstText;
                if (spec.Precision is { } maximum)
                {
                    text = string.Concat(TextFunctions.CodePoints(text).Take(maximum));
                }

                return new Formatted(string.Empty, text, false);
        }
    }

    /// <summary>C ignores the 0 flag of an integer conversion that has a precision.</summary>
    private static bool IntegerZeroPads(Spec spec) => spec.Precision is null;

    private static long Truncate(double number) =>
        double.IsNaN(number) ? 0 : number >= long.MaxValue ? long.MaxValue : number <= long.MinValue ? long.MinValue : (long)number;

    private static string Sign(bool negative, Spec spec) => negative ? "-" : spec.Plus ? "+" : spec.Space ? " " : string.Empty;

    /// <summary>Integer digits: at least the precision's count, none for zero at precision 0, grouped with '.</summary>
    private static string Digits(string digits, bool zero, Spec spec)
    {
        if (spec.Precision == 0 && zero)
        {
            return string.Empty;
        }

        digits = spec.Precision is { } minimum && digits.Length < minimum ? digits.PadLeft(minimum, '0') : digits;
        return spec.Grouped ? Group(digits) : digits;
    }

    private static string Group(string digits)
    {
        var builder = new StringBuilder(digits.Length + (digits.Length / 3));
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % 3 == 0)
            {
                builder.Append(',');
            }

            builder.Append(digits[i]);
        }

        return builder.ToString();
    }

    /// <summary>A non-negative real number in %e, %f, %g or %a form.</summary>
    private static string Real(char conversion, double number, Spec spec)
    {
        var upper = char.IsUpper(conversion);
        if (!double.IsFinite(number))
        {
            var word = double.IsNaN(number) ? "nan" : "inf";
            return upper ? word.ToUpperInvariant() : word;
        }

        var text = char.ToLowerInvariant(conversion) switch
        {
            'e' => Exponential(number, spec.Precision ?? 6, spec.Alternate),
            'f' => Fixed(number, spec.Precision ?? 6, spec),
            'g' => General(number, spec),
            _ => HexFloat(number, spec.Precision, spec.Alternate),
        };
        return upper ? text.ToUpperInvariant() : text;
    }

    private static string Fixed(double number, int precision, Spec spec)
    {
        var text = number.ToString((spec.Grouped ? "N" : "F") + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return precision == 0 && spec.Alternate ? text + "." : text;
    }

    /// <summary>d.ddde+XX, the exponent with at least two digits as C writes it.</summary>
    private static string Exponential(double number, int precision, bool alternate)
    {
        var text = number.ToString("E" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var mantissa = text[..text.IndexOf('E', StringComparison.Ordinal)];
        var exponent = DecimalExponent(number, precision);
        if (precision == 0 && alternate)
        {
            mantissa += ".";
        }

        return mantissa + (exponent < 0 ? "e-" : "e+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>The power of ten of the number once rounded to 1 + precision significant digits.</summary>
    private static int DecimalExponent(double number, int precision)
    {
        var text = number.ToString("E" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return int.Parse(text.AsSpan(text.IndexOf('E', StringComparison.Ordinal) + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    /// <summary>%g: %e when the exponent is below -4 or not below the precision, else %f; trailing zeros dropped unless #.</summary>
    private static string General(double number, Spec spec)
    {
        var significant = spec.Precision is { } p ? Math.Max(p, 1) : 6;
        var exponent = number == 0 ? 0 : DecimalExponent(number, significant - 1);
        var text = exponent < -4 || exponent >= significant
            ? Exponential(number, significant - 1, spec.Alternate)
            : Fixed(number, significant - 1 - exponent, spec);
        if (spec.Alternate)
        {
            return text;
        }

        var e = text.IndexOf('e', StringComparison.Ordinal);
        var mantissa = e < 0 ? text : text[..e];
        if (mantissa.Contains('.', StringComparison.Ordinal))
        {
            mantissa = mantissa.TrimEnd('0').TrimEnd('.');
        }

        return e < 0 ? mantissa : mantissa + text[e..];
    }

    /// <summary>%a: 0x1.hhhp+d, rounded half to even to the precision's hex digits, trailing zeros dropped without one.</summary>
    private static string HexFloat(double number, int? precision, bool alternate)
    {
        var bits = BitConverter.DoubleToInt64Bits(number);
        var biased = (int)((bits >> 52) & 0x7FF);
        var significand = (bits & 0xFFFFFFFFFFFFFL) | (biased == 0 ? 0 : 1L << 52);
        var exponent = number == 0 ? 0 : (biased == 0 ? -1022 : biased - 1023);
        string fraction;
        long lead;
        if (precision is { } digits && digits < 13)
        {
            var shift = (13 - digits) * 4;
            var remainder = significand & ((1L << shift) - 1);
            var half = 1L << (shift - 1);
            var kept = significand >> shift;
            if (remainder > half || (remainder == half && (kept & 1) == 1))
            {
                kept++;
            }

            lead = kept >> (digits * 4);
            fraction = digits == 0 ? string.Empty : (kept & ((1L << (digits * 4)) - 1)).ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }
        else
        {
            lead = significand >> 52;
            fraction = (significand & 0xFFFFFFFFFFFFFL).ToString("x13", CultureInfo.InvariantCulture);
            fraction = precision is { } wide ? fraction.PadRight(wide, '0') : fraction.TrimEnd('0');
        }

        var point = fraction.Length > 0 || alternate ? "." : string.Empty;
        return "0x" + lead.ToString(CultureInfo.InvariantCulture) + point + fraction + (exponent < 0 ? "p-" : "p+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A conversion's sign or prefix and its body; the 0 flag pads between them when it applies.</summary>
    private readonly record struct Formatted(string Prefix, string Body, bool ZeroPads);

    private sealed class Spec
    {
        public bool Left { get; private set; }

        public bool Zero { get; private set; }

        public bool Plus { get; private set; }

        public bool Space { get; private set; }

        public bool Alternate { get; private set; }

        public bool Grouped { get; private set; }

        public int Width { get; set; }

        public int? Precision { get; set; }

        public void SetFlag(char flag)
        {
            switch (flag)
            {
                case '-':
                    Left = true;
                    break;
                case '0':
                    Zero = true;
                    break;
                case '+':
                    Plus = true;
                    break;
                case ' ':
                    Space = true;
                    break;
                case '#':
                    Alternate = true;
                    break;
                default:
                    Grouped = true;
                    break;
            }
        }

        /// <summary>A width from a value: negative means left-justified, as in C.</summary>
        public void SetWidth(long width)
        {
            Left |= width < 0;
            Width = (int)Math.Min(Math.Abs(width), 100_000);
        }

        public string Pad(Formatted formatted)
        {
            var length = formatted.Prefix.Length + formatted.Body.Length;
            if (length >= Width)
            {
                return formatted.Prefix + formatted.Body;
            }

            if (Left)
            {
                return formatted.Prefix + formatted.Body + new string(' ', Width - length);
            }

            return Zero && formatted.ZeroPads
                ? formatted.Prefix + new string('0', Width - length) + formatted.Body
                : new string(' ', Width - length) + formatted.Prefix + formatted.Body;
        }
    }
}
