using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Time;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval;

/// <summary>The eval functions Vigil implements, with Splunk's semantics. Any other name is a compile error.</summary>
internal static class EvalFunctions
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);

    private static readonly Dictionary<string, EvalFunction> Functions = Build();

    public static IEnumerable<string> Names => Functions.Keys.Order(StringComparer.Ordinal);

    public static EvalFunction? Find(string name) => Functions.GetValueOrDefault(name);

    private static Dictionary<string, EvalFunction> Build()
    {
        var list = new List<EvalFunction>
        {
            new("if", 3, 3, EvalType.Any, (c, r, x) => c.Arguments[0].IsTrue(r, x) ? c.Arguments[1].Evaluate(r, x) : c.Arguments[2].Evaluate(r, x))
            {
                BooleanArguments = [0],
            },
            new("case", 2, 200, EvalType.Any, Case)
            {
                BooleanArguments = [-1],
                Prepare = args => args.Count % 2 == 0 ? null : throw new SplSyntaxException(args[^1].Position, 1, "case() takes pairs of condition and value"),
            },
            new("coalesce", 1, 200, EvalType.Any, (c, r, x) =>
            {
                foreach (var argument in c.Arguments)
                {
                    var value = argument.Evaluate(r, x);
                    if (!value.IsNull)
                    {
                        return value;
                    }
                }

                return Value.Null;
            }),
            new("in", 2, 200, EvalType.Boolean, (c, r, x) =>
            {
                var value = c.Arguments[0].Evaluate(r, x);
                for (var i = 1; i < c.Arguments.Count; i++)
                {
                    if (BinaryExpression.Compare(BinaryOperator.Equal, value, c.Arguments[i].Evaluate(r, x)).AsBoolean)
                    {
                        return Value.True;
                    }
                }

                return Value.False;
            }),
            new("isnull", 1, 1, EvalType.Boolean, (c, r, x) => Value.FromBoolean(c.Arguments[0].Evaluate(r, x).IsNull)),
            new("isnotnull", 1, 1, EvalType.Boolean, (c, r, x) => Value.FromBoolean(!c.Arguments[0].Evaluate(r, x).IsNull)),
            new("isnum", 1, 1, EvalType.Boolean, (c, r, x) => Value.FromBoolean(c.Arguments[0].Evaluate(r, x).TryGetNumber(out _))),
            new("isstr", 1, 1, EvalType.Boolean, (c, r, x) =>
            {
                var value = c.Arguments[0].Evaluate(r, x);
                return Value.FromBoolean(!value.IsNull && !value.TryGetNumber(out _));
            }),
            new("like", 2, 2, EvalType.Boolean, (c, r, x) =>
            {
                var text = c.Arguments[0].Evaluate(r, x);
                var pattern = c.Arguments[1].Evaluate(r, x);
                return Value.FromBoolean(!text.IsNull && !pattern.IsNull && Like(text.FirstText, pattern.FirstText));
            }),
            new("match", 2, 2, EvalType.Boolean, (c, r, x) =>
            {
                var text = c.Arguments[0].Evaluate(r, x);
                var regex = RegexOf(c, 1, r, x);
                return Value.FromBoolean(!text.IsNull && regex is not null && regex.IsMatch(text.FirstText));
            })
            {
                Prepare = args => PrepareRegex(args, 1),
            },
            new("lower", 1, 1, EvalType.Value, (c, r, x) => MapText(c, r, x, static s => s.ToLowerInvariant())),
            new("upper", 1, 1, EvalType.Value, (c, r, x) => MapText(c, r, x, static s => s.ToUpperInvariant())),
            new("len", 1, 1, EvalType.Value, (c, r, x) =>
            {
                var value = c.Arguments[0].Evaluate(r, x);
                return value.IsNull ? Value.Null : Value.FromNumber(new StringInfo(value.FirstText).LengthInTextElements);
            }),
            new("replace", 3, 3, EvalType.Value, (c, r, x) =>
            {
                var text = c.Arguments[0].Evaluate(r, x);
                var regex = RegexOf(c, 1, r, x);
                var replacement = c.Arguments[2].Evaluate(r, x);
                if (text.IsNull || regex is null || replacement.IsNull)
                {
                    return Value.Null;
                }

                return Value.FromString(regex.Replace(text.FirstText, ToDotNetReplacement(replacement.FirstText)));
            })
            {
                Prepare = args => PrepareRegex(args, 1),
            },
            new("substr", 2, 3, EvalType.Value, Substr),
            new("mvcount", 1, 1, EvalType.Value, (c, r, x) =>
            {
                var value = c.Arguments[0].Evaluate(r, x);
                return value.IsNull ? Value.Null : Value.FromNumber(value.Count);
            }),
            new("mvindex", 2, 3, EvalType.Value, MvIndex),
            new("mvjoin", 2, 2, EvalType.Value, (c, r, x) =>
            {
                var value = c.Arguments[0].Evaluate(r, x);
                var delimiter = c.Arguments[1].Evaluate(r, x);
                return value.IsNull || delimiter.IsNull ? Value.Null : Value.FromString(string.Join(delimiter.FirstText, value.Values));
            }),
            new("split", 2, 2, EvalType.Value, (c, r, x) =>
            {
                var value = c.Arguments[0].Evaluate(r, x);
                var delimiter = c.Arguments[1].Evaluate(r, x);
                if (value.IsNull || delimiter.IsNull)
                {
                    return Value.Null;
                }

                var parts = delimiter.FirstText.Length == 0
                    ? value.FirstText.Select(ch => ch.ToString()).ToArray()
                    : value.FirstText.Split(delimiter.FirstText);
                return Value.FromMany(parts);
            }),
            new("strftime", 2, 2, EvalType.Value, (c, r, x) =>
            {
                var time = c.Arguments[0].Evaluate(r, x);
                var format = c.Arguments[1].Evaluate(r, x);
                return !format.IsNull && time.TryGetTime(out var t) ? Value.FromString(SplunkTimeFormat.Format(t, format.FirstText, x.Zone)) : Value.Null;
            }),
            new("strptime", 2, 2, EvalType.Value, (c, r, x) =>
            {
                var text = c.Arguments[0].Evaluate(r, x);
                var format = c.Arguments[1].Evaluate(r, x);
                return !text.IsNull && !format.IsNull && SplunkTimeFormat.TryParse(text.FirstText, format.FirstText, x.Zone, out var t)
                    ? Value.FromTime(t)
                    : Value.Null;
            }),
            new("now", 0, 0, EvalType.Value, (c, r, x) => Value.FromNumber(x.Now.UnixSeconds)),
            new("null", 0, 0, EvalType.Value, (c, r, x) => Value.Null),
            new("true", 0, 0, EvalType.Boolean, (c, r, x) => Value.True),
            new("false", 0, 0, EvalType.Boolean, (c, r, x) => Value.False),
            new("tostring", 1, 1, EvalType.Value, (c, r, x) =>
            {
                var value = c.Arguments[0].Evaluate(r, x);
                return value.IsNull ? Value.Null : Value.FromString(value.ToString());
            }),
            new("tonumber", 1, 2, EvalType.Value, ToNumber),
            new("round", 1, 2, EvalType.Value, (c, r, x) =>
            {
                if (!c.Arguments[0].Evaluate(r, x).TryGetNumber(out var number))
                {
                    return Value.Null;
                }

                var digits = 0d;
                if (c.Arguments.Count == 2 && !c.Arguments[1].Evaluate(r, x).TryGetNumber(out digits))
                {
                    return Value.Null;
                }

                return Value.FromNumber(Math.Round(number, (int)Math.Clamp(digits, 0, 15), MidpointRounding.AwayFromZero));
            }),
            new("abs", 1, 1, EvalType.Value, (c, r, x) =>
                c.Arguments[0].Evaluate(r, x).TryGetNumber(out var number) ? Value.FromNumber(Math.Abs(number)) : Value.Null),
            new("trim", 1, 2, EvalType.Value, (c, r, x) => Trim(c, r, x, static (s, chars) => s.Trim(chars))),
            new("ltrim", 1, 2, EvalType.Value, (c, r, x) => Trim(c, r, x, static (s, chars) => s.TrimStart(chars))),
            new("rtrim", 1, 2, EvalType.Value, (c, r, x) => Trim(c, r, x, static (s, chars) => s.TrimEnd(chars))),
        };

        return list.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    private static Value Case(CallExpression call, Row row, SearchContext context)
    {
        for (var i = 0; i + 1 < call.Arguments.Count; i += 2)
        {
            if (call.Arguments[i].IsTrue(row, context))
            {
                return call.Arguments[i + 1].Evaluate(row, context);
            }
        }

        return Value.Null;
    }

    private static Value MapText(CallExpression call, Row row, SearchContext context, Func<string, string> map)
    {
        var value = call.Arguments[0].Evaluate(row, context);
        return value.Kind switch
        {
            ValueKind.Null => Value.Null,
            ValueKind.Multi => Value.FromMany(value.Values.Select(map).ToArray()),
            _ => Value.FromString(map(value.ToString())),
        };
    }

    /// <summary>substr(X, start, length): 1-based; a negative start counts from the end.</summary>
    private static Value Substr(CallExpression call, Row row, SearchContext context)
    {
        var text = call.Arguments[0].Evaluate(row, context);
        if (text.IsNull || !call.Arguments[1].Evaluate(row, context).TryGetNumber(out var startNumber))
        {
            return Value.Null;
        }

        var s = text.FirstText;
        var start = (long)startNumber;
        var from = start > 0 ? start - 1 : start < 0 ? Math.Max(0, s.Length + start) : 0;
        from = Math.Min(from, s.Length);
        var length = (long)s.Length - from;
        if (call.Arguments.Count == 3)
        {
            if (!call.Arguments[2].Evaluate(row, context).TryGetNumber(out var lengthNumber))
            {
                return Value.Null;
            }

            length = Math.Clamp((long)lengthNumber, 0, length);
        }

        return Value.FromString(s.Substring((int)from, (int)length));
    }

    private static Value MvIndex(CallExpression call, Row row, SearchContext context)
    {
        var value = call.Arguments[0].Evaluate(row, context);
        if (value.IsNull || !call.Arguments[1].Evaluate(row, context).TryGetNumber(out var startNumber))
        {
            return Value.Null;
        }

        var values = value.Values;
        var start = (int)startNumber;
        start = start < 0 ? values.Count + start : start;
        var end = start;
        if (call.Arguments.Count == 3)
        {
            if (!call.Arguments[2].Evaluate(row, context).TryGetNumber(out var endNumber))
            {
                return Value.Null;
            }

            end = (int)endNumber;
            end = end < 0 ? values.Count + end : end;
        }

        if (start < 0 || start >= values.Count || end < start)
        {
            return Value.Null;
        }

        end = Math.Min(end, values.Count - 1);
        return Value.FromMany(values.Skip(start).Take(end - start + 1).ToArray());
    }

    private static Value ToNumber(CallExpression call, Row row, SearchContext context)
    {
        var value = call.Arguments[0].Evaluate(row, context);
        if (value.IsNull)
        {
            return Value.Null;
        }

        var numberBase = 10d;
        if (call.Arguments.Count == 2 && !call.Arguments[1].Evaluate(row, context).TryGetNumber(out numberBase))
        {
            return Value.Null;
        }

        var text = value.FirstText.Trim();
        if ((int)numberBase == 10)
        {
            return Value.TryParseNumber(text, out var number) ? Value.FromNumber(number) : Value.Null;
        }

        if ((int)numberBase == 16 && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        try
        {
            return numberBase is 2 or 8 or 16
                ? Value.FromNumber(Convert.ToInt64(text, (int)numberBase))
                : Value.Null;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return Value.Null;
        }
    }

    private static Value Trim(CallExpression call, Row row, SearchContext context, Func<string, char[], string> trim)
    {
        var value = call.Arguments[0].Evaluate(row, context);
        if (value.IsNull)
        {
            return Value.Null;
        }

        var chars = " \t".ToCharArray();
        if (call.Arguments.Count == 2)
        {
            var given = call.Arguments[1].Evaluate(row, context);
            if (given.IsNull)
            {
                return Value.Null;
            }

            chars = given.FirstText.ToCharArray();
        }

        return Value.FromString(trim(value.FirstText, chars));
    }

    /// <summary>SQL LIKE: % any run, _ one character; case-sensitive.</summary>
    public static bool Like(string text, string pattern)
    {
        var builder = new StringBuilder("^");
        foreach (var c in pattern)
        {
            builder.Append(c switch
            {
                '%' => ".*",
                '_' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        builder.Append('$');
        return Regex.IsMatch(text, builder.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, RegexTimeout);
    }

    private static Regex? PrepareRegex(IReadOnlyList<EvalExpression> arguments, int index)
    {
        if (arguments[index] is LiteralExpression { Value.Kind: ValueKind.Text } literal)
        {
            return CompileRegex(literal.Value.FirstText, literal.Position);
        }

        return null;
    }

    private static Regex? RegexOf(CallExpression call, int index, Row row, SearchContext context)
    {
        if (call.State is Regex prepared)
        {
            return prepared;
        }

        var pattern = call.Arguments[index].Evaluate(row, context);
        if (pattern.IsNull)
        {
            return null;
        }

        try
        {
            return CompileRegex(pattern.FirstText, call.Position);
        }
        catch (SplSyntaxException)
        {
            return null;
        }
    }

    /// <summary>PCRE as Splunk writes it, translated where .NET differs (<see cref="Pcre"/>).</summary>
    public static Regex CompileRegex(string pattern, int position)
    {
        try
        {
            return Pcre.Compile(pattern);
        }
        catch (ArgumentException e)
        {
            throw new SplSyntaxException(position, 1, $"invalid regular expression \"{pattern}\": {e.Message}", SplDiagnosticId.InvalidRegex, pattern);
        }
    }

    /// <summary>PCRE replacements write groups as \1; .NET as $1, with a literal $ doubled.</summary>
    private static string ToDotNetReplacement(string replacement)
    {
        var builder = new StringBuilder(replacement.Length + 4);
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c == '$')
            {
                builder.Append("$$");
            }
            else if (c == '\\' && i + 1 < replacement.Length && char.IsAsciiDigit(replacement[i + 1]))
            {
                builder.Append("${").Append(replacement[++i]).Append('}');
            }
            else if (c == '\\' && i + 1 < replacement.Length && replacement[i + 1] == '\\')
            {
                builder.Append('\\');
                i++;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
