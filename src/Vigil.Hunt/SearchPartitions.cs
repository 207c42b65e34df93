using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Vigil.Events.Sources;
using Vigil.Spl.Execution;
using Vigil.Spl.Execution.Dispatch;
using Vigil.Spl.Values;

namespace Vigil.Hunt;

/// <summary>
/// The searches of one pass split into partitions, each run on its own thread with its own context (data model
/// projections) and dispatcher: events are read and given their fields once, then every partition sees every event
/// and offers it to its searches. A search's run lives in one partition, so its results do not depend on the split.
/// Searches over the same data model dataset share a partition, so an event is projected into a dataset once.
/// With one partition everything runs on the calling thread.
/// An event arrives without its search-time fields: the partitions' threads give them (knowledge), each taking the
/// next event of a batch not yet taken, so that work is shared by every core instead of holding up the thread that
/// reads. The partitions' dispatchers share one literal table, and the first partition to need an event's literals
/// scans its raw text (and its decoded form, made then) for all of them. Which fields an event is given is the demand's to say
/// (<see cref="FieldDemand"/>): it may ask for the event's literals first.
/// </summary>
internal sealed class SearchPartitions : IDisposable
{
    // Few events in flight: an event waiting in a batch when a collection comes survives it, to be promoted and
    // compacted. 16 events a batch and 4 batches of lag measured 13 % faster than 256 and 8 (the all-ESCU hunt, two
    // cores), with 37 % less memory; the threads still rarely wait on each other.
    private const int BatchSize = 16;

    // Batches a partition may lag behind the reader: bounds memory when one partition is slower than reading.
    private const int BatchesQueued = 4;

    private readonly Partition[] _partitions;
    private readonly Worker[] _workers;
    private readonly EventPreparation _preparation;
    private EventBatch _batch;

    private readonly LiteralTable? _literals;

    // The literals of the event on its way with one partition, scanned at most once (null: nothing is dispatched).
    private readonly EventLiterals? _single;

    private SearchPartitions(Partition[] partitions, IReadOnlyList<PipelineRun> runs, EventPreparation preparation, LiteralTable? literals)
    {
        _partitions = partitions;
        _preparation = preparation;
        _literals = literals;
        _batch = new EventBatch(BatchSize, preparation, literals);
        _single = literals is null ? null : new EventLiterals(literals);
        Runs = runs;
        _workers = partitions.Length == 1 ? [] : partitions.Select(p => new Worker(p)).ToArray();
    }

    /// <summary>
    /// Starts every pipeline's run, in <paramref name="count"/> partitions (fewer when there are fewer searches over
    /// events). With <paramref name="dispatch"/> off, one partition offers every event to every search.
    /// <paramref name="giveFields"/> adds an event's search-time fields, every field or (false) those
    /// <see cref="Demand"/> names for it, given the event's literals (scanned with the table the demand is given, or
    /// null); it runs on several threads at once. With <paramref name="demandFields"/> off, it is always asked for
    /// every field. With <paramref name="times"/>, each run's time with the events it takes is added to its pipeline's.
    /// </summary>
    public static SearchPartitions Start(
        IReadOnlyList<SplPipeline> pipelines, SearchContext context, Func<string, bool> isVerbatimField, bool dispatch, int count,
        bool demandFields, Action<Row, SearchContext, bool, ILiteralHits?> giveFields, SearchTimes? times = null)
    {
        // With every ESCU detection, working out gates and starting runs is most of a short hunt: on every core.
        var gates = new SearchGate[pipelines.Count];
        var partGates = new IReadOnlyList<SearchGate>[pipelines.Count];
        ParallelWork.For(pipelines.Count, i =>
        {
            gates[i] = pipelines[i].ReadsEvents ? pipelines[i].Gate(isVerbatimField) : SearchGate.Closed;
            partGates[i] = pipelines[i].ReadsEvents ? pipelines[i].PartGates(isVerbatimField) : [];
        });
        var eventPipelines = Enumerable.Range(0, pipelines.Count).Where(i => pipelines[i].ReadsEvents).ToList();
        count = dispatch ? Math.Clamp(count, 1, Math.Max(1, eventPipelines.Count)) : 1;
        var partitionOf = Assign(eventPipelines, gates, partGates, count);
        var contexts = Enumerable.Range(0, count).Select(i => i == 0 ? context : context.ForPartition()).ToArray();
        var runs = new PipelineRun[pipelines.Count];
        FieldDemand? demand = null;
        LiteralTable? literals = null;

        // Each partition's runs start on one thread, as a run registers with its partition's context; the field demand
        // and the literal table, which need no run, are worked out beside them.
        ParallelWork.For(count + 1, job =>
        {
            if (job < count)
            {
                for (var i = 0; i < pipelines.Count; i++)
                {
                    if (partitionOf.GetValueOrDefault(i) == job)
                    {
                        runs[i] = pipelines[i].Start(contexts[job]);
                    }
                }

                return;
            }

            demand = demandFields ? FieldDemand.Of(pipelines, isVerbatimField, context) : null;
            literals = dispatch
                ? new LiteralTable(eventPipelines.SelectMany(i => partGates[i].Prepend(gates[i])).Concat(demand?.WideGates ?? []))
                : null;
            if (demand is not null && literals is not null)
            {
                demand = demand.WithLiterals(literals);
            }
        });

        var partitions = Enumerable.Range(0, count).Select(k =>
        {
            var members = eventPipelines.Where(i => partitionOf[i] == k).ToArray();
            if (!dispatch)
            {
                return new Partition([.. members.Select(i => new RunPart(runs[i], RunPart.Whole, times, i))], null, contexts[k]);
            }

            // Each part of a run (its generator, each subsearch over events) meets only the events its own gate admits.
            var parts = members.SelectMany(i => runs[i].EventParts(isVerbatimField).Select(part => (Index: i, part.Part, part.Gate))).ToList();
            var dispatcher = new EventDispatcher(parts.Select(p => p.Gate).ToList(), literals);
            return new Partition([.. parts.Select(p => new RunPart(runs[p.Index], p.Part, times, p.Index))], dispatcher, contexts[k]);
        }).ToArray();
        return new SearchPartitions(partitions, runs, new EventPreparation(giveFields, demand), literals) { Demand = demand };
    }

