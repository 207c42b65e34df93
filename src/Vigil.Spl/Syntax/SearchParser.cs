namespace Vigil.Spl.Syntax;

/// <summary>
/// Parses the search language. Precedence as Splunk documents it: NOT binds tightest, then OR, then AND (written or
/// implied by juxtaposition), so <c>a b OR c</c> means <c>a AND (b OR c)</c>. Keywords are upper case. Time modifiers
/// are read only where a run can bind them to its now and time zone (a base search, <c>| search</c>, a tstats WHERE);
/// elsewhere (event types, data model constraints, other commands' searches) they are refused.
/// </summary>
internal sealed class SearchParser
{
    private const string WordStops = "()=<>\"";
    private readonly TextCursor _cursor;
    private readonly SearchScope? _scope;
    private readonly bool _timeModifiers;

    // How many NOTs the term being parsed stands under: index= and time modifiers cannot be negated.
    private int _negations;

    public SearchParser(TextCursor cursor, SearchScope? scope, bool timeModifiers = false)
    {
        _cursor = cursor;
        _scope = scope;
        _timeModifiers = timeModifiers;
    }

    /// <summary>Parses to the end of the command; an empty search matches everything.</summary>
    public SearchExpression ParseAll()
    {
        if (_cursor.AtEnd)
        {
            return MatchAllExpression.Instance;
        }

        var expression = ParseAnd();
        if (!_cursor.AtEnd)
        {
            throw _cursor.Peek() == ')' ? _cursor.Error("unbalanced ')'") : _cursor.Error("unexpected text in search");
        }

        return _timeModifiers ? TimeModifierGroups.Assemble(expression) : expression;
    }

    private SearchExpression ParseAnd()
    {
        var operands = new List<SearchExpression> { ParseOr() };
        while (true)
        {
            if (_cursor.AtEnd || _cursor.Peek() == ')')
            {
                break;
            }

            if (_cursor.TryKeyword("AND"))
            {
                operands.Add(ParseOr());
                continue;
            }

            operands.Add(ParseOr());
        }

        return operands.Count == 1 ? operands[0] : new AndExpression(operands);
    }

    private SearchExpression ParseOr()
    {
        var operands = new List<SearchExpression> { ParseNot() };
        while (_cursor.TryKeyword("OR"))
        {
            operands.Add(ParseNot());
        }

        return operands.Count == 1 ? operands[0] : new OrExpression(operands);
    }

    private SearchExpression ParseNot()
    {
        if (_cursor.TryKeyword("NOT"))
        {
            _negations++;
            try
            {
                return new NotExpression(NestingGuard.Nested(_cursor.Position, ParseNot));
            }
            finally
            {
                _negations--;
            }
        }

        return ParsePrimary();
    }

    private SearchExpression ParsePrimary()
    {
        _cursor.SkipWhitespace();
        var start = _cursor.Position;
        if (_cursor.AtEnd)
        {
            throw _cursor.Error("expected a search term");
        }

        if (_cursor.Peek() == '[')
        {
            var scope = _scope ?? throw _cursor.Error("a subsearch needs knowledge definitions");
            return NestingGuard.Nested(start, () => SubsearchCondition.Parse(_cursor, scope));
        }

        if (_cursor.TryConsume('('))
        {
            if (_cursor.TryConsume(')'))
            {
                // "()" restricts nothing: the CIM's index macros expand to it by default.
                return MatchAllExpression.Instance;
            }

            var inner = NestingGuard.Nested(start, ParseAnd);
            if (!_cursor.TryConsume(')'))
            {
                throw new SplSyntaxException(start, 1, "unclosed '(' in search");
            }

            return inner;
        }

        if (_cursor.Peek() == '"')
        {
            var phrase = _cursor.ReadQuoted(pipeEscape: true);
            var afterPhrase = _cursor.Position;
            _cursor.SkipWhitespace();
            if (TryOperator() is { } quotedComparison)
            {
                // "field name"=value: a quoted field name, as ESCU writes names with dots or spaces.
                return ParseComparison(phrase, start, quotedComparison);
            }

            _cursor.Position = afterPhrase;
            return new TermExpression(phrase);
        }

        if (_cursor.PeekKeyword("AND") || _cursor.PeekKeyword("OR"))
        {
            throw _cursor.Error("expected a search term before the operator");
        }

        var word = _cursor.TrySearchWord(WordStops) ?? throw _cursor.Error("expected a search term");
        if (word.EndsWith('!') && _cursor.Peek() == '=' && word.Length > 1)
        {
            // "field!=value" written without spaces.
            word = word[..^1];
            _cursor.Position--;
        }

        var afterWord = _cursor.Position;
        _cursor.SkipWhitespace();
        var op = TryOperator();
        if (op is { } comparison)
        {
            return ParseComparison(word, start, comparison);
        }

        if (_cursor.TryKeyword("IN"))
        {
            return ParseIn(word, start);
        }

        _cursor.Position = afterWord;
        if (word is "TERM" or "CASE" && _cursor.Peek() == '(')
        {
            // TERM(x): x as one whole term between major breakers; CASE(x): x matched case-sensitively (Search Manual,
            // "Use CASE() and TERM() to match phrases").
            var inner = Brackets.Read(_cursor);
            var text = inner[1..^1].Trim();
            if (text.Length > 1 && text[0] == '"' && text[^1] == '"')
            {
                text = text[1..^1];
            }

            if (text.Length == 0)
            {
                throw new SplSyntaxException(start, word.Length, $"{word}() needs a term");
            }

            return new TermExpression(text, wholeTerm: word == "TERM", caseSensitive: word == "CASE");
        }

        if (word == "*")
        {
            return MatchAllExpression.Instance;
        }

        return new TermExpression(word);
    }

