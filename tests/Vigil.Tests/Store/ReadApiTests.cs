using System.Globalization;
using Vigil.Hunt;
using Vigil.Spl.Values;
using Vigil.Store;
using Vigil.Tests.Support;
using static Vigil.Tests.Store.StoreTesting;

namespace Vigil.Tests.Store;

/// <summary>
/// The read API over a store holding two hunts: the bundled sample (web01.contoso.local with three findings,
/// win-dc-exch01.attackrange.local with one, all in December 2022) and twenty modules on web02 an hour apart.
/// </summary>
public sealed class ReadApiTests : IDisposable
{
    private static readonly DateTime Web02Start = new(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _dir = new();
    private readonly VigilStore _store;

    public ReadApiTests()
    {
        _store = VigilStore.Open(StorePath(_dir));
        HuntInto(_store, [SplunkSample]);
        var web02 = Enumerable.Range(0, 20).Select(i => TestEvent.Iis2282("WEB02", $"c:\\temp\\m{i:D2}.dll", Web02Start.AddHours(i), 100 + i));
        HuntInto(_store, [_dir.Write("web02.log", TestEvent.SplunkFile(web02))]);
    }

    [Fact]
    public void Findings_list_newest_first_and_count()
    {
        var all = _store.Findings(new FindingQuery());
        Assert.Equal(24, all.Count);
        Assert.Equal(24, _store.CountFindings(new FindingQuery { Limit = 3 }));
        Assert.Equal(all.Select(f => f.Finding.Time).OrderDescending(), all.Select(f => f.Finding.Time));
        Assert.Equal("c:\\temp\\m19.dll", all[0].Finding.Result["ModuleDll"].ToString());
        Assert.Equal(all.Take(3).Select(f => f.Finding.Id), _store.Findings(new FindingQuery { Limit = 3 }).Select(f => f.Finding.Id));
    }

    [Fact]
    public void Findings_filter_by_detection_name_or_id_in_any_case()
    {
        Assert.Equal(24, _store.Findings(new FindingQuery { Detection = "iis COMPONENTS module" }).Count);
        Assert.Equal(24, _store.Findings(new FindingQuery { Detection = "40C2BA5B-dd6a" }).Count);
        Assert.Empty(_store.Findings(new FindingQuery { Detection = "kerberoasting" }));
    }

    [Fact]
    public void Findings_filter_by_entity_in_any_case()
    {
        var web01 = _store.Findings(new FindingQuery { Entity = "WEB01.Contoso.Local" });
        Assert.Equal(3, web01.Count);
        Assert.All(web01, f => Assert.Equal("web01.contoso.local", f.Finding.Risk.Single().RiskObject));
        Assert.Equal(20, _store.Findings(new FindingQuery { Entity = "web02" }).Count);
        Assert.Empty(_store.Findings(new FindingQuery { Entity = "web0" }));
        Assert.Equal(3, _store.Findings(new FindingQuery { Entity = "web01.contoso.local", Detection = "iis" }).Count);
    }

    [Fact]
    public void Findings_filter_by_a_window_that_includes_its_start_and_excludes_its_end()
    {
        var since = Time(Web02Start.AddHours(5));
        var until = Time(Web02Start.AddHours(8));
        var inside = _store.Findings(new FindingQuery { Window = new TimeWindow(since, until) });
        Assert.Equal(["m07", "m06", "m05"], inside.Select(f => f.Finding.Result["ModuleDll"].ToString()[8..11]));
        Assert.Equal(15, _store.Findings(new FindingQuery { Window = new TimeWindow(since, null) }).Count);
        Assert.Equal(4, _store.Findings(new FindingQuery { Window = new TimeWindow(null, Time(Web02Start)) }).Count);
    }

    [Fact]
    public void One_finding_by_id_or_unique_prefix_with_its_risk_events_and_runs()
    {
        var newest = _store.Findings(new FindingQuery { Limit = 1 }).Single().Finding;
        var prefix = UniquePrefix(newest.Id);
        foreach (var id in new[] { newest.Id, newest.Id.ToUpperInvariant(), prefix, " " + prefix + " " })
        {
            var detail = _store.Finding(id);
            Assert.Equal(newest.Id, detail.Stored.Finding.Id);
            var risk = Assert.Single(detail.RiskEvents);
            Assert.Equal(("web02", 25), (risk.NormalizedRiskObject, risk.RiskScore));
            var run = Assert.Single(detail.Runs);
            Assert.Equal(Path.Combine(_dir.Path, "web02.log"), Assert.Single(run.Inputs).FullPath);
        }
    }

    [Fact]
    public void An_unknown_ambiguous_or_malformed_id_is_a_clear_error()
    {
        var ids = _store.Findings(new FindingQuery()).Select(f => f.Finding.Id).ToList();
        // 24 ids over 16 hex digits: some first digit is shared.
        var shared = ids.GroupBy(id => id[..1]).First(g => g.Count() > 1);
        var ambiguous = Assert.Throws<StoreException>(() => _store.Finding(shared.Key));
        Assert.StartsWith($"the id prefix '{shared.Key}' matches several findings; give more of the id: ", ambiguous.Message, StringComparison.Ordinal);
        Assert.All(shared, id => Assert.Contains(id, ambiguous.Message, StringComparison.Ordinal));
        Assert.DoesNotContain('\n', ambiguous.Message);

        var unknown = Enumerable.Range(0, 256).Select(i => i.ToString("x2", CultureInfo.InvariantCulture)).First(p => !ids.Any(id => id.StartsWith(p, StringComparison.Ordinal)));
        Assert.Equal($"no finding with id '{unknown}' in the store ('vigil findings' lists them)", Assert.Throws<StoreException>(() => _store.Finding(unknown)).Message);
        Assert.StartsWith("'xyz' is not a finding id", Assert.Throws<StoreException>(() => _store.Finding("xyz")).Message, StringComparison.Ordinal);
        Assert.Throws<StoreException>(() => _store.Finding(""));
    }

    [Fact]
    public void Entities_rank_by_summed_risk_with_detections_tactics_and_times()
    {
        var entities = _store.Entities(null);
        Assert.Equal(["web02", "web01.contoso.local", "win-dc-exch01.attackrange.local"], entities.Select(e => e.Entity));
        var web02 = entities[0];
        Assert.Equal(("system", 500L, 20), (web02.Type, web02.Score, web02.Events));
        Assert.Equal([SeedName], web02.Detections);
        Assert.Equal(["persistence"], web02.Tactics);
        Assert.Equal(Time(Web02Start), web02.FirstTime);
        Assert.Equal(Time(Web02Start.AddHours(19)), web02.LastTime);
        Assert.Equal((75L, 3), (entities[1].Score, entities[1].Events));

        var window = _store.Entities(new TimeWindow(Time(Web02Start.AddHours(18)), null));
        Assert.Equal((50L, 2), (Assert.Single(window).Score, window[0].Events));
        Assert.Empty(_store.Entities(new TimeWindow(null, Time(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)))));
    }

