using Vigil.Store;
using Vigil.Tests.Support;

namespace Vigil.Tests.Store;

/// <summary>Where the store lives: option over environment over the platform's data directory.</summary>
public class StorePathsTests
{
    [Fact]
    public void On_Linux_and_macOS_the_default_is_under_XDG_DATA_HOME_else_local_share()
    {
        Assert.Equal("/data/home/vigil/vigil.db", StorePaths.Default(Env(("XDG_DATA_HOME", "/data/home"), ("HOME", "/home/ann")), windows: false));
        Assert.Equal("/home/ann/.local/share/vigil/vigil.db", StorePaths.Default(Env(("HOME", "/home/ann")), windows: false));
        // The XDG specification says a relative path is invalid and is to be ignored.
        Assert.Equal("/home/ann/.local/share/vigil/vigil.db", StorePaths.Default(Env(("XDG_DATA_HOME", "relative/dir"), ("HOME", "/home/ann")), windows: false));
    }

    [Fact]
    public void On_Windows_the_default_is_under_LocalApplicationData()
    {
        var path = StorePaths.Default(Env(("LOCALAPPDATA", "/users/ann/AppData/Local")), windows: true);
        Assert.Equal(Path.Combine("/users/ann/AppData/Local", "Vigil", "vigil.db"), path);
    }

    [Fact]
    public void The_option_beats_VIGIL_STORE_which_beats_the_default_and_only_the_default_folder_is_created()
    {
        using var dir = new TempDirectory();
        var xdg = Path.Combine(dir.Path, "xdg");
        var environment = Env(("XDG_DATA_HOME", xdg), ("VIGIL_STORE", Path.Combine(dir.Path, "env", "from-env.db")));
        Assert.Equal(Path.Combine(dir.Path, "option.db"), StorePaths.Resolve(Path.Combine(dir.Path, "option.db"), environment, windows: false));
        Assert.Equal(Path.Combine(dir.Path, "env", "from-env.db"), StorePaths.Resolve(null, environment, windows: false));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "env")));
        Assert.False(Directory.Exists(xdg));

        var byDefault = StorePaths.Resolve(null, Env(("XDG_DATA_HOME", xdg)), windows: false);
        Assert.Equal(Path.Combine(xdg, "vigil", "vigil.db"), byDefault);
        Assert.True(Directory.Exists(Path.Combine(xdg, "vigil")));
        Assert.Equal(Path.GetFullPath("relative.db"), StorePaths.Resolve("relative.db", Env(), windows: false));
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
