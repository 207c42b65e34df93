using System.Collections.Concurrent;

namespace Vigil.Sinks;

/// <summary>
/// Work on items given in order, done in batches on the thread pool (on the calling thread when one thread may work),
/// each batch's result handed to <c>deliver</c> on the calling thread in the order the batches were made, whichever
/// finished first. A batch ends at <c>batchItems</c> items or once their weights reach <c>batchWeight</c>, and at most
/// one batch per thread is in flight, so memory stays that of a few batches. A worker (what must not be shared across
/// threads: a formatter, a search context) does one batch at a time and is kept for the next; workers are disposed
/// with this. Once a batch has failed, its exception is thrown where its result would have been delivered, and
/// nothing after it is delivered.
/// </summary>
internal sealed class OrderedBatches<TItem, TWorker, TResult> : IDisposable
{
    private readonly int _threads;
    private readonly int _batchItems;
    private readonly long _batchWeight;
    private readonly Func<TWorker> _newWorker;
    private readonly Func<TWorker, List<TItem>, TResult> _work;
    private readonly Action<TResult> _deliver;
    private readonly Queue<Task<TResult>> _inFlight = new();
    private readonly ConcurrentBag<TWorker> _workers = [];
    private List<TItem> _batch;
    private long _weight;
    private bool _failed;

    public OrderedBatches(int threads, int batchItems, long batchWeight, Func<TWorker> newWorker, Func<TWorker, List<TItem>, TResult> work, Action<TResult> deliver)
    {
        _threads = Math.Max(1, threads);
        _batchItems = batchItems;
        _batchWeight = batchWeight;
        _newWorker = newWorker;
        _work = work;
        _deliver = deliver;
        _batch = new List<TItem>(batchItems);
    }

    public void Add(TItem item, long weight)
    {
        _batch.Add(item);
        _weight += weight;
        if (_batch.Count == _batchItems || _weight >= _batchWeight)
        {
            Dispatch();
        }
    }

    /// <summary>Delivers every batch given so far, worked on (none once one has failed).</summary>
    public void Flush()
    {
        if (_failed)
        {
            return;
        }

        Dispatch();
        while (_inFlight.Count > 0)
        {
            DeliverOldest();
        }
    }

    public void Dispose()
    {
        try
        {
            Flush();
        }
        finally
        {
            // After a failure the batches still in flight are waited for, their outcome dropped: the failure that
            // stopped the delivery is the one reported.
            foreach (var task in _inFlight)
            {
                try
                {
                    task.GetAwaiter().GetResult();
                }
                catch (Exception e) when (_failed && e is not OutOfMemoryException)
                {
                    // Already failed; this batch was never going to be delivered.
                }
            }

            _inFlight.Clear();
            foreach (var worker in _workers)
            {
                (worker as IDisposable)?.Dispose();
            }
        }
    }

    private void Dispatch()
    {
        if (_batch.Count == 0)
        {
            return;
        }

        var batch = _batch;
        _batch = new List<TItem>(_batchItems);
        _weight = 0;
        if (_threads == 1)
        {
            // On this thread; a failure is kept in the task, to be met in order as a pool batch's would be.
            var done = new Task<TResult>(() => Work(batch));
            done.RunSynchronously();
            _inFlight.Enqueue(done);
        }
        else
        {
            _inFlight.Enqueue(Task.Run(() => Work(batch)));
        }

        while (_inFlight.Count > _threads)
        {
            DeliverOldest();
        }
    }

    private TResult Work(List<TItem> batch)
    {
        var worker = _workers.TryTake(out var kept) ? kept : _newWorker();
        try
        {
            return _work(worker, batch);
        }
        finally
        {
            _workers.Add(worker);
        }
    }

    private void DeliverOldest()
    {
        try
        {
            _deliver(_inFlight.Dequeue().GetAwaiter().GetResult());
        }
        catch
        {
            _failed = true;
            throw;
        }
    }
}
