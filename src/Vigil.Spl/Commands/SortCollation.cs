using System.Globalization;
using System.Net;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// How <c>sort</c> orders values when it decides the type itself (Search Reference, sort: "auto"): numbers
/// numerically and before everything else, then IP addresses as addresses, then values that start with a number by
/// that number, then the rest lexicographically (code units, so upper case first).
/// </summary>
internal static class SortCollation
{
    public static int CompareAuto(Value x, Value y)
    {
        var (xKind, xNumber, xAddress, xRest) = Classify(x);
        var (yKind, yNumber, yAddress, yRest) = Classify(y);
        if (xKind != yKind)
        {
            // One total order across kinds: numbers, then addresses, then strings that start with a number, then text.
            return xKind.CompareTo(yKind);
        }

        var order = xKind switch
        {
            Kind.Number or Kind.LeadingNumber => xNumber.CompareTo(yNumber),
            Kind.Address => CompareAddresses(xAddress!, yAddress!),
            _ => 0,
        };
        return order != 0 ? order : string.CompareOrdinal(xKind == Kind.LeadingNumber ? xRest : x.FirstText, yKind == Kind.LeadingNumber ? yRest : y.FirstText);
    }

    private enum Kind
    {
        Number,
        Address,
        LeadingNumber,
        Text,
    }

    private static (Kind Kind, double Number, IPAddress? Address, string Remainder) Classify(Value value)
    {
        if (value.TryGetNumber(out var number))
        {
            return (Kind.Number, number, null, string.Empty);
        }

        var text = value.FirstText;
        if (TryAddress(text, out var address))
        {
            return (Kind.Address, 0, address, string.Empty);
        }

        return LeadingNumber(text, out var lead, out var rest) ? (Kind.LeadingNumber, lead, null, rest) : (Kind.Text, 0, null, text);
    }

    /// <summary><c>sort ip(f)</c>: addresses in address order, values that are no address after them, lexicographically.</summary>
    public static int CompareAsIps(string x, string y)
    {
        var xIsAddress = TryAddress(x, out var xAddress);
        var yIsAddress = TryAddress(y, out var yAddress);
        if (xIsAddress && yIsAddress)
        {
            return CompareAddresses(xAddress, yAddress);
        }

        return xIsAddress == yIsAddress ? string.CompareOrdinal(x, y) : xIsAddress ? -1 : 1;
    }

    private static bool TryAddress(string text, out IPAddress address) =>
        IPAddress.TryParse(text, out address!) && (text.Contains('.', StringComparison.Ordinal) || text.Contains(':', StringComparison.Ordinal));

    private static int CompareAddresses(IPAddress x, IPAddress y)
    {
        var a = x.MapToIPv6().GetAddressBytes();
        var b = y.MapToIPv6().GetAddressBytes();
        return a.AsSpan().SequenceCompareTo(b);
    }

    private static bool LeadingNumber(string text, out double number, out string rest)
    {
        var end = 0;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        rest = text[end..];
        return double.TryParse(text.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out number) && end > 0;
    }
}
