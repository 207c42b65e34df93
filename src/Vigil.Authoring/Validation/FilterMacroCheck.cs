using Vigil.Spl.Definitions;

namespace Vigil.Authoring.Validation;

/// <summary>
/// contentctl requires the search to call the detection's own filter macro, <c>`&lt;name&gt;_filter`</c>, exactly
/// (VAL010). A filter macro no content defines is info (VAL011), not a fault: contentctl's build makes one
/// (<c>search *</c>), and so does <c>vigil build</c>; ESCU ships none.
/// </summary>
public static class FilterMacroCheck
{
    public static IEnumerable<ValidationDiagnostic> Check(DetectionContext context, SplDefinitions definitions)
    {
        var macro = context.Detection.FilterMacroName;
        if (!context.Detection.Search.Contains($"`{macro}`", StringComparison.Ordinal))
        {
            yield return context.Error(ValidationCodes.FilterMacroMissing, "search", $"the search does not call its filter macro `{macro}`", "filter macro not in the search");
        }
        else if (!definitions.Macros.ContainsKey(macro))
        {
            yield return context.Info(ValidationCodes.FilterMacroUndefined, "search", $"filter macro '{macro}' is not defined (a build defines it as 'search *')", "filter macro not defined");
        }
    }
}
