namespace Vigil.Events.Model;

/// <summary>Names Vigil gives to parts of an event that Splunk_TA_windows leaves unextracted.</summary>
public static class FieldNames
{
    /// <summary>Each <c>&lt;Data&gt;</c> without a Name attribute, in document order (a multivalue field).</summary>
    public const string UnnamedData = "Data";

    /// <summary>The hex text of <c>&lt;EventData&gt;&lt;Binary&gt;</c>.</summary>
    public const string Binary = "Binary";
}
