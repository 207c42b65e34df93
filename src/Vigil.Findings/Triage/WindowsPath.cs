using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Vigil.Findings.Triage;

/// <summary>How a path names its file: on a local drive, on another machine, relative to a search, or not at all.</summary>
internal enum PathForm
{
    Empty,
    Local,
    Network,
    Relative,
}

/// <summary>
/// A Windows path as IIS configuration or an event writes it, reduced to what classification needs: its form, the
/// folders it passes through (no drive, no file name) and, on a network path, the host. Forward slashes, case,
/// environment variables with their default values (%windir% is C:\Windows), the \\?\ and \\?\UNC\ prefixes and
/// "." / ".." segments are all undone first, so "%SystemRoot%/system32/inetsrv/../../Temp/x.dll" is C:\Windows\Temp.
/// </summary>
internal sealed partial class WindowsPath
{
    // Default values: the event says nothing of the machine's real ones, and these are what a standard install uses.
    // "(user)" stands for a profile whose name the variable hides; only the folders matter here.
    private static readonly FrozenDictionary<string, string> Defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["windir"] = @"C:\Windows",
        ["SystemRoot"] = @"C:\Windows",
        ["SystemDrive"] = "C:",
        ["ProgramFiles"] = @"C:\Program Files",
        ["ProgramW6432"] = @"C:\Program Files",
        ["ProgramFiles(x86)"] = @"C:\Program Files (x86)",
        ["CommonProgramFiles"] = @"C:\Program Files\Common Files",
        ["CommonProgramW6432"] = @"C:\Program Files\Common Files",
        ["CommonProgramFiles(x86)"] = @"C:\Program Files (x86)\Common Files",
        ["ProgramData"] = @"C:\ProgramData",
        ["ALLUSERSPROFILE"] = @"C:\ProgramData",
        ["PUBLIC"] = @"C:\Users\Public",
        ["USERPROFILE"] = @"C:\Users\(user)",
        ["APPDATA"] = @"C:\Users\(user)\AppData\Roaming",
        ["LOCALAPPDATA"] = @"C:\Users\(user)\AppData\Local",
        ["TEMP"] = @"C:\Users\(user)\AppData\Local\Temp",
        ["TMP"] = @"C:\Users\(user)\AppData\Local\Temp",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private WindowsPath(PathForm form, IReadOnlyList<string> folders, string? host, IReadOnlyList<string> unknownVariables)
    {
        Form = form;
        Folders = folders;
        Host = host;
        UnknownVariables = unknownVariables;
    }

    public PathForm Form { get; }

    /// <summary>The folders from the root (or, for a network path, from the share) to the file, without the file name.</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>The server of a network path, as written (a WebDAV host keeps its "@SSL" or "@port").</summary>
    public string? Host { get; }

    /// <summary>Environment variables without a default here, as written ("%FOO%"): the folders they name are unknown.</summary>
    public IReadOnlyList<string> UnknownVariables { get; }

    public static WindowsPath Parse(string? text)
    {
        var path = (text ?? string.Empty).Trim().Trim('"').Trim();
        if (path.Length == 0)
        {
            return new WindowsPath(PathForm.Empty, [], null, []);
        }

        var unknown = new List<string>();
        path = Variable().Replace(path, m =>
        {
            if (Defaults.TryGetValue(m.Groups[1].Value, out var value))
            {
                return value;
            }

            unknown.Add(m.Value);
            return m.Value;
        });
        path = path.Replace('/', '\\');

        var (form, rest) = SplitRoot(path);
        var segments = Resolve(rest.Split('\\', StringSplitOptions.RemoveEmptyEntries));
        string? host = null;
        if (form == PathForm.Network && segments.Count > 0)
        {
            host = segments[0];
            segments.RemoveAt(0);
        }

        var folders = segments.Count > 0 ? segments[..^1] : segments;
        return new WindowsPath(form, folders, host, unknown);
    }

    /// <summary>Whether the folders start with these, compared without case: "under C:\Windows\System32\inetsrv".</summary>
    public bool StartsWith(params string[] prefix) =>
        Folders.Count >= prefix.Length && prefix.Select((p, i) => string.Equals(Folders[i], p, StringComparison.OrdinalIgnoreCase)).All(x => x);

    /// <summary>Whether any folder has this name, compared without case.</summary>
    public bool HasFolder(string name) => Folders.Any(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));

    private static (PathForm Form, string Remainder) SplitRoot(string path)
    {
        if (path.StartsWith(@"\\?\UNC\", StringComparison.OrdinalIgnoreCase))
        {
            return (PathForm.Network, path[8..]);
        }

        // \\?\C:\..., \\.\C:\... and the NT form \??\C:\... name the same file as C:\...
        if (path.StartsWith(@"\\?\", StringComparison.Ordinal) || path.StartsWith(@"\\.\", StringComparison.Ordinal)
            || path.StartsWith(@"\??\", StringComparison.Ordinal))
        {
            path = path[4..];
        }

        if (path.StartsWith(@"\\", StringComparison.Ordinal))
        {
            return (PathForm.Network, path[2..]);
        }

        if (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':')
        {
            // "C:x.dll" is relative to the current folder of drive C.
            return path.Length >= 3 && path[2] == '\\' ? (PathForm.Local, path[3..]) : (PathForm.Relative, path[2..]);
        }

        // "\x\y.dll" is rooted on the current drive: its folders are known even if the drive is not.
        return path.StartsWith('\\') ? (PathForm.Local, path[1..]) : (PathForm.Relative, path);
    }

    // "." stays, ".." leaves the folder before it (never above the root), as Windows resolves them.
    private static List<string> Resolve(string[] segments)
    {
        var resolved = new List<string>(segments.Length);
        foreach (var segment in segments)
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            resolved.Add(segment);
        }

        return resolved;
    }

    [GeneratedRegex(@"%([^%\\/]+)%")]
    private static partial Regex Variable();
}
