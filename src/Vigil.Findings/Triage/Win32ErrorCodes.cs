using System.Collections.Frozen;
using System.Globalization;

namespace Vigil.Findings.Triage;

/// <summary>
/// The Win32 error codes a failed module load can report, with the names winerror.h gives them. Names and values are
/// those of Microsoft's "System Error Codes" pages (docs/triage.md lists the pages); the meanings are Vigil's words for
/// what each says about an IIS module DLL, not the generic system messages.
/// </summary>
internal static class Win32ErrorCodes
{
    private static readonly FrozenDictionary<uint, (string Name, string Meaning)> Known = new Dictionary<uint, (string Name, string Meaning)>
    {
        [0x0] = ("ERROR_SUCCESS", "no error was recorded"),
        [0x2] = ("ERROR_FILE_NOT_FOUND", "no file exists at the configured module path"),
        [0x3] = ("ERROR_PATH_NOT_FOUND", "a folder in the configured module path does not exist"),
        [0x5] = ("ERROR_ACCESS_DENIED", "the worker process's identity may not read or load the DLL"),
        [0x8] = ("ERROR_NOT_ENOUGH_MEMORY", "there was not enough memory to load the DLL"),
        [0xB] = ("ERROR_BAD_FORMAT", "the file is not in a program format Windows can load"),
        [0xE] = ("ERROR_OUTOFMEMORY", "there was not enough memory to complete the load"),
        [0x7E] = ("ERROR_MOD_NOT_FOUND", "the DLL, or a DLL it depends on, could not be found"),
        [0x7F] = ("ERROR_PROC_NOT_FOUND", "a function the load needed is not exported by the DLL or one of its dependencies"),
        [0xC1] = ("ERROR_BAD_EXE_FORMAT",
            "the DLL is not a valid image for this process (wrong architecture: a 32-bit DLL in a 64-bit worker process or the reverse)"),
        [0xD8] = ("ERROR_EXE_MACHINE_TYPE_MISMATCH", "the DLL is built for a machine type this Windows does not run"),
        [0x241] = ("ERROR_INVALID_IMAGE_HASH", "Windows could not verify the DLL's digital signature (it may be unsigned, damaged or altered)"),
        [0x45A] = ("ERROR_DLL_INIT_FAILED", "the DLL's initialisation routine (DllMain) reported failure"),
        [0x4EC] = ("ERROR_ACCESS_DISABLED_BY_POLICY", "a policy (Group Policy, software restriction, AppLocker) blocked the DLL"),
        [0x139F] = ("ERROR_INVALID_STATE", "the group or resource was not in the correct state for the operation"),
        [0x36B1] = ("ERROR_SXS_CANT_GEN_ACTCTX",
            "the side-by-side configuration is wrong: a manifest, or a runtime it names (often a Visual C++ runtime), is missing"),
    }.ToFrozenDictionary();

    public static bool IsKnown(uint code) => Known.ContainsKey(code);

    /// <summary>"0xC1 ERROR_BAD_EXE_FORMAT (193)", or "0x1234 (4660)" for a code without a name here.</summary>
    public static string Name(uint code) => Known.TryGetValue(code, out var known)
        ? string.Create(CultureInfo.InvariantCulture, $"0x{code:X} {known.Name} ({code})")
        : string.Create(CultureInfo.InvariantCulture, $"0x{code:X} ({code})");

    /// <summary>The name with what it means: "0xC1 ERROR_BAD_EXE_FORMAT (193): the DLL is ...", or "...: unknown error".</summary>
    public static string Describe(uint code) => Name(code) + ": " + (Known.TryGetValue(code, out var known) ? known.Meaning : "unknown error");
}
