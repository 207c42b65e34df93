namespace Vigil.Store.Encoding;

/// <summary>The evidence table's kind column: which origin a row's place columns describe.</summary>
internal static class EvidenceKinds
{
    /// <summary>A text file (XML, JSON): line is set.</summary>
    public const string Line = "line";

    /// <summary>An EVTX record: chunk, record_id and offset are set.</summary>
    public const string Evtx = "evtx";
}
