using System.Runtime.CompilerServices;
using Vigil.Content.Loading;

namespace Vigil.Tests.Support;

/// <summary>
/// The CLI keeps a content cache in the user's cache folder by default; tests run it with none ($VIGIL_CACHE_DIR=off
/// for the whole test process), so that they neither leave files there nor depend on what an earlier run left. The
/// cache's own tests name their folder.
/// </summary>
internal static class ContentCacheEnvironment
{
    [ModuleInitializer]
    internal static void TurnTheCacheOff() => Environment.SetEnvironmentVariable(ContentCache.EnvironmentVariable, "off");
}
