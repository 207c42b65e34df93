using System.Globalization;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval;

/// <summary>
/// Parses eval expressions. Precedence from loosest: XOR, OR, AND, NOT (the eval page's "Boolean expressions"
/// order), comparisons (= == != &lt; &gt; &lt;= &gt;= LIKE IN), + - . (concatenation), * / %, unary minus. Operator
/// words and function names are read in any case; a function name may have spaces before its '('. Strings are
/// "double-quoted", field names bare or 'single-quoted'.
/// Types are checked here: a test where a value belongs (or the reverse) is an error before anything runs.
/// </summary>
internal sealed class EvalParser
{
    private readonly TextCursor _cursor;

    public EvalParser(TextCursor cursor) => _cursor = cursor;

    /// <summary>An expression that must be a test (where, if's condition).</summary>
    public EvalExpression ParseCondition(string context)
    {
        var expression = ParseExpression();
        RequireBoolean(expression, context);
        return expression;
    }

    /// <summary>An expression whose value is stored in a field.</summary>
    public EvalExpression ParseValue(string context)
    {
        var expression = ParseExpression();
        if (expression.Type == EvalType.Boolean)
        {
            throw new SplSyntaxException(expression.Position, 1, $"{context} is a test (true/false), not a value: wrap it in if(..., ..., ...)");
        }

        return expression;
    }

    public EvalExpression ParseExpression() => NestingGuard.Nested(Here(), ParseXor);

    // The eval page's order, loosest last: NOT, AND, OR, XOR. Operator words are read in any case.
    private EvalExpression ParseXor()
    {
        var left = ParseOr();
        while (true)
        {
            var position = Here();
            if (!_cursor.TryKeyword("XOR", ignoreCase: true))
            {
                return left;
            }

            left = Logical(position, BinaryOperator.Xor, left, ParseOr());
        }
    }

    private EvalExpression ParseOr()
    {
        var left = ParseAnd();
        while (true)
        {
            var position = Here();
            if (!_cursor.TryKeyword("OR", ignoreCase: true))
            {
                return left;
            }

            left = Logical(position, BinaryOperator.Or, left, ParseAnd());
        }
    }

    private EvalExpression ParseAnd()
    {
        var left = ParseNot();
        while (true)
        {
            var position = Here();
            if (!_cursor.TryKeyword("AND", ignoreCase: true))
            {
                return left;
            }

            left = Logical(position, BinaryOperator.And, left, ParseNot());
        }
    }

    private EvalExpression ParseNot()
    {
        var position = Here();
        if (_cursor.TryKeyword("NOT", ignoreCase: true) || (_cursor.Peek() == '!' && _cursor.Peek(1) != '=' && _cursor.TryConsume('!')))
        {
            var operand = NestingGuard.Nested(position, ParseNot);
            RequireBoolean(operand, "the operand of NOT");
            return new UnaryExpression(position, UnaryOperator.Not, operand);
        }

        return ParseComparison();
    }

    private EvalExpression ParseComparison()
    {
        var left = ParseAdditive();
        while (true)
        {
            var position = Here();
            BinaryOperator op;
            if (_cursor.TryKeyword("IN", ignoreCase: true))
            {
                // x IN (a, b): the in() function written as an operator.
                RequireValue(left, "the left side of IN");
                _cursor.SkipWhitespace();
                if (_cursor.Peek() != '(')
                {
                    throw _cursor.Error("expected '(' after IN");
                }

                var list = ParseCall("in", position, [left]);
                left = list;
                continue;
            }

            if (_cursor.TryKeyword("LIKE", ignoreCase: true))
            {
                op = BinaryOperator.Like;
            }
            else
            {
                var c = _cursor.Peek();
                var next = _cursor.Peek(1);
                (op, var length) = (c, next) switch
                {
                    ('=', '=') => (BinaryOperator.Equal, 2),
                    ('=', _) => (BinaryOperator.Equal, 1),
                    ('!', '=') => (BinaryOperator.NotEqual, 2),
                    ('<', '=') => (BinaryOperator.LessOrEqual, 2),
                    ('>', '=') => (BinaryOperator.GreaterOrEqual, 2),
                    ('<', _) => (BinaryOperator.Less, 1),
                    ('>', _) => (BinaryOperator.Greater, 1),
                    _ => ((BinaryOperator)(-1), 0),
                };
                if (length == 0)
                {
                    return left;
                }

                _cursor.Position += length;
            }

            var right = ParseAdditive();
            RequireValue(left, "the left side of a comparison");
            RequireValue(right, "the right side of a comparison");
            left = new BinaryExpression(position, op, left, right);
        }
    }

