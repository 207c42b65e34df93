namespace Vigil.Findings.Triage;

/// <summary>
/// Where a module DLL's path puts it, as facts a responder can weigh: in a folder IIS modules are installed to or
/// outside them, in a temporary folder, somewhere accounts without administrator rights can write, on another machine,
/// or nowhere definite (relative, empty, an unknown variable). Each fact carries its reason in the same sentence.
/// None of them proves anything on its own: products install modules on other drives too (Exchange on E:, say).
/// </summary>
internal static class ModuleLocation
{
    private const string ModuleFolders = @"System32\inetsrv, SysWOW64\inetsrv, Program Files, the .NET Framework folder";

    public static IReadOnlyList<string> Describe(string? moduleDll)
    {
        var path = WindowsPath.Parse(moduleDll);
        var facts = new List<string>();
        foreach (var variable in path.UnknownVariables.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            facts.Add($"uses {variable}, which has no standard value: the folder it names on that machine is unknown");
        }

        switch (path.Form)
        {
            case PathForm.Empty:
                facts.Add("no path: the event's ModuleDll is empty");
                break;
            case PathForm.Relative when path.UnknownVariables.Count == 0:
                facts.Add("a relative path: which file loads depends on the worker process's DLL search order"
                    + " (its own folder, System32, the current folder, PATH), not on the configuration alone");
                break;
            case PathForm.Network:
                facts.Add(IsWebDav(path)
                    ? $"on a WebDAV share (\\\\{path.Host}\\...): the worker process would fetch the DLL over HTTP from another machine"
                    : $"on a network share (\\\\{path.Host}\\...): the worker process would load code from another machine");
                break;
            case PathForm.Local:
                facts.Add(InModuleFolder(path) ?? $"outside the IIS module folders ({ModuleFolders}): unusual for a legitimate module");
                if (path.HasFolder("Temp") || path.HasFolder("Tmp"))
                {
                    facts.Add(@"in a temporary folder (\Temp\): a place for short-lived files, not for installed server components");
                }

                if (UserWritable(path) is { } where)
                {
                    facts.Add($"in a user-writable location ({where}): accounts without administrator rights can usually create files there,"
                        + " so planting the DLL may not have needed them");
                }

                break;
        }

        return facts;
    }

    /// <summary>The fact for a path in a folder IIS modules are installed to; null when it lies in none.</summary>
    private static string? InModuleFolder(WindowsPath path)
    {
        const string AdminOnly = "writing there needs administrator rights";
        if (path.StartsWith("Windows", "System32", "inetsrv"))
        {
            return $@"in an IIS module folder (System32\inetsrv): where IIS's own modules are installed; {AdminOnly}";
        }

        if (path.StartsWith("Windows", "SysWOW64", "inetsrv"))
        {
            return $@"in an IIS module folder (SysWOW64\inetsrv): where IIS's own 32-bit modules are installed; {AdminOnly}";
        }

        foreach (var programFiles in (string[])["Program Files", "Program Files (x86)"])
        {
            if (path.StartsWith(programFiles))
            {
                return $"in {programFiles}: where installed products keep their IIS modules; {AdminOnly}";
            }
        }

        // ASP.NET's ManagedEngine module is registered from here (%windir%\Microsoft.NET\Framework\v...\webengine.dll).
        return path.StartsWith("Windows", "Microsoft.NET", "Framework") || path.StartsWith("Windows", "Microsoft.NET", "Framework64")
            ? $"in the .NET Framework folder: where ASP.NET's own IIS modules are installed; {AdminOnly}"
            : null;
    }

    /// <summary>Which user-writable location the path lies in, as the fact names it; null when none.</summary>
    private static string? UserWritable(WindowsPath path)
    {
        if (path.HasFolder("AppData"))
        {
            return @"\AppData\";
        }

        if (path.StartsWith("Users", "Public"))
        {
            return @"\Users\Public\";
        }

        foreach (var root in (string[])["Users", "ProgramData", "PerfLogs", "$Recycle.Bin"])
        {
            if (path.StartsWith(root))
            {
                return $@"\{root}\";
            }
        }

        // Folders inside Windows where, by default, ordinary users may create files.
        string[][] insideWindows =
        [
            ["Windows", "Temp"],
            ["Windows", "Tasks"],
            ["Windows", "Registration", "CRMLog"],
            ["Windows", "System32", "spool", "drivers", "color"],
            ["Windows", "System32", "spool", "PRINTERS"],
            ["Windows", "System32", "spool", "SERVERS"],
            ["Windows", "System32", "Com", "dmp"],
            ["Windows", "SysWOW64", "Com", "dmp"],
        ];
        return insideWindows.FirstOrDefault(path.StartsWith) is { } folders ? string.Join('\\', folders) : null;
    }

    private static bool IsWebDav(WindowsPath path) =>
        (path.Host?.Contains('@', StringComparison.Ordinal) ?? false) || path.HasFolder("DavWWWRoot");
}
