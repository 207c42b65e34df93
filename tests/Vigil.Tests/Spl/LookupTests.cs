using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;
using Vigil.Spl.Lookups;
using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// The lookup command, pinned to the Splunk Search Reference "lookup" page
/// (https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Lookup) and transforms.conf's lookup settings.
/// </summary>
public class LookupTests
{
    private const string Ports = "port,app,transport\n80,http,tcp\n443,https,tcp\n53,dns,udp\n53,dns-tcp,tcp\n";

    private static SplDefinitions Definitions(string csv = Ports, bool caseSensitive = true)
    {
        var definitions = new SplDefinitions();
        definitions.Add(new LookupDefinition("ports", "lookups/port_table.csv", () => new StringReader(csv)) { CaseSensitive = caseSensitive });
        definitions.Add(new LookupDefinition("broken", "lookups/broken.csv", () => new StringReader(string.Empty)));
        return definitions;
    }

    private static Vigil.Spl.Values.Row[] Rows() =>
    [
        Row(("dest_port", "443"), ("app", "old")),
        Row(("dest_port", "8080"), ("app", "old")),
        Row(("dest_port", "53")),
        Row(("app", "old")),
    ];

    [Fact]
    public void Output_overwrites_and_a_miss_clears_the_output_fields()
    {
        // "If OUTPUT is specified, the output lookup fields overwrite existing fields"; a row whose input field is
        // missing is not looked up.
        var result = Run("* | lookup ports port AS dest_port OUTPUT app", Rows(), Definitions());
        Assert.Equal(["https", null, "dns\ndns-tcp", "old"], result.Column("app"));
    }

    [Fact]
    public void Outputnew_writes_only_fields_the_row_lacks()
    {
        // "If OUTPUTNEW is specified, the lookup is not performed for events in which the output fields already exist."
        var result = Run("* | lookup ports port AS dest_port OUTPUTNEW app, transport", Rows(), Definitions());
        Assert.Equal(["old", "old", "dns\ndns-tcp", "old"], result.Column("app"));
        Assert.Equal(["tcp", null, "udp\ntcp", null], result.Column("transport"));
    }

    [Fact]
    public void Without_an_output_clause_every_other_column_is_written()
    {
        // "If you do not specify OUTPUT or OUTPUTNEW, all fields in the lookup table that are not the match fields
        // are used as output fields."
        var result = Run("* | table dest_port | lookup ports port AS dest_port", Rows(), Definitions());
        Assert.Equal(["dest_port", "app", "transport"], result.Columns);
        Assert.Equal(["dest_port=443 app=https transport=tcp", "dest_port=8080", "dest_port=53 app=dns|dns-tcp transport=udp|tcp", string.Empty], result.Lines());
    }

    [Fact]
    public void Output_fields_can_be_renamed_and_the_event_field_defaults_to_the_lookup_field()
    {
        // "<lookup-destfield> [AS <event-destfield>]"; "<lookup-field> [AS <event-field>]".
        var rows = new[] { Row(("port", "80")) };
        var result = Run("* | table port | lookup local=true update=true ports port output app as application", rows, Definitions());
        Assert.Equal(["port", "application"], result.Columns);
        Assert.Equal(["port=80 application=http"], result.Lines());
    }

    [Fact]
    public void Each_value_of_a_multivalue_input_is_looked_up()
    {
        var result = Run("* | lookup ports port AS p OUTPUT app", [Row(("p", new[] { "80", "443", "1" }))], Definitions());
        Assert.Equal(["http", "https"], result.Rows[0]["app"].Values);
    }

    [Fact]
    public void Matching_follows_the_definition_case_sensitive_by_default()
    {
        // transforms.conf case_sensitive_match defaults to true.
        const string Apps = "name,kind\nCmd.exe,shell\n";
        var rows = new[] { Row(("n", "cmd.exe")) };
        Assert.Equal([null], Run("* | lookup ports name AS n OUTPUT kind", rows, Definitions(Apps)).Column("kind"));
        Assert.Equal(["shell"], Run("* | lookup ports name AS n OUTPUT kind", rows, Definitions(Apps, caseSensitive: false)).Column("kind"));
    }

    [Fact]
    public void A_table_file_name_reads_the_file_with_default_matching()
    {
        // "<lookup-table-name>: Can be either the name of a CSV file that you want to use as the lookup, or the name of
        // a stanza in the transforms.conf file".
        const string Apps = "name,kind\nCmd.exe,shell\n";
        var result = Run("* | lookup port_table.csv name AS n OUTPUT kind", [Row(("n", "Cmd.exe")), Row(("n", "cmd.exe"))], Definitions(Apps, caseSensitive: false));
        Assert.Equal(["shell", null], result.Column("kind"));
    }

