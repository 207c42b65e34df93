using CsCheck;

namespace Vigil.Tests.Properties;

/// <summary>Random search expressions over a few fields, for the properties of what a search requires and how it is run.</summary>
internal static class RandomSearches
{
    /// <summary>
    /// One test of a field against literals: equality (most often), <c>!=</c>, <c>IN</c>, <c>NOT</c>, <c>&gt;</c>, or
    /// two fields' equalities ANDed.
    /// </summary>
    public static Gen<string> Atom(string[] fields, Gen<string> literal) =>
        Gen.Select(Gen.Int[0, 9], Gen.OneOf(fields), literal, literal).Select(t => t.Item1 switch
        {
            0 or 1 or 2 or 3 => $"{t.Item2}=\"{t.Item3}\"",
            4 => $"{t.Item2}!=\"{t.Item3}\"",
            5 => $"{t.Item2} IN (\"{t.Item3}\", \"{t.Item4}\")",
            6 => $"NOT {t.Item2}=\"{t.Item3}\"",
            7 => $"{t.Item2}>\"{t.Item3}\"",
            _ => $"({t.Item2}=\"{t.Item3}\" {fields[(Array.IndexOf(fields, t.Item2) + 1) % fields.Length]}=\"{t.Item4}\")",
        });
}
