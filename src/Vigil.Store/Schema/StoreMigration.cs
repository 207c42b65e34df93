namespace Vigil.Store.Schema;

/// <summary>
/// One numbered step of the schema: applying it to a store at <see cref="Version"/> - 1 brings it to
/// <see cref="Version"/>. Steps are never edited once released; a change is a new step.
/// </summary>
internal sealed record StoreMigration(int Version, string Description, string Sql);
