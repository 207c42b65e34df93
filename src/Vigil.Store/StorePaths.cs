namespace Vigil.Store;

/// <summary>
/// Where the store lives: the <c>--store</c> option, else the <c>VIGIL_STORE</c> environment variable, else a file in
/// the user's data directory (<c>$XDG_DATA_HOME/vigil/vigil.db</c> or <c>~/.local/share/vigil/vigil.db</c> on Linux and
/// macOS, <c>%LOCALAPPDATA%\Vigil\vigil.db</c> on Windows).
/// </summary>
public static class StorePaths
{
    public const string EnvironmentVariable = "VIGIL_STORE";

    public const string FileName = "vigil.db";

    /// <summary>
    /// The store path a command uses. For a hunt the default path's folder is created, since a first hunt should just
    /// work; a path the user names is taken as given, so a mistyped folder is an error rather than a store nobody finds.
    /// </summary>
    public static string Resolve(string? option, bool createDefaultFolder) =>
        Resolve(option, Environment.GetEnvironmentVariable, OperatingSystem.IsWindows(), createDefaultFolder);

    internal static string Resolve(string? option, Func<string, string?> environment, bool windows, bool createDefaultFolder = true)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return Path.GetFullPath(option);
        }

        if (environment(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var path = Default(environment, windows);
        if (createDefaultFolder)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        return path;
    }

    /// <summary>The default store path, without creating anything.</summary>
    internal static string Default(Func<string, string?> environment, bool windows)
    {
        if (windows)
        {
            var local = environment("LOCALAPPDATA") is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return Path.Combine(local, "Vigil", FileName);
        }

        // XDG: a relative XDG_DATA_HOME is invalid and must be ignored.
        if (environment("XDG_DATA_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "vigil", FileName);
        }

        var home = environment("HOME") is { Length: > 0 } fromHome
            ? fromHome
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "share", "vigil", FileName);
    }
}
