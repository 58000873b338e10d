using Ivyo.ControllerRuntime.Queues;
using Ivyo.ControllerRuntime.Tests.Support;

namespace Ivyo.ControllerRuntime.Tests.Queues;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    private static async Task<string> NextAsync(WorkQueue<string> queue)
    {
        var (item, shutDown) = await queue.GetAsync(CancellationToken.None).WaitAsync(s_wait);
        Assert.False(shutDown);
        return item;
    }

    [Fact]
    public async Task An_item_added_twice_is_queued_once_and_order_is_first_in_first_out()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        Assert.Equal(2, queue.Count);
        Assert.Equal("a", await NextAsync(queue));
        Assert.Equal("b", await NextAsync(queue));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task An_item_re_added_while_processing_is_not_handed_out_again_until_done()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        Assert.Equal("a", await NextAsync(queue));

        queue.Add("a");
        queue.Add("a");
        Assert.Equal(0, queue.Count);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.GetAsync(cancel.Token));

        queue.Done("a");
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await NextAsync(queue));
        queue.Done("a");
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task A_waiting_getter_is_woken_by_an_add_even_after_another_getter_gave_up()
    {
        using var queue = new WorkQueue<string>();
        using var cancel = new CancellationTokenSource();
        var abandoned = queue.GetAsync(cancel.Token);
        var waiting = queue.GetAsync(CancellationToken.None);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        queue.Add("a");
        Assert.Equal(("a", false), await waiting.WaitAsync(s_wait));
    }

    [Fact]
    public async Task Concurrent_workers_never_process_the_same_item_at_once()
    {
        using var queue = new WorkQueue<int>();
        var inFlight = new int[4];
        var overlaps = 0;
        var processed = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (item, shutDown) = await queue.GetAsync(CancellationToken.None);
                if (shutDown)
                {
                    return;
                }

                if (Interlocked.Increment(ref inFlight[item]) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                queue.Add(item);
                Interlocked.Decrement(ref inFlight[item]);
                Interlocked.Increment(ref processed);
                queue.Done(item);
            }
        })).ToList();

        for (var i = 0; i < 4; i++)
        {
            queue.Add(i);
        }

        await Eventually.TrueAsync(() => Volatile.Read(ref processed) >= 2000, "2000 items processed");
        queue.ShutDown();
        await Task.WhenAll(workers).WaitAsync(s_wait);
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public async Task AddRateLimited_backs_off_exponentially_up_to_the_max_and_Forget_starts_over()
    {
        var time = new ManualTimeProvider();
        using var queue = new WorkQueue<string>(new WorkQueueOptions<string>
        {
            Time = time,
            RateLimiter = new ExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)),
        });

        // 1s, 2s, 4s, then capped at 5s.
        foreach (var expected in new[] { 1, 2, 4, 5, 5 })
        {
            queue.AddRateLimited("a");
            time.Advance(TimeSpan.FromSeconds(expected) - TimeSpan.FromMilliseconds(1));
            Assert.Equal(0, queue.Count);
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(1, queue.Count);
            Assert.Equal("a", await NextAsync(queue));
            queue.Done("a");
        }

        Assert.Equal(5, queue.NumRequeues("a"));
        queue.Forget("a");
        Assert.Equal(0, queue.NumRequeues("a"));
        queue.AddRateLimited("a");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task AddAfter_adds_only_once_the_delay_passed_and_an_earlier_time_wins()
    {
        var time = new ManualTimeProvider();
        using var queue = new WorkQueue<string>(new WorkQueueOptions<string> { Time = time });
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(3));
        queue.AddAfter("a", TimeSpan.FromSeconds(20));
        queue.AddAfter("now", TimeSpan.Zero);
        Assert.Equal("now", await NextAsync(queue));

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, queue.Count);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await NextAsync(queue));
        queue.Done("a");

        // The later times were merged into the earliest: nothing else arrives.
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task ShutDown_still_hands_out_queued_items_ignores_adds_and_drops_delayed_ones()
    {
        var time = new ManualTimeProvider();
        using var queue = new WorkQueue<string>(new WorkQueueOptions<string> { Time = time });
        queue.Add("a");
        queue.AddAfter("later", TimeSpan.FromSeconds(1));
        using var waiting = new WorkQueue<string>();
        var waiter = waiting.GetAsync(CancellationToken.None);

        queue.ShutDown();
        waiting.ShutDown();
        Assert.True(queue.IsShuttingDown);
        Assert.True((await waiter.WaitAsync(s_wait)).ShutDown);
        queue.Add("b");
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("a", await NextAsync(queue));
        Assert.True((await queue.GetAsync(CancellationToken.None).WaitAsync(s_wait)).ShutDown);
    }

    [Fact]
    public async Task ShutDownWithDrain_waits_until_queued_and_processing_items_are_done()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Add("b");
        Assert.Equal("a", await NextAsync(queue));

        var drained = queue.ShutDownWithDrainAsync(CancellationToken.None);
        Assert.False(drained.IsCompleted);
        queue.Done("a");
        Assert.False(drained.IsCompleted);
        Assert.Equal("b", await NextAsync(queue));
        Assert.False(drained.IsCompleted);
        queue.Done("b");
        await drained.WaitAsync(s_wait);
    }
}
