using Vigil.Spl.Syntax;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>iplocation</c> looks addresses up in a GeoIP database (MaxMind's, shipped with Splunk). Vigil ships none, and
/// locations it made up would be wrong, so the command is refused with that reason: a syntax only, no command.
/// </summary>
internal sealed class IplocationSyntax : ICommandSyntax
{
    public IReadOnlyList<string> Names => ["iplocation"];

    public bool Refuses => true;

    public SplCommand Parse(CommandSite site) =>
        throw new SplSyntaxException(site.Position, site.Name.Length, "iplocation is not supported: it needs a GeoIP database (Splunk ships MaxMind's), which Vigil does not ship", SplDiagnosticId.UnsupportedCommand, "iplocation");
}