    [Fact]
    public void An_entity_timeline_is_its_risk_events_oldest_first_in_any_case()
    {
        var timeline = _store.Timeline("WEB01.contoso.local", null);
        Assert.Equal(3, timeline.Count);
        Assert.Equal(timeline.Select(t => t.Risk.Time).Order(), timeline.Select(t => t.Risk.Time));
        Assert.All(timeline, t => Assert.Equal((StoreTesting.SeedId, SeedName), (t.DetectionId, t.DetectionName)));
        Assert.Equal(["module.dll", "owa_auth.dll", "rewrite.dll"], timeline.Select(t => t.Risk.RiskMessage!).Select(m => m.Split('\\')[^1].Split(',')[0]));
        Assert.Equal(2, _store.Timeline("web02", new TimeWindow(Time(Web02Start.AddHours(3)), Time(Web02Start.AddHours(5)))).Count);
        Assert.Empty(_store.Timeline("nobody", null));
    }

    [Fact]
    public void Risk_events_come_newest_first_within_the_window()
    {
        var all = _store.RiskEvents(null).ToList();
        Assert.Equal(24, all.Count);
        Assert.Equal(all.Select(e => e.Time).OrderDescending(), all.Select(e => e.Time));
        Assert.Equal(3, _store.RiskEvents(new TimeWindow(Time(Web02Start.AddHours(17)), null)).Count());
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private static Timestamp Time(DateTime utc) => Timestamp.FromDateTime(utc);

    private string UniquePrefix(string id)
    {
        var ids = _store.Findings(new FindingQuery()).Select(f => f.Finding.Id).ToList();
        var length = 1;
        while (ids.Count(other => other.StartsWith(id[..length], StringComparison.Ordinal)) > 1)
        {
            length++;
        }

        return id[..length];
    }
}