    private EvalExpression ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (true)
        {
            var position = Here();
            var op = _cursor.Peek() switch
            {
                '+' => BinaryOperator.Add,
                '-' => BinaryOperator.Subtract,
                '.' when !char.IsAsciiDigit(_cursor.Peek(1)) => BinaryOperator.Concatenate,
                _ => (BinaryOperator)(-1),
            };
            if ((int)op < 0)
            {
                return left;
            }

            _cursor.Position++;
            var right = ParseMultiplicative();
            RequireValue(left, "an operand of " + Symbol(op));
            RequireValue(right, "an operand of " + Symbol(op));
            left = new BinaryExpression(position, op, left, right);
        }
    }

    private EvalExpression ParseMultiplicative()
    {
        var left = ParseUnary();
        while (true)
        {
            var position = Here();
            var op = _cursor.Peek() switch
            {
                '*' => BinaryOperator.Multiply,
                '/' => BinaryOperator.Divide,
                '%' => BinaryOperator.Modulo,
                _ => (BinaryOperator)(-1),
            };
            if ((int)op < 0)
            {
                return left;
            }

            _cursor.Position++;
            var right = ParseUnary();
            RequireValue(left, "an operand of " + Symbol(op));
            RequireValue(right, "an operand of " + Symbol(op));
            left = new BinaryExpression(position, op, left, right);
        }
    }

    private EvalExpression ParseUnary()
    {
        var position = Here();
        if (_cursor.Peek() == '-' && !char.IsAsciiDigit(_cursor.Peek(1)))
        {
            _cursor.Position++;
            var operand = NestingGuard.Nested(position, ParseUnary);
            RequireValue(operand, "the operand of unary minus");
            return new UnaryExpression(position, UnaryOperator.Negate, operand);
        }

        if (_cursor.Peek() == '+')
        {
            // A leading plus, as in the printf example printf("%d,%i,%d",-2,+4,30).
            _cursor.Position++;
            var operand = NestingGuard.Nested(position, ParseUnary);
            RequireValue(operand, "the operand of unary plus");
            return new UnaryExpression(position, UnaryOperator.Plus, operand);
        }

        return ParsePrimary();
    }

    private EvalExpression ParsePrimary()
    {
        var position = Here();
        var c = _cursor.Peek();
        if (c == '(')
        {
            _cursor.Position++;
            var inner = ParseExpression();
            if (!_cursor.TryConsume(')'))
            {
                throw new SplSyntaxException(position, 1, "unclosed '(' in expression");
            }

            return inner;
        }

        if (c == '"')
        {
            return new LiteralExpression(position, Value.FromString(_cursor.ReadQuoted()));
        }

        if (c == '\'')
        {
            return new FieldExpression(position, _cursor.ReadSingleQuoted());
        }

        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(_cursor.Peek(1))) || (c == '-' && (char.IsAsciiDigit(_cursor.Peek(1)) || _cursor.Peek(1) == '.')))
        {
            return ParseNumber(position);
        }

        var name = ReadIdentifier();
        if (name is null)
        {
            throw _cursor.Error("expected a value, a field name or a function call");
        }

        _cursor.SkipWhitespace();
        if (_cursor.Peek() == '(')
        {
            return ParseCall(name, position);
        }

        return new FieldExpression(position, name);
    }

    private LiteralExpression ParseNumber(int position)
    {
        var start = _cursor.Position;
        if (_cursor.Peek() == '-')
        {
            _cursor.Position++;
        }

        while (char.IsAsciiDigit(_cursor.Peek()) || _cursor.Peek() == '.')
        {
            _cursor.Position++;
        }

        if (_cursor.Peek() is 'e' or 'E' && (char.IsAsciiDigit(_cursor.Peek(1)) || (_cursor.Peek(1) is '+' or '-' && char.IsAsciiDigit(_cursor.Peek(2)))))
        {
            _cursor.Position += 2;
            while (char.IsAsciiDigit(_cursor.Peek()))
            {
                _cursor.Position++;
            }
        }

        var text = Text(start, _cursor.Position);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw new SplSyntaxException(position, text.Length, $"'{text}' is not a number");
        }

        return new LiteralExpression(position, Value.FromNumber(number));
    }

    private CallExpression ParseCall(string name, int position, IReadOnlyList<EvalExpression>? leading = null)
    {
        var function = EvalFunctions.Find(name)
            ?? throw new SplSyntaxException(position, name.Length, $"unsupported eval function '{name}' (supported: {string.Join(", ", EvalFunctions.Names)})", SplDiagnosticId.UnsupportedFunction, name.ToLowerInvariant());
        _cursor.Position++;
        var arguments = new List<EvalExpression>(leading ?? []);
        if (!_cursor.TryConsume(')'))
        {
            while (true)
            {
                arguments.Add(ParseExpression());
                if (_cursor.TryConsume(','))
                {
                    continue;
                }

                if (_cursor.TryConsume(')'))
                {
                    break;
                }

                throw _cursor.Error($"expected ',' or ')' in the arguments of {name}()");
            }
        }

        if (arguments.Count < function.MinArguments || arguments.Count > function.MaxArguments)
        {
            var expected = function.MinArguments == function.MaxArguments
                ? function.MinArguments.ToString(CultureInfo.InvariantCulture)
                : $"{function.MinArguments} to {function.MaxArguments}";
            throw new SplSyntaxException(position, name.Length, $"{name}() takes {expected} arguments, got {arguments.Count}");
        }

        for (var i = 0; i < arguments.Count; i++)
        {
            switch (function.ArgumentType(i))
            {
                case EvalType.Boolean:
                    RequireBoolean(arguments[i], $"argument {i + 1} of {name}()");
                    break;
                case EvalType.Value:
                    RequireValue(arguments[i], $"argument {i + 1} of {name}()");
                    break;
            }
        }

        var state = function.Prepare?.Invoke(arguments);
        return new CallExpression(position, function, arguments, state);
    }

    private string? ReadIdentifier()
    {
        _cursor.SkipWhitespace();
        var start = _cursor.Position;
        if (!(char.IsLetter(_cursor.Peek()) || _cursor.Peek() is '_' or '@'))
        {
            return null;
        }

        while (true)
        {
            var c = _cursor.Peek();
            if (char.IsLetterOrDigit(c) || c is '_' or '@' or ':' or '{' or '}')
            {
                _cursor.Position++;
            }
            else if (c == '.' && (char.IsLetterOrDigit(_cursor.Peek(1)) || _cursor.Peek(1) == '_'))
            {
                // A dot inside a name (Processes.process_name); a dot between spaces is concatenation.
                _cursor.Position++;
            }
            else
            {
                break;
            }
        }

        return Text(start, _cursor.Position);
    }

    private static BinaryExpression Logical(int position, BinaryOperator op, EvalExpression left, EvalExpression right)
    {
        RequireBoolean(left, "an operand of " + op.ToString().ToUpperInvariant());
        RequireBoolean(right, "an operand of " + op.ToString().ToUpperInvariant());
        return new BinaryExpression(position, op, left, right);
    }

    private static void RequireBoolean(EvalExpression expression, string context)
    {
        if (expression.Type == EvalType.Value)
        {
            throw new SplSyntaxException(expression.Position, 1, $"{context} must be a test (a comparison or a function such as isnull), not a value");
        }
    }

    private static void RequireValue(EvalExpression expression, string context)
    {
        if (expression.Type == EvalType.Boolean)
        {
            throw new SplSyntaxException(expression.Position, 1, $"{context} must be a value, not a test");
        }
    }

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "'+'",
        BinaryOperator.Subtract => "'-'",
        BinaryOperator.Multiply => "'*'",
        BinaryOperator.Divide => "'/'",
        BinaryOperator.Modulo => "'%'",
        _ => "'.'",
    };

    private int Here()
    {
        _cursor.SkipWhitespace();
        return _cursor.Position;
    }

    private string Text(int start, int end) => _cursor.Slice(start, end);
}