    /// <summary>Every pipeline's run, in the order of the pipelines.</summary>
    public IReadOnlyList<PipelineRun> Runs { get; }

    /// <summary>
    /// The most fields giving fields has added to one event so far (-1 before the first): events' rows are made that
    /// much larger than the reader's fields, so they are not grown on the way.
    /// </summary>
    public int KnowledgeAdds => _preparation.MostAdded;

    /// <summary>The fields the searches read of each event; null when every field is given.</summary>
    public FieldDemand? Demand { get; private init; }

    /// <summary>
    /// Offers an event whose search-time fields are still to come; the caller must not touch the row after (partitions
    /// give it its fields and read it concurrently).
    /// </summary>
    public void Offer(Row row, string? raw)
    {
        if (_workers.Length == 0)
        {
            var context = _partitions[0].Context;
            _single?.SetWithDecoder(raw, RawTextForms.Decoded);
            _preparation.GiveFields(row, context, _single);
            _partitions[0].Offer(row, _single);
            return;
        }

        _batch.Add(row, raw);
        if (_batch.Count == BatchSize)
        {
            Flush();
        }
    }

    /// <summary>Waits until every partition has seen every event offered; rethrows the first failure of a partition.</summary>
    public void Complete()
    {
        if (_workers.Length == 0)
        {
            return;
        }

        Flush();
        foreach (var worker in _workers)
        {
            worker.Finish();
        }

        foreach (var worker in _workers)
        {
            worker.Join();
        }
    }

    public void Dispose()
    {
        foreach (var worker in _workers)
        {
            worker.Dispose();
        }
    }

    private void Flush()
    {
        if (_batch.Count == 0)
        {
            return;
        }

        foreach (var worker in _workers)
        {
            worker.Post(_batch);
        }

        _batch = new EventBatch(BatchSize, _preparation, _literals);
    }

    /// <summary>
    /// Partition numbers for the searches over events, groups largest first to the partition with the fewest searches
    /// so far. A partition projects an event into a data model dataset once for all its searches over the dataset, so
    /// searches over the same dataset go together. A search whose parts test several datasets (its own and a
    /// subsearch's) joins their groups too, as long as the joined group stays within a partition's share of the
    /// searches: a larger one would leave the other cores idle.
    /// </summary>
    private static Dictionary<int, int> Assign(List<int> eventPipelines, SearchGate[] gates, IReadOnlyList<SearchGate>[] partGates, int count)
    {
        var load = new int[count];
        var partitionOf = new Dictionary<int, int>();
        var groupOf = new SearchGroups(eventPipelines);
        foreach (var i in eventPipelines.Where(i => gates[i].SharedKey is not null))
        {
            groupOf.Join(i, gates[i].SharedKey!, int.MaxValue);
        }

        var share = (eventPipelines.Count + count - 1) / count;
        foreach (var i in eventPipelines.Where(i => gates[i].SharedKey is null))
        {
            foreach (var key in partGates[i].Select(g => g.SharedKey).OfType<object>().Distinct())
            {
                groupOf.Join(i, key, share);
            }
        }

        var groups = eventPipelines.GroupBy(groupOf.Of).OrderByDescending(g => g.Count()).ThenBy(g => g.First());
        foreach (var group in groups)
        {
            var target = Array.IndexOf(load, load.Min());
            foreach (var i in group)
            {
                partitionOf[i] = target;
            }

            load[target] += group.Count();
        }

        return partitionOf;
    }

