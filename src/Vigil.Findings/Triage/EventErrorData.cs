using System.Buffers.Binary;
using System.Globalization;

namespace Vigil.Findings.Triage;

/// <summary>
/// Reads the error an IIS worker process event carries in its &lt;Binary&gt; data ("The data is the error"): the hex
/// text of a little-endian DWORD Win32 error code, so C1000000 is 0x000000C1, 193, ERROR_BAD_EXE_FORMAT. Whatever the
/// text holds, the answer is a sentence, never an exception: a responder should see that the data was odd.
/// </summary>
internal static class EventErrorData
{
    // Enough of a malformed value to recognise it without flooding the fact.
    private const int MaxShownDigits = 48;

    /// <summary>The decoded error with its meaning, or a sentence saying why the data is not one.</summary>
    public static string Describe(string? binary) => Decode(binary, withMeaning: true);

    /// <summary>The decoded error's name only ("0x7E ERROR_MOD_NOT_FOUND (126)"), for one-line summaries.</summary>
    public static string Summarize(string? binary) => Decode(binary, withMeaning: false);

    /// <summary>The hex digits of the data without white space, upper case; empty when there are none.</summary>
    public static string Digits(string? binary) =>
        string.Concat((binary ?? string.Empty).Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    private static string Decode(string? binary, bool withMeaning)
    {
        var hex = Digits(binary);
        if (hex.Length == 0)
        {
            return "no error data: the event has no <Binary> value";
        }

        if (!hex.All(char.IsAsciiHexDigit))
        {
            return $"malformed error data '{Shown(hex)}': not hexadecimal";
        }

        if (hex.Length % 2 != 0)
        {
            return $"malformed error data '{Shown(hex)}': an odd number of hex digits is not a whole number of bytes";
        }

        var bytes = Convert.FromHexString(hex);
        switch (bytes.Length)
        {
            case 4:
                return Value(BinaryPrimitives.ReadUInt32LittleEndian(bytes), withMeaning);
            case 8:
                // A 64-bit little-endian value whose upper half is zero is the same code; otherwise only the first
                // DWORD is read as the error, and the rest is shown, not guessed at.
                var first = Value(BinaryPrimitives.ReadUInt32LittleEndian(bytes), withMeaning);
                return BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)) == 0
                    ? first
                    : first + $" (read from the first 4 of 8 bytes; the other 4, {hex[8..]}, are not interpreted)";
            default:
                return string.Create(CultureInfo.InvariantCulture, $"error data of {bytes.Length} bytes ({Shown(hex)})")
                    + " is not the 4-byte error code IIS writes; not decoded";
        }
    }

    private static string Value(uint value, bool withMeaning)
    {
        // An HRESULT of FACILITY_WIN32 (0x8007xxxx) wraps a Win32 code in its low 16 bits.
        if ((value & 0xFFFF0000) == 0x80070000)
        {
            var win32 = value & 0xFFFF;
            return string.Create(CultureInfo.InvariantCulture, $"HRESULT 0x{value:X8}, Win32 error ")
                + (withMeaning ? Win32ErrorCodes.Describe(win32) : Win32ErrorCodes.Name(win32));
        }

        return withMeaning ? Win32ErrorCodes.Describe(value) : Win32ErrorCodes.Name(value);
    }

    private static string Shown(string hex) => hex.Length <= MaxShownDigits ? hex : hex[..MaxShownDigits] + "...";
}
