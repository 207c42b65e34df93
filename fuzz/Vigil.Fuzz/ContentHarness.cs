using Vigil.Content;
using Vigil.Knowledge;
using Vigil.Spl.Definitions;

namespace Vigil.Fuzz;

/// <summary>
/// Content files as the loaders read them: the first byte picks the file the rest of the input becomes, an ESCU YAML
/// file or a .conf in a content directory, or a .conf in an add-on's default/. Problems are records the loaders keep;
/// every exception is a crash.
/// </summary>
internal sealed class ContentHarness : IHarness
{
    private static readonly string[] ContentFiles = ["detection.yml", "macros.conf", "eventtypes.conf"];
    private static readonly string[] AddOnFiles = ["props.conf", "transforms.conf", "eventtypes.conf", "tags.conf", "macros.conf"];

    public int Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return 0;
        }

        var choice = input[0] % (ContentFiles.Length + AddOnFiles.Length);
        var text = input[1..];
        if (choice < ContentFiles.Length)
        {
            LoadContent(ContentFiles[choice], text);
        }
        else
        {
            LoadAddOn(AddOnFiles[choice - ContentFiles.Length], text);
        }

        return 1;
    }

    private static void LoadContent(string fileName, byte[] text)
    {
        var directory = Fresh("content");
        File.WriteAllBytes(Path.Combine(directory, fileName), text);
        new ContentLibrary(new SplDefinitions()).AddDirectory(directory);
    }

    private static void LoadAddOn(string fileName, byte[] text)
    {
        var addOn = Fresh("TA-fuzz");
        var defaults = Directory.CreateDirectory(Path.Combine(addOn, "default")).FullName;
        File.WriteAllBytes(Path.Combine(defaults, fileName), text);
        var knowledge = KnowledgeBase.Empty();
        knowledge.AddAddOn(addOn);
        var definitions = new SplDefinitions();
        knowledge.Install(definitions);
        knowledge.CreateFieldKnowledge(definitions).Precompile();
    }

    /// <summary>An empty directory, so no file of the previous input is read with this one.</summary>
    private static string Fresh(string name)
    {
        var directory = Path.Combine(ScratchFiles.Directory, name);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return Directory.CreateDirectory(directory).FullName;
    }
}
