using Vigil.Evtx.Internal;

namespace Vigil.Evtx.Tests;

public sealed class RecordIdSetTests
{
    [Fact]
    public void RangesMergeAndLookupsWork()
    {
        var set = new RecordIdSet();
        foreach (ulong id in new ulong[] { 100, 101, 102, 5, 6, 7, 103, 50, 8, 9, 200 })
        {
            set.Add(id);
        }

        set.Freeze();
        Assert.Equal(4, set.RangeCount); // 5..9, 50, 100..103, 200
        foreach (ulong id in new ulong[] { 5, 7, 9, 50, 100, 103, 200 })
        {
            Assert.True(set.Contains(id), id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (ulong id in new ulong[] { 0, 4, 10, 49, 51, 99, 104, 199, 201, ulong.MaxValue })
        {
            Assert.False(set.Contains(id), id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
