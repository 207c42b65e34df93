namespace Vigil.Evtx.Internal;

/// <summary>
/// A set of record ids stored as sorted, merged ranges. Record ids are mostly consecutive, so memory grows with the
/// number of gaps, not with the number of records. Add while building; <see cref="Freeze"/> before concurrent reads.
/// </summary>
internal sealed class RecordIdSet
{
    private readonly List<(ulong Lo, ulong Hi)> _ranges = [];
    private bool _sorted = true;

    public void Add(ulong id)
    {
        if (_ranges.Count > 0)
        {
            (ulong lo, ulong hi) = _ranges[^1];
            if (id >= lo && id <= hi)
            {
                return;
            }

            if (hi != ulong.MaxValue && id == hi + 1)
            {
                _ranges[^1] = (lo, id);
                return;
            }

            _sorted &= id > hi;
        }

        _ranges.Add((id, id));
    }

    /// <summary>Sorts and merges the ranges; afterwards <see cref="Contains"/> is safe from several threads.</summary>
    public void Freeze()
    {
        if (_sorted)
        {
            return;
        }

        _ranges.Sort();
        int w = 0;
        for (int i = 1; i < _ranges.Count; i++)
        {
            (ulong lo, ulong hi) = _ranges[i];
            if (lo <= _ranges[w].Hi || (_ranges[w].Hi != ulong.MaxValue && lo == _ranges[w].Hi + 1))
            {
                _ranges[w] = (_ranges[w].Lo, Math.Max(hi, _ranges[w].Hi));
            }
            else
            {
                _ranges[++w] = (lo, hi);
            }
        }

        _ranges.RemoveRange(w + 1, _ranges.Count - w - 1);
        _sorted = true;
    }

    public int RangeCount => _ranges.Count;

    public bool Contains(ulong id)
    {
        if (!_sorted)
        {
            Freeze();
        }

        int lo = 0, hi = _ranges.Count - 1;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) / 2);
            (ulong a, ulong b) = _ranges[mid];
            if (id < a)
            {
                hi = mid - 1;
            }
            else if (id > b)
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
