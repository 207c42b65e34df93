using System.Globalization;
using System.Runtime.CompilerServices;

namespace Vigil.Spl.Values;

public enum ValueKind : byte
{
    Null,
    Text,
    Number,

    /// <summary>An epoch time held as 100 ns ticks, so that formatting it truncates exactly.</summary>
    Time,
    Multi,

    /// <summary>Only inside eval and where expressions; never stored in a field.</summary>
    Boolean,
}

/// <summary>A field value as SPL sees it: null, a string, a number, a time, a multivalue or (in expressions) a Boolean.</summary>
public readonly struct Value : IEquatable<Value>
{
    // 16 bytes: every field of every row holds one, and a 16-byte struct travels in two registers. The reference says
    // the kind: none for null, the string of a text, the array of a multivalue, or a shared mark for a number, a time
    // or a Boolean. The 8-byte slot holds a number's bits, a time's ticks, a Boolean's 0 or 1 and, for text, the
    // number it reads as when that is known, or a NaN saying it is not known yet or reads as none (a number value is
    // never NaN, so neither can be mistaken for one).
    private readonly object? _ref;
    private readonly long _bits;

    private const long NumberUnknown = unchecked((long)0x7FF8_0000_0000_0001);
    private const long NotNumber = unchecked((long)0x7FF8_0000_0000_0002);

    private static readonly KindMark NumberMark = new(ValueKind.Number);
    private static readonly KindMark TimeMark = new(ValueKind.Time);
    private static readonly KindMark BooleanMark = new(ValueKind.Boolean);

    private Value(object reference, long bits)
    {
        _ref = reference;
        _bits = bits;
    }

    private double NumberSlot => BitConverter.Int64BitsToDouble(_bits);

    public static Value Null => default;

    public static Value True { get; } = new(BooleanMark, BitConverter.DoubleToInt64Bits(1));

    public static Value False { get; } = new(BooleanMark, BitConverter.DoubleToInt64Bits(0));

    public ValueKind Kind
    {
        // Read in every comparison and eval: small enough that a call costs more than the tests.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _ref switch
        {
            null => ValueKind.Null,
            string => ValueKind.Text,
            KindMark mark => mark.Kind,
            _ => ValueKind.Multi,
        };
    }

    public bool IsNull => _ref is null;

    /// <summary>
    /// A text value. Whether it reads as a number is decided here when that is cheap (a short run of digits, or a
    /// first character no number starts with), so comparisons do not parse the same text again and again.
    /// </summary>
    public static Value FromString(string? text)
    {
        if (text is null)
        {
            return Null;
        }

        var bits = NumberUnknown;
        if (text.Length == 0 || !(char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.' || char.IsWhiteSpace(text[0])))
        {
            bits = NotNumber;
        }
        else if (text.Length <= 15 && TryReadDigits(text, out var digits))
        {
            bits = BitConverter.DoubleToInt64Bits(digits);
        }

        return new(text, bits);
    }

    /// <summary>Only ASCII digits: such text reads exactly as this whole number (15 digits stay exact in a double).</summary>
    private static bool TryReadDigits(string text, out long number)
    {
        number = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        return true;
    }

    public static Value FromNumber(double number) =>
        double.IsNaN(number) || double.IsInfinity(number) ? Null : new(NumberMark, BitConverter.DoubleToInt64Bits(number));

    public static Value FromTime(Timestamp time) => new(TimeMark, time.UnixTicks);

    public static Value FromBoolean(bool value) => value ? True : False;

    /// <summary>A multivalue; one value collapses to a single value and none to null, as in Splunk.</summary>
    public static Value FromMany(IReadOnlyList<string> values) => values.Count switch
    {
        0 => Null,
        1 => FromString(values[0]),
        _ => new(values as string[] ?? [.. values], 0),
    };

    public bool AsBoolean => Kind == ValueKind.Boolean && NumberSlot != 0;

    public Timestamp AsTime => new(_bits);

    /// <summary>Each value: one for a single value, none for null.</summary>
    public IReadOnlyList<string> Values => Kind switch
    {
        ValueKind.Null => [],
        ValueKind.Multi => (string[])_ref!,
        _ => [ToString()],
    };

    public int Count => Kind switch
    {
        ValueKind.Null => 0,
        ValueKind.Multi => ((string[])_ref!).Length,
        _ => 1,
    };

    /// <summary>The value as a number if it is one or reads as one (Splunk's implicit conversion).</summary>
    public bool TryGetNumber(out double number)
    {
        switch (Kind)
        {
            case ValueKind.Number:
                number = NumberSlot;
                return true;
            case ValueKind.Time:
                number = _bits / (double)Timestamp.TicksPerSecond;
                return true;
            case ValueKind.Text:
                switch (_bits)
                {
                    case NumberUnknown:
                        return TryParseNumber((string)_ref!, out number);
                    case NotNumber:
                        number = 0;
                        return false;
                    default:
                        number = NumberSlot;
                        return true;
                }

            case ValueKind.Multi:
                return TryParseNumber(((string[])_ref!)[0], out number);
            default:
                number = 0;
                return false;
        }
    }

    /// <summary>A time if the value is one or is a number of epoch seconds.</summary>
    public bool TryGetTime(out Timestamp time)
    {
        if (Kind == ValueKind.Time)
        {
            time = AsTime;
            return true;
        }

        if (Kind is ValueKind.Text or ValueKind.Multi && TryParseEpochTicks(Values[0], out var ticks))
        {
            time = new Timestamp(ticks);
            return true;
        }

        if (TryGetNumber(out var seconds) && Math.Abs(seconds) < 1e11)
        {
            time = new Timestamp((long)Math.Floor(seconds * Timestamp.TicksPerSecond));
            return true;
        }

        time = default;
        return false;
    }

    public static bool TryParseNumber(string text, out double number)
    {
        var span = text.AsSpan().Trim();
        if (span.IsEmpty || !(char.IsAsciiDigit(span[0]) || span[0] is '-' or '+' or '.'))
        {
            number = 0;
            return false;
        }

        return double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out number)
            && !double.IsInfinity(number);
    }

    /// <summary>Reads "1671551905.3253836" exactly, without passing through a double.</summary>
    private static bool TryParseEpochTicks(string text, out long ticks)
    {
        ticks = 0;
        var span = text.AsSpan().Trim();
        var negative = span.StartsWith("-");
        if (negative)
        {
            span = span[1..];
        }

        var dot = span.IndexOf('.');
        var whole = dot < 0 ? span : span[..dot];
        var fraction = dot < 0 ? [] : span[(dot + 1)..];
        if (whole.IsEmpty || whole.Length > 11 || !long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        long sub = 0;
        for (var i = 0; i < 7; i++)
        {
            sub *= 10;
            if (i < fraction.Length)
            {
                if (!char.IsAsciiDigit(fraction[i]))
                {
                    return false;
                }

                sub += fraction[i] - '0';
            }
        }

        foreach (var c in fraction)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        ticks = (seconds * Timestamp.TicksPerSecond) + sub;
        ticks = negative ? -ticks : ticks;
        return true;
    }

    /// <summary>The text Splunk shows for the value (a multivalue shows its values one a line).</summary>
    public override string ToString() => _ref is string text ? text : Kind switch
    {
        ValueKind.Null => string.Empty,
        ValueKind.Number => FormatNumber(NumberSlot),
        ValueKind.Time => FormatEpoch(_bits),
        ValueKind.Multi => string.Join('\n', (string[])_ref!),
        ValueKind.Boolean => NumberSlot != 0 ? "true" : "false",
        _ => string.Empty,
    };

    /// <summary>
    /// Whether the test holds for some value: the text of a single value, each value of a multivalue, none of null.
    /// The state spares the caller a closure, so the test costs no allocation per call.
    /// </summary>
    public bool AnyText<TState>(TState state, Func<TState, string, bool> test)
    {
        if (_ref is string single)
        {
            return test(state, single);
        }

        switch (Kind)
        {
            case ValueKind.Null:
                return false;
            case ValueKind.Multi:
                foreach (var text in (string[])_ref!)
                {
                    if (test(state, text))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return test(state, ToString());
        }
    }

    /// <summary>The first value as text: what string functions see of a multivalue.</summary>
    public string FirstText => _ref is string text ? text : Kind == ValueKind.Multi ? ((string[])_ref!)[0] : ToString();

    public static string FormatNumber(double number)
    {
        if (number == Math.Floor(number) && Math.Abs(number) < 1e15)
        {
            return ((long)number).ToString(CultureInfo.InvariantCulture);
        }

        return number.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Epoch seconds with the sub-second part at full precision, trailing zeros dropped.</summary>
    public static string FormatEpoch(long ticks)
    {
        var time = new Timestamp(ticks);
        var seconds = time.UnixSeconds;
        var sub = ticks - (seconds * Timestamp.TicksPerSecond);
        if (sub == 0)
        {
            return seconds.ToString(CultureInfo.InvariantCulture);
        }

        var fraction = sub.ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
        return seconds.ToString(CultureInfo.InvariantCulture) + "." + fraction;
    }

    public bool Equals(Value other) => _ref is string text
        ? other._ref is string otherText && string.Equals(text, otherText, StringComparison.Ordinal)
        : Kind == other.Kind && Kind switch
        {
            ValueKind.Null => true,
            ValueKind.Number or ValueKind.Boolean => NumberSlot.Equals(other.NumberSlot),
            ValueKind.Time => _bits == other._bits,
            ValueKind.Multi => ((string[])_ref!).AsSpan().SequenceEqual((string[])other._ref!),
            _ => false,
        };

    public override bool Equals(object? obj) => obj is Value other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, ToString());

    public static bool operator ==(Value left, Value right) => left.Equals(right);

    public static bool operator !=(Value left, Value right) => !left.Equals(right);

    /// <summary>The reference a number, a time or a Boolean holds: it says which of them the value is.</summary>
    private sealed class KindMark(ValueKind kind)
    {
        public ValueKind Kind { get; } = kind;
    }
}
