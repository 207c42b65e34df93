using System.Globalization;
using System.Text;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval.Functions;

/// <summary>
/// Splunk's text functions (Search Reference, "Text functions"). Null in is null out. The page says len, trim,
/// replace, substr and urldecode are "not supported on multivalue fields": they read the first value; lower and
/// upper map every value. Lengths and positions count Unicode code points, as Splunk counts UTF-8 code points.
/// </summary>
internal static class TextFunctions
{
    public static IEnumerable<EvalFunction> All =>
    [
        new("len", 1, 1, EvalType.Value, (c, r, x) => MapFirst(c.Argument(0, r, x), static s => Value.FromNumber(CodePoints(s).Count))),
        new("lower", 1, 1, EvalType.Value, (c, r, x) => MapEach(c.Argument(0, r, x), static s => s.ToLowerInvariant())),
        new("upper", 1, 1, EvalType.Value, (c, r, x) => MapEach(c.Argument(0, r, x), static s => s.ToUpperInvariant())),
        new("trim", 1, 2, EvalType.Value, (c, r, x) => Trim(c, r, x, static (s, chars) => s.Trim(chars))),
        new("ltrim", 1, 2, EvalType.Value, (c, r, x) => Trim(c, r, x, static (s, chars) => s.TrimStart(chars))),
        new("rtrim", 1, 2, EvalType.Value, (c, r, x) => Trim(c, r, x, static (s, chars) => s.TrimEnd(chars))),
        new("replace", 3, 3, EvalType.Value, (c, r, x) =>
        {
            var text = c.Argument(0, r, x);
            var regex = RegexArgument.Of(c, 1, r, x);
            var replacement = c.Argument(2, r, x);
            return text.IsNull || regex is null || replacement.IsNull
                ? Value.Null
                : Value.FromString(regex.Replace(text.FirstText, RegexArgument.ToDotNetReplacement(replacement.FirstText, regex)));
        })
        {
            Prepare = args => RegexArgument.Prepare(args, 1),
        },
        new("substr", 2, 3, EvalType.Value, Substr),
        new("urldecode", 1, 1, EvalType.Value, (c, r, x) => MapFirst(c.Argument(0, r, x), static s => Value.FromString(UrlDecode(s)))),
    ];

    /// <summary>The string's Unicode code points, each as its text (one or two UTF-16 units).</summary>
    public static List<string> CodePoints(string text) => text.EnumerateRunes().Select(rune => rune.ToString()).ToList();

    private static Value MapFirst(Value value, Func<string, Value> map) => value.IsNull ? Value.Null : map(value.FirstText);

    private static Value MapEach(Value value, Func<string, string> map) => value.Kind switch
    {
        ValueKind.Null => Value.Null,
        ValueKind.Multi => Value.FromMany(value.Values.Select(map).ToArray()),
        _ => Value.FromString(map(value.ToString())),
    };

    /// <summary>Without characters to trim, spaces and tabs.</summary>
    private static Value Trim(CallExpression call, Row row, SearchContext context, Func<string, char[], string> trim)
    {
        var value = call.Argument(0, row, context);
        var chars = call.ArgumentCount == 2 ? call.Argument(1, row, context) : Value.FromString(" \t");
        return value.IsNull || chars.IsNull ? Value.Null : Value.FromString(trim(value.FirstText, chars.FirstText.ToCharArray()));
    }

    /// <summary>
    /// substr(X, start, length) with SQLite's semantics, as the page says: 1-based; a negative start counts from
    /// the end; start 0 stands before the first character (so it takes one fewer); a negative length takes the
    /// characters before start.
    /// </summary>
    private static Value Substr(CallExpression call, Row row, SearchContext context)
    {
        var text = call.Argument(0, row, context);
        if (text.IsNull || !call.Argument(1, row, context).TryGetNumber(out var startNumber))
        {
            return Value.Null;
        }

        var chars = CodePoints(text.FirstText);
        var start = (long)startNumber;
        var length = (long)chars.Count;
        var negativeLength = false;
        if (call.ArgumentCount == 3)
        {
            if (!call.Argument(2, row, context).TryGetNumber(out var lengthNumber))
            {
                return Value.Null;
            }

            length = (long)lengthNumber;
            negativeLength = length < 0;
            length = Math.Abs(length);
        }

        if (start < 0)
        {
            start += chars.Count;
            if (start < 0)
            {
                length = Math.Max(0, length + start);
                start = 0;
            }
        }
        else if (start > 0)
        {
            start--;
        }
        else if (length > 0)
        {
            length--;
        }

        if (negativeLength)
        {
            start -= length;
            if (start < 0)
            {
                length += start;
                start = 0;
            }
        }

        start = Math.Min(start, chars.Count);
        length = Math.Clamp(length, 0, chars.Count - start);
        return Value.FromString(string.Concat(chars.Skip((int)start).Take((int)length)));
    }

    /// <summary>%XX escapes decoded as UTF-8 bytes; anything else, a malformed escape included, is kept.</summary>
    public static string UrlDecode(string text)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var bytes = new List<byte>(text.Length);
        var literalStart = 0;
        for (var i = 0; i + 2 < text.Length; i++)
        {
            if (text[i] == '%' && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[literalStart..i]));
                bytes.Add(b);
                i += 2;
                literalStart = i + 1;
            }
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(text[literalStart..]));
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
