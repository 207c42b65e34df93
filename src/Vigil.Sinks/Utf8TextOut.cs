using System.Text;

namespace Vigil.Sinks;

/// <summary>
/// UTF-8 text handed to a <see cref="TextWriter"/> as characters, through one buffer kept from write to write, so that
/// writing what a JSON writer made costs no string; a buffer grown past <see cref="KeptChars"/> is let go after use.
/// </summary>
internal sealed class Utf8TextOut(TextWriter writer)
{
    internal const int KeptChars = 1 << 20;

    private char[] _chars = [];

    public void Write(ReadOnlySpan<byte> utf8)
    {
        var most = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        var chars = _chars.Length >= most ? _chars
            : most > KeptChars ? new char[most]
            : _chars = new char[most];
        writer.Write(chars, 0, Encoding.UTF8.GetChars(utf8, chars));
    }
}
