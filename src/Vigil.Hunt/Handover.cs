using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Vigil.Hunt;

/// <summary>
/// A bounded queue from one thread to another (the reading thread to a search partition's) whose waits block at once,
/// where <see cref="BlockingCollection{T}"/>'s semaphore spins first: on a machine whose every core is busy reading or
/// searching, a spinning waiter only takes time from the thread it waits for. All-ESCU hunt, native, 2 cores: 3 % to
/// 5 % less CPU time over the 63 MiB EVTX (three runs of 9 to 11 pairs), the same over the 76 MiB XmlWinEventLog.
/// </summary>
internal sealed class Handover<T>
    where T : class
{
    private readonly int _capacity;
    private readonly Queue<T> _items;
    private bool _finished;
    private bool _abandoned;

    public Handover(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _items = new Queue<T>(capacity);
    }

    /// <summary>Adds the item, waiting while the queue is full; false when the queue was abandoned.</summary>
    public bool TryAdd(T item)
    {
        lock (_items)
        {
            while (_items.Count == _capacity && !_abandoned)
            {
                Monitor.Wait(_items);
            }

            if (_abandoned)
            {
                return false;
            }

            _items.Enqueue(item);
            if (_items.Count == 1)
            {
                Monitor.PulseAll(_items);
            }

            return true;
        }
    }

    /// <summary>The next item, waiting while there is none; false once the queue is finished and empty, or abandoned.</summary>
    public bool TryTake([NotNullWhen(true)] out T? item)
    {
        lock (_items)
        {
            while (_items.Count == 0 && !_finished && !_abandoned)
            {
                Monitor.Wait(_items);
            }

            if (_abandoned || !_items.TryDequeue(out item))
            {
                item = null;
                return false;
            }

            if (_items.Count == _capacity - 1)
            {
                Monitor.PulseAll(_items);
            }

            return true;
        }
    }

    /// <summary>No item comes after those queued.</summary>
    public void Finish()
    {
        lock (_items)
        {
            _finished = true;
            Monitor.PulseAll(_items);
        }
    }

    /// <summary>The items queued are dropped and every wait ends.</summary>
    public void Abandon()
    {
        lock (_items)
        {
            _abandoned = true;
            _items.Clear();
            Monitor.PulseAll(_items);
        }
    }
}
