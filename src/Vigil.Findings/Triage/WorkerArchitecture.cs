namespace Vigil.Findings.Triage;

/// <summary>
/// What event 2282's ProcessorArchitecture says. Its message is "The current configuration only supports loading images
/// built for a %2 processor architecture": the value is the worker process's own architecture, so the refused DLL was
/// built for a different one.
/// </summary>
internal static class WorkerArchitecture
{
    public static string Describe(string? architecture)
    {
        var given = architecture?.Trim() ?? string.Empty;
        return given.ToUpperInvariant() switch
        {
            "" => "not given: the event names no processor architecture",
            "AMD64" or "X64" => given + ": the worker process (w3wp.exe) is 64-bit x64 and loads only x64 DLLs;"
                + " the refused DLL was built for another architecture, most likely 32-bit x86",
            "X86" or "I386" => given + ": the worker process is 32-bit (on 64-bit Windows, an application pool with enable32BitAppOnWin64)"
                + " and loads only 32-bit DLLs; the refused DLL is most likely a 64-bit build",
            "ARM64" => given + ": the worker process runs as ARM64 and loads only ARM64 DLLs; the refused DLL was built for another architecture (x64 or x86)",
            "IA64" => given + ": the worker process is 64-bit Itanium; the refused DLL was built for another architecture",
            _ => given + ": an architecture Vigil has no note for; the worker process loads only DLLs built for it, and the refused DLL was not",
        };
    }
}
