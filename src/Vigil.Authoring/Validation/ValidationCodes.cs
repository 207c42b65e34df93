namespace Vigil.Authoring.Validation;

/// <summary>The checks' ids, as docs/authoring.md lists them.</summary>
public static class ValidationCodes
{
    public const string MissingKey = "VAL001";
    public const string WrongType = "VAL002";
    public const string ValueNotAllowed = "VAL003";
    public const string NameTooLong = "VAL004";
    public const string IdNotGuid = "VAL005";
    public const string DuplicateId = "VAL006";
    public const string DuplicateName = "VAL007";
    public const string MitreIdMalformed = "VAL008";
    public const string NoTests = "VAL009";
    public const string FilterMacroMissing = "VAL010";
    public const string FilterMacroUndefined = "VAL011";
    public const string RiskMessageToken = "VAL020";
    public const string RiskFieldNotYielded = "VAL021";
    public const string RiskFieldsUnchecked = "VAL022";
    public const string NoRiskObject = "VAL023";
    public const string UnknownDataSource = "VAL030";
    public const string UnknownStory = "VAL031";
    public const string UnknownMacro = "VAL032";
    public const string UnknownLookup = "VAL033";
    public const string SplDoesNotParse = "VAL040";
    public const string DoesNotRunHere = "VAL050";
}