    /// <summary>Searches joined into groups by the tests they share (union-find by size), no group past a size.</summary>
    private sealed class SearchGroups
    {
        private readonly Dictionary<int, int> _parent;
        private readonly Dictionary<int, int> _size;
        private readonly Dictionary<object, int> _firstWith = new(ReferenceEqualityComparer.Instance);

        public SearchGroups(IEnumerable<int> searches)
        {
            _parent = searches.ToDictionary(i => i, i => i);
            _size = _parent.Keys.ToDictionary(i => i, _ => 1);
        }

        /// <summary>Joins the search's group and that of the first search with the same test, unless the two together would pass <paramref name="maxSize"/>.</summary>
        public void Join(int search, object test, int maxSize)
        {
            if (!_firstWith.TryAdd(test, search))
            {
                var (a, b) = (Of(_firstWith[test]), Of(search));
                if (a != b && _size[a] + _size[b] <= maxSize)
                {
                    var (root, child) = _size[a] >= _size[b] ? (a, b) : (b, a);
                    _parent[child] = root;
                    _size[root] += _size[child];
                }
            }
        }

        /// <summary>The group's representative search.</summary>
        public int Of(int search)
        {
            while (_parent[search] != search)
            {
                search = _parent[search] = _parent[_parent[search]];
            }

            return search;
        }
    }

    /// <summary>
    /// A part of a run that takes events on its own (<see cref="PipelineRun.EventParts"/>), or the whole run; timed into
    /// its pipeline's time when times are kept.
    /// </summary>
    private sealed class RunPart(PipelineRun run, int part, SearchTimes? times, int pipeline)
    {
        public const int Whole = -1;

        public void Push(Row row)
        {
            var started = times is null ? 0 : Stopwatch.GetTimestamp();
            if (part == Whole)
            {
                run.Push(row);
            }
            else
            {
                run.PushTo(part, row);
            }

            times?.Add(pipeline, Stopwatch.GetTimestamp() - started);
        }
    }

    /// <summary>With a dispatcher, the parts each event is offered to as it admits them; without, every run takes every event.</summary>
    private sealed class Partition(RunPart[] parts, EventDispatcher? dispatcher, SearchContext context)
    {
        // Which batch event this partition is offering, for its dispatcher to ask the batch for the event's literals.
        private readonly BatchHits _batchHits = new();

        public SearchContext Context => context;

        /// <summary>Which batch event this partition's thread is preparing, for the demand to ask the batch for its literals.</summary>
        public BatchHits Preparing { get; } = new();

        public void Offer(Row row, ILiteralHits? hits)
        {
            if (dispatcher is null)
            {
                OfferToAll(row);
                return;
            }

            // A dispatcher is made with the literal table, so the event's literals are there to scan.
            OfferTo(row, dispatcher.Candidates(row, hits!, context));
        }

        public void Offer(EventBatch batch, int index, Row row)
        {
            if (dispatcher is null)
            {
                OfferToAll(row);
                return;
            }

            _batchHits.Batch = batch;
            _batchHits.Index = index;
            OfferTo(row, dispatcher.Candidates(row, _batchHits, context));
        }

        private void OfferToAll(Row row)
        {
            foreach (var part in parts)
            {
                part.Push(row);
            }
        }

