using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;
using Vigil.Spl.Lookups;
using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// The generating commands inputlookup, makeresults and from, pinned to the Splunk Search Reference pages
/// "inputlookup", "makeresults" and "from" (https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/).
/// </summary>
public class GeneratorTests
{
    private const string Users = "user,department,admin\nbob,it,true\nalice,,false\ncarol,hr,false\ndave,it,\n";

    private static SplDefinitions Definitions()
    {
        var definitions = new SplDefinitions();
        definitions.Add(new LookupDefinition("users", "lookups/user_list.csv", () => new StringReader(Users)));
        return definitions;
    }

    [Fact]
    public void Inputlookup_gives_the_table_rows_in_file_order_without_empty_cells()
    {
        var result = Run("| inputlookup users", [Row(("user", "event"))], Definitions());
        Assert.Equal(["user", "department", "admin"], result.Columns);
        Assert.Equal(["user=bob department=it admin=true", "user=alice admin=false", "user=carol department=hr admin=false", "user=dave department=it"], result.Lines());
        Assert.False(result.Rows[1].Has("department"));
    }

    [Fact]
    public void Inputlookup_where_filters_then_start_and_max_cut()
    {
        // "WHERE <search-query>: filters the rows"; "start: the 0-based offset of the first search result to return";
        // "max: the maximum number of results to return".
        var definitions = Definitions();
        Assert.Equal(["bob", "dave"], Run("| inputlookup users where department=IT", [], definitions).Column("user"));
        Assert.Equal(["alice", "carol"], Run("| inputlookup users WHERE NOT department=it", [], definitions).Column("user"));
        Assert.Equal(["alice", "carol"], Run("| inputlookup start=1 max=2 users", [], definitions).Column("user"));
        Assert.Equal(["dave"], Run("| inputlookup append=t start=1 users where department=it", [], definitions).Column("user"));
        Assert.Equal(["bob", "alice", "carol", "dave"], Run("| inputlookup user_list.csv | table user", [], definitions).Column("user"));
    }

    [Fact]
    public void Inputlookup_rows_keep_file_order_through_commands_that_depend_on_order()
    {
        // A lookup table has no _time: its rows are not reordered newest first.
        Assert.Equal(["bob", "alice"], Run("| inputlookup users | head 2", [], Definitions()).Column("user"));
        Assert.Equal(["it", "hr"], Run("| inputlookup users | dedup department", [], Definitions()).Column("department"));
    }

    [Fact]
    public void From_lookup_reads_the_table_like_inputlookup()
    {
        // "| from <dataset_type>:<dataset_name> | <dataset_type> <dataset_name>": a colon or a space.
        Assert.Equal(["bob", "alice", "carol", "dave"], Run("| from lookup:users", [], Definitions()).Column("user"));
        Assert.Equal(["4"], Run("| from lookup users | stats count", [], Definitions()).Column("count"));
    }

    [Fact]
    public void Makeresults_makes_rows_holding_the_search_time()
    {
        // "count: The number of results to generate. Default: 1"; each result has _time, the time the search ran.
        var one = Run("| makeresults", [Row(("x", "event"))]);
        Assert.Equal(["_time"], one.Columns);
        Assert.Equal([Now.UnixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)], one.Column("_time"));
        Assert.Equal(3, Run("| makeresults count=3 annotate=false", []).Rows.Count);
        Assert.Empty(Run("| makeresults count=0", []).Rows);
        Assert.Equal(["_time=1704164645 x=1"], Run("| makeresults | eval x=1", []).Lines());
    }

    [Fact]
    public void Generators_that_read_no_events_say_so()
    {
        var definitions = Definitions();
        foreach (var search in new[] { "| inputlookup users", "| makeresults", "| from lookup:users" })
        {
            var pipeline = SplPipeline.Compile(search, definitions);
            Assert.False(pipeline.Generator.ReadsEvents);
            Assert.Empty(pipeline.EventFieldsRead!);
        }
    }

    [Theory]
    [InlineData("| inputlookup nosuch", "unknown lookup 'nosuch'", "nosuch", SplDiagnosticId.UnknownLookup)]
    [InlineData("| inputlookup users extra", "expected WHERE after the inputlookup table name", "extra", SplDiagnosticId.SyntaxError)]
    [InlineData("| inputlookup key_field=x users", "unsupported inputlookup option 'key_field'", "key_field", SplDiagnosticId.UnsupportedOption)]
    [InlineData("| makeresults annotate=true", "makeresults annotate=true is not supported", "annotate", SplDiagnosticId.UnsupportedOption)]
    [InlineData("| makeresults format=csv data=\"a\"", "unsupported makeresults option 'format'", "format", SplDiagnosticId.UnsupportedOption)]
    [InlineData("| from datamodel Web.Web", "unknown data model 'Web'", "datamodel", SplDiagnosticId.UnknownDataModel)]
    [InlineData("| from savedsearch:daily", "from savedsearch is not supported", "savedsearch", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("| from lookup:nosuch", "unknown lookup 'nosuch'", "lookup", SplDiagnosticId.UnknownLookup)]
    public void Unknown_tables_and_unsupported_forms_are_errors(string search, string message, string marker, SplDiagnosticId id)
    {
        var error = Assert.Throws<SplCompileException>(() => Run(search, [], Definitions()));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(search.IndexOf(marker, 2, StringComparison.Ordinal), diagnostic.Position);
        Assert.Equal(id, diagnostic.Id);
    }
}
