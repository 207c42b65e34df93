using System.Text;
using Vigil.Events.Sources;
using Vigil.Spl.Execution;
using Vigil.Spl.Execution.Dispatch;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Hunt.Deferral;

/// <summary>
/// Which detections whose compiling waits (<see cref="SearchFacts"/>) a hunt's inputs cannot reach. Small inputs are
/// read once before the hunt: what their events' raw texts hold, their sources and sourcetypes, and which data model
/// datasets some event is in with a row holding what a tstats' WHERE asks (each event given every field of the
/// knowledge). A detection none of whose remembered gates passes (each asks for literals none of the texts holds, a
/// source or sourcetype no event has, or a dataset no event is in with such a row) takes no event, so its result is
/// the one over no event. (A gate so tested asks less than the gate, which wants all of one event, but never more.)
/// Larger inputs are not read twice: every detection is compiled.
/// </summary>
internal static class WaitingSearches
{
    /// <summary>
    /// The most bytes of input read ahead: about where reading ahead costs as much as compiling the searches it leaves
    /// out. With all of ESCU, native, the whole hunt took 0.46 s just under and just over it for XmlWinEventLog, and
    /// 0.48 s for EVTX; the bundled 68-event sample (54 KB) is read ahead in a few milliseconds.
    /// </summary>
    internal const long MaxBytesReadAhead = 1 << 20;

    /// <summary>The waiting detections no event of the inputs can reach; none when the inputs are too large to read ahead (or cannot be read twice).</summary>
    public static HashSet<CompiledDetection> Unreached(IReadOnlyList<CompiledDetection> waiting, HuntOptions options, CancellationToken cancellationToken)
    {
        if (waiting.Count == 0 || !options.Prefilter || !InputCatalog.AreSmallFiles(options.Inputs, MaxBytesReadAhead))
        {
            return [];
        }

        var datasetGates = waiting.SelectMany(d => d.Facts!.Gates).Where(g => g.Dataset is not null).ToList();
        var datasets = datasetGates.Select(g => g.Dataset!.Value).Distinct().ToList();
        var datasetIndex = datasets.Select((dataset, i) => (dataset, i)).ToDictionary(p => p.dataset, p => p.i);
        var membership = datasets.Select(d => SearchGate.OfDataset(d, waiting[0].Definitions!)).ToList();
        var inDataset = new bool[datasets.Count];

        // Per dataset, each field a tstats' WHERE asks of its rows, with the values the events' rows hold in it.
        var rowValues = datasets.Select(d => datasetGates
                .Where(g => g.Dataset == d && g.DatasetRows is not null)
                .SelectMany(g => g.DatasetRows!)
                .Select(atom => atom.Field)
                .Distinct(StringComparer.Ordinal)
                .ToDictionary(field => field, _ => new HashSet<string>(StringComparer.OrdinalIgnoreCase), StringComparer.Ordinal))
            .ToList();
        var context = new SearchContext(options.Zone, options.Now ?? Timestamp.FromDateTime(DateTime.UtcNow));
        for (var i = 0; i < datasets.Count; i++)
        {
            membership[i].WantShared(rowValues[i].Keys, context);
        }

        var texts = new StringBuilder();

        // The gates whose source and sourcetype test some event passes, sorted once per pair as dispatch sorts searches.
        var metadataSieve = new MetadataSieve<RememberedGate>([.. waiting.SelectMany(d => d.Facts!.Gates).Where(g => g.Metadata is not null)], g => g.Metadata!);
        var admittedByPair = new HashSet<IReadOnlyList<RememberedGate>>(ReferenceEqualityComparer.Instance);

        // Problems are the hunt's to report, when it reads the inputs.
        var reader = new InputReader(options.Inputs, options.Input, _ => { });
        EventPass.ReadRows(reader, options, rawFilter: null, (row, raw) =>
        {
            // The text as it stands and with its character references or escapes decoded, as the hunt's scan has it.
            texts.Append(raw).Append('\n').Append(raw is null ? null : RawTextForms.Decoded(raw)).Append('\n');
            admittedByPair.Add(metadataSieve.For(row));

            if (datasets.Count > 0)
            {
                options.Knowledge.Apply(row, context, everyField: true);
                for (var i = 0; i < datasets.Count; i++)
                {
                    foreach (var datasetRow in membership[i].SharedRowsOf(row, context))
                    {
                        inDataset[i] = true;
                        foreach (var (field, values) in rowValues[i])
                        {
                            datasetRow[field].AnyText(values, static (values, text) =>
                            {
                                values.Add(text);
                                return false;
                            });
                        }
                    }
                }
            }
        }, cancellationToken);

        // Each literal is looked for once in all the text: for a small input, building the automaton the hunt scans
        // with costs more (tens of milliseconds for every ESCU detection's literals).
        var text = texts.ToString();
        var held = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        bool Holds(string literal) =>
            held.TryGetValue(literal, out var holds) ? holds : held[literal] = text.Contains(literal, StringComparison.OrdinalIgnoreCase);

        var admitted = admittedByPair.SelectMany(gates => gates).ToHashSet(ReferenceEqualityComparer.Instance);

        bool InDataset((string Model, string Dataset) dataset, IReadOnlyList<RowAtom>? rows) =>
            inDataset[datasetIndex[dataset]] && (rows is null || rows.Any(atom => Held(atom, rowValues[datasetIndex[dataset]][atom.Field])));

        bool Passes(RememberedGate gate) =>
            (gate.Metadata is null || admitted.Contains(gate))
            && (gate.Anchors is not { } anchors || anchors.Any(Holds))
            && (gate.Dataset is not { } dataset || InDataset(dataset, gate.DatasetRows));

        return waiting.Where(d => !d.Facts!.Gates.Any(Passes)).ToHashSet();
    }

    /// <summary>Whether a value a dataset row held meets the atom: the text exactly but for case, or within (as the hunt's sieve tests it).</summary>
    private static bool Held(RowAtom atom, HashSet<string> values) =>
        atom.Contains ? values.Any(value => value.Contains(atom.Text, StringComparison.OrdinalIgnoreCase)) : values.Contains(atom.Text);
}
