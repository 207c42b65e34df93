using Vigil.Spl.Definitions;
using Vigil.Spl.Eval;
using Vigil.Spl.Macros;
using Vigil.Spl.Syntax;

namespace Vigil.Spl.Execution;

/// <summary>
/// Compiles the pieces of SPL that live outside searches: a calculated field's eval expression (props.conf
/// <c>EVAL-</c>, data model calculations), an event type's search, a data model constraint.
/// </summary>
public static class SplCompiler
{
    /// <summary>An eval expression, whole; throws <see cref="SplCompileException"/> with positions in the text.</summary>
    public static EvalExpression CompileEval(string expression)
    {
        try
        {
            var cursor = new TextCursor(expression, 0, expression.Length);
            var compiled = new EvalParser(cursor).ParseValue("the expression");
            Arguments.ExpectEnd(cursor, "eval");
            return compiled;
        }
        catch (SplSyntaxException e)
        {
            throw new SplCompileException(expression, [e.Diagnostic]);
        }
    }

    /// <summary>A plain search (no pipes), macros expanded, event types and tags resolved with the definitions.</summary>
    public static SearchExpression CompileCondition(string search, SplDefinitions definitions) =>
        SearchConditionParser.Parse(MacroExpander.Expand(search, definitions).Trim(), new SearchScope(definitions));
}
