using System.Reflection;

namespace Vigil.Knowledge.AddOns;

/// <summary>The files of one add-on, wherever they live: a directory the user names, or resources inside Vigil.</summary>
internal abstract class AddOnFiles
{
    public abstract string Name { get; }

    /// <summary>Paths relative to the add-on root, with '/' separators, in ordinal order.</summary>
    public abstract IEnumerable<string> List();

    public abstract TextReader Open(string relativePath);

    /// <summary>How a file is named in messages (a real path for directories).</summary>
    public abstract string Describe(string relativePath);
}

/// <summary>An add-on directory on disk (Splunk's layout: default/, local/, lookups/).</summary>
internal sealed class DirectoryAddOnFiles(string root) : AddOnFiles
{
    public override string Name => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)));

    public override IEnumerable<string> List() =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public override TextReader Open(string relativePath) => new StreamReader(Path.Combine(root, relativePath));

    public override string Describe(string relativePath) => Path.Combine(root, relativePath);
}

/// <summary>An add-on shipped inside Vigil as embedded resources named <c>knowledge/&lt;add-on&gt;/...</c>.</summary>
internal sealed class EmbeddedAddOnFiles(Assembly assembly, string name, IReadOnlyList<string> resources) : AddOnFiles
{
    public const string Prefix = "knowledge/";

    public override string Name => name;

    public static IEnumerable<EmbeddedAddOnFiles> All(Assembly assembly) =>
        assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.IndexOf('/', Prefix.Length) > 0)
            .GroupBy(n => n[Prefix.Length..n.IndexOf('/', Prefix.Length)], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new EmbeddedAddOnFiles(assembly, g.Key, g.ToList()));

    public override IEnumerable<string> List() =>
        resources.Select(r => r[(Prefix.Length + name.Length + 1)..]).Order(StringComparer.Ordinal);

    public override TextReader Open(string relativePath) =>
        new StreamReader(assembly.GetManifestResourceStream($"{Prefix}{name}/{relativePath}")
            ?? throw new FileNotFoundException("no shipped knowledge file " + relativePath));

    public override string Describe(string relativePath) => $"shipped:knowledge/{name}/{relativePath}";
}
