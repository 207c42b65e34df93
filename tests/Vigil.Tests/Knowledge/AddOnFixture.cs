using Vigil.Knowledge;
using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;
using Vigil.Tests.Support;

namespace Vigil.Tests.Knowledge;

/// <summary>A real add-on directory written by a test, loaded alone (no shipped knowledge) or over the shipped knowledge.</summary>
internal sealed class AddOnFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public AddOnFixture(string props, string? transforms = null, string? eventtypes = null, string? tags = null,
        IReadOnlyDictionary<string, string>? lookups = null, bool overShipped = false, string? local = null)
    {
        Root = Path.Combine(_directory.Path, "TA-test");
        _directory.Write("TA-test/default/props.conf", props);
        if (transforms is not null)
        {
            _directory.Write("TA-test/default/transforms.conf", transforms);
        }

        if (eventtypes is not null)
        {
            _directory.Write("TA-test/default/eventtypes.conf", eventtypes);
        }

        if (tags is not null)
        {
            _directory.Write("TA-test/default/tags.conf", tags);
        }

        if (local is not null)
        {
            _directory.Write("TA-test/local/props.conf", local);
        }

        foreach (var (name, text) in lookups ?? new Dictionary<string, string>())
        {
            _directory.Write("TA-test/lookups/" + name, text);
        }

        Knowledge = overShipped ? KnowledgeBase.LoadShipped() : KnowledgeBase.Empty();
        Assert.True(Knowledge.AddAddOn(Root), string.Join("\n", Knowledge.Problems));
        Knowledge.Install(Definitions);
        Fields = Knowledge.CreateFieldKnowledge(Definitions).Precompile();
    }

    public string Root { get; }

    public KnowledgeBase Knowledge { get; }

    public SplDefinitions Definitions { get; } = new();

    public FieldKnowledge Fields { get; }

    /// <summary>An XmlWinEventLog event row from the given source with these fields, after the knowledge ran.</summary>
    public Row Apply(string source, params (string Name, object? Value)[] fields)
    {
        var row = Support.Spl.Row([("sourcetype", "XmlWinEventLog"), ("source", source), .. fields]);
        Fields.Apply(row, SearchContext.Utc(), everyField: false);
        return row;
    }

    public static string? Text(Row row, string field) => row[field].IsNull ? null : row[field].ToString().Replace('\n', '|');

    public void Dispose() => _directory.Dispose();
}
