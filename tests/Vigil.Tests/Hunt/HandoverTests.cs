using Vigil.Hunt;

namespace Vigil.Tests.Hunt;

/// <summary>The queue from the reading thread to a search partition's: order, its bound, and the two ways it ends.</summary>
public sealed class HandoverTests
{
    [Fact]
    public void Items_arrive_in_order_and_the_queue_ends_when_finished_and_empty()
    {
        var queue = new Handover<string>(2);
        var taken = new List<string>();
        var consumer = new Thread(() =>
        {
            while (queue.TryTake(out var item))
            {
                taken.Add(item);
            }
        });
        consumer.IsBackground = true;
        consumer.Start();

        // Far more items than the bound: the producer waits for the consumer again and again.
        var sent = Enumerable.Range(0, 10_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var item in sent)
        {
            Assert.True(queue.TryAdd(item));
        }

        queue.Finish();
        Assert.True(consumer.Join(TimeSpan.FromSeconds(30)), "the consumer never saw the end");
        Assert.Equal(sent, taken);
    }

    [Fact]
    public void A_full_queue_holds_the_producer_until_abandoned_and_then_takes_nothing()
    {
        var queue = new Handover<string>(1);
        Assert.True(queue.TryAdd("first"));
        var added = (bool?)null;
        var producer = new Thread(() => added = queue.TryAdd("second"));
        producer.IsBackground = true;
        producer.Start();

        // Nothing takes: the producer must still be waiting.
        Assert.False(producer.Join(TimeSpan.FromMilliseconds(200)));
        queue.Abandon();
        Assert.True(producer.Join(TimeSpan.FromSeconds(30)), "abandoning did not end the producer's wait");
        Assert.False(added);
        Assert.False(queue.TryTake(out _));
        Assert.False(queue.TryAdd("third"));
    }

    [Fact]
    public void An_abandoned_queue_ends_a_consumer_waiting_on_it()
    {
        var queue = new Handover<string>(4);
        var took = (bool?)null;
        var consumer = new Thread(() => took = queue.TryTake(out _));
        consumer.IsBackground = true;
        consumer.Start();
        Assert.False(consumer.Join(TimeSpan.FromMilliseconds(200)));
        queue.Abandon();
        Assert.True(consumer.Join(TimeSpan.FromSeconds(30)), "abandoning did not end the consumer's wait");
        Assert.False(took);
    }

    [Fact]
    public void A_queue_holds_at_least_one_item() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Handover<string>(0));
}