        private void OfferTo(Row row, IReadOnlyList<int> candidates)
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                parts[candidates[i]].Push(row);
            }
        }

        internal sealed class BatchHits : ILiteralHits
        {
            public EventBatch? Batch { get; set; }

            public int Index { get; set; }

            public ReadOnlySpan<ulong> Hits() => Batch!.HitsOf(Index);
        }
    }

    /// <summary>What turns an offered event into one searches can read: its search-time fields.</summary>
    private sealed class EventPreparation(Action<Row, SearchContext, bool, ILiteralHits?> giveFields, FieldDemand? demand)
    {
        private int _mostAdded = -1;

        /// <summary>The most fields giving fields has added to one event so far (-1 before the first).</summary>
        public int MostAdded => Volatile.Read(ref _mostAdded);

        /// <summary>Gives the row the fields its searches read; <paramref name="hits"/> are its literals, asked only if that decides.</summary>
        public void GiveFields(Row row, SearchContext context, ILiteralHits? hits)
        {
            var before = row.Count;
            giveFields(row, context, demand is null || demand.NeedsEveryField(row, hits), hits);
            var added = row.Count - before;
            for (var most = MostAdded; added > most; most = MostAdded)
            {
                // Rarely past the first events: the most only grows.
                Interlocked.CompareExchange(ref _mostAdded, added, most);
            }
        }
    }

    /// <summary>
    /// Events on their way to every partition. Each event is prepared once, by whichever partition's thread reaches it
    /// first: a thread that needs event i takes the next untaken events in order until i is done (or another thread
    /// is finishing it), so a partition ahead of the others does their share of the preparing. Its literals are
    /// scanned once too, by the first partition to ask; another asking meanwhile waits for that scan.
    /// </summary>
    private sealed class EventBatch(int capacity, EventPreparation preparation, LiteralTable? literals)
    {
        // What a thread waits for here (one event's fields or literal scan) is microseconds of another thread's work:
        // a spin that yields the core, never one that sleeps a millisecond (SpinWait's default after 20 spins). All-ESCU
        // hunt, native, 2 cores, 8 pairs each: 1.009x to 1.021x over the 63 MiB EVTX and the 76 MiB XmlWinEventLog,
        // 1.013x with 2 threads on 1 core (4 pairs), the output the same.
        private const int NeverSleep = -1;

        private const int NotScanned = 0;
        private const int Scanning = 1;
        private const int Scanned = 2;

        private readonly Row[] _rows = new Row[capacity];
        private readonly string?[] _raws = new string?[capacity];
        private readonly int[] _prepared = new int[capacity];
        private readonly int _words = literals?.Words ?? 0;
        private readonly ulong[] _hits = new ulong[capacity * (literals?.Words ?? 0)];
        private readonly int[] _scanned = new int[capacity];
        private int _nextToPrepare;

        public int Count { get; private set; }

        public void Add(Row row, string? raw)
        {
            _rows[Count] = row;
            _raws[Count] = raw;
            Count++;
        }

        public void OfferTo(Partition partition)
        {
            for (var i = 0; i < Count; i++)
            {
                EnsurePrepared(i, partition);
                partition.Offer(this, i, _rows[i]);
            }
        }

        /// <summary>The literals event <paramref name="index"/> (prepared) holds, scanned by the first thread to ask.</summary>
        public ReadOnlySpan<ulong> HitsOf(int index)
        {
            var wait = default(SpinWait);
            while (Volatile.Read(ref _scanned[index]) != Scanned)
            {
                if (Interlocked.CompareExchange(ref _scanned[index], Scanning, NotScanned) != NotScanned)
                {
                    wait.SpinOnce(NeverSleep);
                    continue;
                }

                try
                {
                    var raw = _raws[index];
                    literals!.Scan(raw, raw is null ? null : RawTextForms.Decoded(raw), _hits, index * _words);
                }
                finally
                {
                    // Marked even when scanning failed, so no thread waits forever: the failure ends the hunt.
                    Volatile.Write(ref _scanned[index], Scanned);
                }
            }

            return _hits.AsSpan(index * _words, _words);
        }

        private void EnsurePrepared(int index, Partition partition)
        {
            var wait = default(SpinWait);
            while (Volatile.Read(ref _prepared[index]) == 0)
            {
                var next = Interlocked.Increment(ref _nextToPrepare) - 1;
                if (next >= Count)
                {
                    // Taken by another thread, which is still at it.
                    wait.SpinOnce(NeverSleep);
                    continue;
                }

                try
                {
                    var hits = partition.Preparing;
                    hits.Batch = this;
                    hits.Index = next;
                    preparation.GiveFields(_rows[next], partition.Context, literals is null ? null : hits);
                }
                finally
                {
                    // Marked even when preparing failed, so no thread waits forever: the failure ends the hunt.
                    Volatile.Write(ref _prepared[next], 1);
                }
            }
        }
    }

    private sealed class Worker : IDisposable
    {
        private readonly Handover<EventBatch> _queue = new(BatchesQueued);
        private readonly Thread _thread;
        private ExceptionDispatchInfo? _failure;

        public Worker(Partition partition)
        {
            _thread = new Thread(() =>
            {
                try
                {
                    while (_queue.TryTake(out var batch))
                    {
                        batch.OfferTo(partition);
                    }
                }
                catch (Exception e)
                {
                    _failure = ExceptionDispatchInfo.Capture(e);
                    _queue.Abandon();
                }
            })
            { IsBackground = true, Name = "vigil search partition" };
            _thread.Start();
        }

        /// <summary>Hands the batch on; dropped when the partition has failed (Join rethrows its failure).</summary>
        public void Post(EventBatch batch) => _queue.TryAdd(batch);

        public void Finish() => _queue.Finish();

        public void Join()
        {
            _thread.Join();
            _failure?.Throw();
        }

        /// <summary>Stops the thread (after the batch it is on).</summary>
        public void Dispose()
        {
            _queue.Abandon();
            _thread.Join();
        }
    }
}
