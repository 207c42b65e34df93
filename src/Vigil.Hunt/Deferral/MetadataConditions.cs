using Vigil.Spl.Syntax;

namespace Vigil.Hunt.Deferral;

/// <summary>
/// A gate's test of source and sourcetype (<c>sourcetype="zscaler:nss:web"</c>, <c>source IN (...)</c>) written down
/// and read back as the same expression, made with the same constructors, so it matches what the compiled search's
/// gate matches. Only the shapes a search's source and sourcetype conjuncts take are written: AND, OR, NOT, a
/// comparison and IN; a gate with another is remembered without its test.
/// </summary>
internal static class MetadataConditions
{
    private const byte And = 1;
    private const byte Or = 2;
    private const byte Not = 3;
    private const byte Comparison = 4;
    private const byte In = 5;

    // A gate's test is a handful of conjuncts; a deeper one is not worth remembering, and the reader never recurses far.
    private const int MaxDepth = 16;

    /// <summary>Whether <see cref="Write"/> can write the expression.</summary>
    public static bool CanWrite(SearchExpression expression, int depth = 0) => depth < MaxDepth && expression switch
    {
        AndExpression and => and.Operands.All(o => CanWrite(o, depth + 1)),
        OrExpression or => or.Operands.All(o => CanWrite(o, depth + 1)),
        NotExpression not => CanWrite(not.Operand, depth + 1),
        FieldComparison or FieldInExpression => true,
        _ => false,
    };

    public static void Write(BinaryWriter writer, SearchExpression expression)
    {
        switch (expression)
        {
            case AndExpression and:
                writer.Write(And);
                WriteAll(writer, and.Operands);
                break;
            case OrExpression or:
                writer.Write(Or);
                WriteAll(writer, or.Operands);
                break;
            case NotExpression not:
                writer.Write(Not);
                Write(writer, not.Operand);
                break;
            case FieldComparison comparison:
                writer.Write(Comparison);
                writer.Write(comparison.Field);
                writer.Write((byte)comparison.Operator);
                writer.Write(comparison.Value);
                break;
            case FieldInExpression @in:
                writer.Write(In);
                writer.Write(@in.Field);
                SearchFactsCache.WriteList(writer, [.. @in.Values]);
                break;
            default:
                throw new ArgumentException($"a source and sourcetype test of kind {expression.GetType().Name}", nameof(expression));
        }
    }

    public static SearchExpression Read(BinaryReader reader, int depth = 0)
    {
        if (depth >= MaxDepth)
        {
            throw new InvalidDataException("a source and sourcetype test nested too deep");
        }

        return reader.ReadByte() switch
        {
            And => new AndExpression(ReadAll(reader, depth)),
            Or => new OrExpression(ReadAll(reader, depth)),
            Not => new NotExpression(Read(reader, depth + 1)),
            Comparison => new FieldComparison(reader.ReadString(), OperatorOf(reader.ReadByte()), reader.ReadString()),
            In => new FieldInExpression(reader.ReadString(), SearchFactsCache.ReadList(reader)),
            var kind => throw new InvalidDataException($"a source and sourcetype test of kind {kind}"),
        };
    }

    private static void WriteAll(BinaryWriter writer, IReadOnlyList<SearchExpression> operands)
    {
        writer.Write(operands.Count);
        foreach (var operand in operands)
        {
            Write(writer, operand);
        }
    }

    private static SearchExpression[] ReadAll(BinaryReader reader, int depth)
    {
        var operands = new SearchExpression[SearchFactsCache.CountOf(reader)];
        for (var i = 0; i < operands.Length; i++)
        {
            operands[i] = Read(reader, depth + 1);
        }

        return operands;
    }

    private static SearchOperator OperatorOf(byte value) =>
        Enum.IsDefined((SearchOperator)value) ? (SearchOperator)value : throw new InvalidDataException($"a comparison of kind {value}");
}