    [Fact]
    public void Empty_input_gives_no_rows()
    {
        Assert.Empty(Run("* | lookup ports port AS dest_port OUTPUT app", [], Definitions()).Rows);
    }

    [Theory]
    [InlineData("* | lookup nosuch port OUTPUT app", "unknown lookup 'nosuch'", "nosuch", SplDiagnosticId.UnknownLookup)]
    [InlineData("* | lookup broken port OUTPUT app", "lookup 'broken' cannot be read", "broken", SplDiagnosticId.UnknownLookup)]
    [InlineData("* | lookup ports prot AS dest_port OUTPUT app", "lookup 'ports' has no field 'prot'", "prot", SplDiagnosticId.SyntaxError)]
    [InlineData("* | lookup ports port OUTPUT name", "lookup 'ports' has no field 'name'", "name", SplDiagnosticId.SyntaxError)]
    [InlineData("* | lookup ports", "needs at least one lookup field", "ports", SplDiagnosticId.SyntaxError)]
    [InlineData("* | lookup ports port OUTPUT", "expected at least one output field", "OUTPUT", SplDiagnosticId.SyntaxError)]
    [InlineData("* | lookup realtime=true ports port", "unsupported lookup option 'realtime'", "realtime", SplDiagnosticId.UnsupportedOption)]
    public void Unknown_unreadable_or_misnamed_lookups_are_errors(string search, string message, string marker, SplDiagnosticId id)
    {
        var error = Assert.Throws<SplCompileException>(() => Run(search, [], Definitions()));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(id, diagnostic.Id);
        if (marker != "OUTPUT" && marker != "ports")
        {
            Assert.Equal(search.IndexOf(marker, 4, StringComparison.Ordinal), diagnostic.Position);
        }
    }

    [Fact]
    public void A_search_compiles_against_the_header_and_reads_the_rows_when_it_first_looks_something_up()
    {
        // All of ESCU compiles at every hunt's start, and most of its tables are never looked into: compiling checks
        // the whole table but keeps no row; the rows are read once, by the first search that needs them.
        var opened = 0;
        var definitions = new SplDefinitions();
        var ports = new LookupDefinition("ports", "lookups/port_table.csv", () =>
        {
            opened++;
            return new StringReader(Ports);
        });
        definitions.Add(ports);
        var pipeline = SplPipeline.Compile("* | lookup ports port AS dest_port OUTPUT app", definitions);
        var inputlookup = SplPipeline.Compile("| inputlookup ports | table port app", definitions);
        Assert.Equal(1, opened);
        Assert.Equal(["port", "app", "transport"], ports.Header.Columns);

        Assert.Equal(["https", null, "dns\ndns-tcp", "old"], Run(pipeline, Rows()).Column("app"));
        Assert.Equal(2, opened);
        Assert.Equal(4, Run(inputlookup, []).Rows.Count);
        Assert.Equal(2, opened);
    }

    [Fact]
    public void A_table_whose_columns_changed_since_the_search_compiled_stops_it()
    {
        // Compiled against port,app,transport; run against a file that lost app: the search would drop it unseen.
        var opened = 0;
        var definitions = new SplDefinitions();
        definitions.Add(new LookupDefinition("ports", "lookups/port_table.csv", () => new StringReader(opened++ == 0 ? Ports : "port,transport\n80,tcp\n")));
        var pipeline = SplPipeline.Compile("* | lookup ports port AS dest_port OUTPUT app", definitions);

        var failure = Assert.IsType<SplLimitException>(Run(pipeline, Rows()).Failure);
        Assert.Equal("lookup 'ports' cannot be read: its columns changed since the search compiled (lookups/port_table.csv has port, transport)", failure.Message);
    }

    [Fact]
    public void A_table_that_cannot_be_read_when_a_search_runs_stops_that_search()
    {
        // Checked when the search compiled, gone when it first looks something up: that search stops with a failure
        // that names the table, as a limit stops it; the caller (a hunt) goes on with the others.
        var readable = true;
        var definitions = new SplDefinitions();
        definitions.Add(new LookupDefinition("ports", "lookups/port_table.csv", () => readable ? new StringReader(Ports) : throw new IOException("the file went away")));
        var lookup = SplPipeline.Compile("* | lookup ports port AS dest_port OUTPUT app", definitions);
        var inputlookup = SplPipeline.Compile("| inputlookup ports", definitions);
        readable = false;

        foreach (var result in new[] { Run(lookup, Rows()), Run(inputlookup, []) })
        {
            var failure = Assert.IsType<SplLimitException>(result.Failure);
            Assert.Equal("lookup 'ports' cannot be read: the file went away", failure.Message);
            Assert.Empty(failure.Limit);
            Assert.Empty(result.Rows);
        }
    }
}
