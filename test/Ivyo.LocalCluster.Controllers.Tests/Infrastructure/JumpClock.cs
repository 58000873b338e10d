namespace Ivyo.LocalCluster.Controllers.Tests.Infrastructure;

/// <summary>
/// A fake clock for controllers that wait minutes: it runs in real time from a settable offset, and
/// <see cref="Advance"/> jumps it forward, firing at once every timer that the jump made due. Short delays (a work
/// queue's back-off) still pass in real time, so nothing else has to be driven by hand.
/// </summary>
public sealed class JumpClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<JumpTimer> _timers = [];
    private long _offsetTicks;

    /// <summary>Starts at <paramref name="start"/> (the system time if null).</summary>
    public JumpClock(DateTimeOffset? start = null)
    {
        if (start is { } s)
        {
            _offsetTicks = (s - System.GetUtcNow()).Ticks;
        }
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the clock forward and fires the timers that are due now.</summary>
    public void Advance(TimeSpan by)
    {
        Interlocked.Add(ref _offsetTicks, by.Ticks);
        List<JumpTimer> timers;
        lock (_lock)
        {
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.FireIfDue();
        }
    }

    /// <summary>
    /// Whether a timer is armed to fire at or after <paramref name="time"/>. A test that jumps past a time a controller
    /// waits for must first see the controller's timer armed: a delay computed before the jump but armed after it
    /// would be counted from the jumped clock and fire far too late.
    /// </summary>
    public bool HasTimerDueBy(DateTimeOffset time)
    {
        lock (_lock)
        {
            return _timers.Any(timer => timer.Due is var due && due != DateTimeOffset.MaxValue && due >= time);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new JumpTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private void Remove(JumpTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    /// <summary>A real timer that also knows its due time on the fake clock.</summary>
    private sealed class JumpTimer : ITimer
    {
        private readonly JumpClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _real;
        private readonly Lock _lock = new();
        private DateTimeOffset _due = DateTimeOffset.MaxValue;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public JumpTimer(JumpClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            _real = System.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public DateTimeOffset Due
        {
            get
            {
                lock (_lock)
                {
                    return _due;
                }
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_lock)
            {
                _due = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : _clock.GetUtcNow() + dueTime;
                _period = period;
                return _real.Change(dueTime, period);
            }
        }

        public void FireIfDue()
        {
            lock (_lock)
            {
                if (_due > _clock.GetUtcNow())
                {
                    return;
                }
            }

            Fire();
        }

        private void Fire()
        {
            lock (_lock)
            {
                if (_due == DateTimeOffset.MaxValue)
                {
                    return;
                }

                if (_period == Timeout.InfiniteTimeSpan)
                {
                    _due = DateTimeOffset.MaxValue;
                    _real.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                }
                else
                {
                    _due = _clock.GetUtcNow() + _period;
                    _real.Change(_period, _period);
                }
            }

            ThreadPool.QueueUserWorkItem(_ => _callback(_state));
        }

        public void Dispose()
        {
            _clock.Remove(this);
            _real.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