    private SearchOperator? TryOperator()
    {
        var c = _cursor.Peek();
        var next = _cursor.Peek(1);
        switch (c)
        {
            case '=':
                _cursor.Position += next == '=' ? 2 : 1;
                return SearchOperator.Equal;
            case '!' when next == '=':
                _cursor.Position += 2;
                return SearchOperator.NotEqual;
            case '<':
                _cursor.Position += next == '=' ? 2 : 1;
                return next == '=' ? SearchOperator.LessOrEqual : SearchOperator.Less;
            case '>':
                _cursor.Position += next == '=' ? 2 : 1;
                return next == '=' ? SearchOperator.GreaterOrEqual : SearchOperator.Greater;
            default:
                return null;
        }
    }

    private SearchExpression ParseComparison(string field, int start, SearchOperator op)
    {
        CheckField(field, start);
        _cursor.SkipWhitespace();
        string value;
        if (_cursor.Peek() == '"')
        {
            value = _cursor.ReadQuoted(pipeEscape: true);
        }
        else
        {
            value = _cursor.TrySearchWord("()\"") ?? throw _cursor.Error($"expected a value after '{field}' and its operator");
            if (_cursor.Peek() == '(')
            {
                // A value written like a call, _time>=relative_time(now(),"-1d"), is text to the search command:
                // Splunk compares it as a string, so it is read whole, parentheses and all.
                value += Brackets.Read(_cursor);
            }
        }

        if (field == "index")
        {
            return IndexExpression.Parse(op, value, _negations > 0, start, _cursor.Slice(start, _cursor.Position));
        }

        if (TimeModifierTerm.IsSupported(field))
        {
            return TimeModifier(field, op, value, start);
        }

        if (field == "eventtype" || field == "tag" || field.StartsWith("tag::", StringComparison.Ordinal))
        {
            if (op != SearchOperator.Equal || _scope is null)
            {
                throw new SplSyntaxException(start, field.Length, op != SearchOperator.Equal
                    ? $"{field} supports only '=' (write NOT {field}=... to negate)"
                    : $"{field}= needs knowledge definitions, and none are loaded");
            }

            return field == "eventtype"
                ? _scope.ResolveEventType(value, start, field.Length)
                : _scope.ResolveTag(field == "tag" ? null : field["tag::".Length..], value, start, field.Length);
        }

        return new FieldComparison(field, op, value);
    }

    private FieldInExpression ParseIn(string field, int start)
    {
        CheckListField(field, start);
        _cursor.Expect('(', "'(' after IN");
        var values = new List<string>();
        while (true)
        {
            _cursor.SkipWhitespace();
            if (_cursor.TryConsume(','))
            {
                // Splunk accepts empty items: IN (,"a",).
                continue;
            }

            if (_cursor.TryConsume(')'))
            {
                break;
            }

            var value = _cursor.Peek() == '"' ? _cursor.ReadQuoted(pipeEscape: true) : _cursor.TrySearchWord(",()\"") ?? throw _cursor.Error("expected a value in the IN list");
            values.Add(value);
            if (_cursor.TryConsume(','))
            {
                continue;
            }

            if (_cursor.TryConsume(')'))
            {
                break;
            }

            // Splunk also accepts values separated by white space alone.
            if (_cursor.AtEnd)
            {
                throw new SplSyntaxException(start, field.Length, "unclosed IN list");
            }
        }

        return new FieldInExpression(field, values);
    }

    private TimeModifierTerm TimeModifier(string field, SearchOperator op, string value, int start)
    {
        var term = new TimeModifierTerm(field, op, value, start, _cursor.Position - start);
        if (!_timeModifiers)
        {
            throw term.Error($"the time modifier {field}= is not supported here: Vigil applies time modifiers in a search's own terms (the base search, | search, a tstats WHERE), not in event types, data model constraints or other commands' searches");
        }

        if (_negations > 0)
        {
            throw term.Error($"{field}= under NOT is not supported: a time modifier sets the time range of the terms around it, it is no test to negate");
        }

        return term;
    }

    private static void CheckField(string field, int start)
    {
        if (field == "splunk_server")
        {
            throw new SplSyntaxException(start, field.Length, $"{field}= is not supported: Vigil searches the files it is given, not Splunk indexes", SplDiagnosticId.UnsupportedFeature, field + "=");
        }

        if (TimeModifierTerm.IsRefused(field))
        {
            throw new SplSyntaxException(start, field.Length, $"the time modifier {field}= is not supported (Vigil runs earliest, latest, starttime, endtime, starttimeu, endtimeu, timeformat and start|end(minutes|hours|days|months)ago)", SplDiagnosticId.UnsupportedFeature, "time modifier " + field + "=");
        }

        if (field.Contains('*', StringComparison.Ordinal))
        {
            throw new SplSyntaxException(start, field.Length, "wildcards in field names are not supported in search", SplDiagnosticId.UnsupportedFeature, "field name wildcards in search");
        }
    }

    /// <summary>IN lists: <c>index IN (...)</c> and a time modifier with a list are refused by name.</summary>
    private static void CheckListField(string field, int start)
    {
        if (field == "index")
        {
            throw IndexExpression.Refusal(start, field.Length, "index IN (...)");
        }

        if (TimeModifierTerm.IsSupported(field))
        {
            throw new SplSyntaxException(start, field.Length, $"{field} IN (...) is not supported: a time modifier takes one time", SplDiagnosticId.UnsupportedFeature, "time modifier " + field + "=");
        }

        CheckField(field, start);
    }
}
