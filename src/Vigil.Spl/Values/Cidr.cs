using System.Globalization;
using System.Net;

namespace Vigil.Spl.Values;

/// <summary>
/// CIDR blocks as Splunk reads them (lookups' CIDR match type, cidrmatch, search on IP fields): host bits in the
/// base address are ignored (<c>10.1.2.3/8</c> is <c>10.0.0.0/8</c>), which .NET's parser refuses.
/// </summary>
public static class Cidr
{
    public static bool TryParse(string text, out IPNetwork network)
    {
        network = default;
        var span = text.AsSpan().Trim();
        var slash = span.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(span[..slash], out var address)
            || !int.TryParse(span[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        if (prefix > bytes.Length * 8)
        {
            return false;
        }

        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        network = new IPNetwork(new IPAddress(bytes), prefix);
        return true;
    }

    /// <summary>Whether the text is an address inside the network.</summary>
    public static bool Contains(IPNetwork network, string text) =>
        IPAddress.TryParse(text.AsSpan().Trim(), out var address) && network.Contains(address);
}
