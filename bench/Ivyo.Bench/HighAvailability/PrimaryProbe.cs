using System.Diagnostics;
using Npgsql;

namespace Ivyo.Bench.HighAvailability;

/// <summary>What an instance answered to <c>SELECT pg_is_in_recovery()</c>.</summary>
public enum InstanceState
{
    /// <summary>No answer within the probe's timeout: stopped, starting, or not listening.</summary>
    Unreachable,

    /// <summary>A replica (or a primary being demoted): it takes no writes.</summary>
    InRecovery,

    /// <summary>A primary: it takes writes from whoever reaches it.</summary>
    Writable,
}

/// <summary>
/// The split-brain probe: every <see cref="Interval"/>, each instance is asked whether it is in recovery, on its own
/// pod's loopback (the node agent's view into the pod's network namespace), which no partition cuts, so a primary
/// that a partition hides from clients is still seen. A round with two writable instances is a split brain. The
/// rounds also time the failover: when the old primary stopped taking writes, when the new one started.
/// </summary>
public sealed class PrimaryProbe : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan s_answerTimeout = TimeSpan.FromMilliseconds(400);

    private readonly IReadOnlyList<Target> _targets;
    private readonly List<Round> _rounds = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _probing;

    /// <summary>One probe round: when it started (a <see cref="Stopwatch"/> timestamp), and each instance's state.</summary>
    public sealed record Round(long At, IReadOnlyDictionary<string, InstanceState> States)
    {
        public int Writable => States.Values.Count(state => state == InstanceState.Writable);
    }

    private sealed class Target(string pod, NpgsqlConnectionStringBuilder connection)
    {
        public string Pod { get; } = pod;

        public NpgsqlConnectionStringBuilder Connection { get; } = connection;

        public NpgsqlConnection? Open { get; set; }

        public Task<InstanceState>? Pending { get; set; }
    }

    /// <summary>Probes <paramref name="instances"/>: pod name to a connection that reaches that pod's own PostgreSQL.</summary>
    public PrimaryProbe(IReadOnlyDictionary<string, NpgsqlConnectionStringBuilder> instances)
    {
        _targets = [.. instances.Select(pair => new Target(pair.Key, pair.Value))];
        _probing = Task.Run(ProbeAsync);
    }

    /// <summary>The rounds so far.</summary>
    public IReadOnlyList<Round> Rounds
    {
        get
        {
            lock (_gate)
            {
                return [.. _rounds];
            }
        }
    }

    private async Task ProbeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            var states = await Task.WhenAll(_targets.Select(AskAsync));
            lock (_gate)
            {
                _rounds.Add(new Round(started, _targets.Select((target, i) => (target.Pod, states[i])).ToDictionary(p => p.Pod, p => p.Item2, StringComparer.Ordinal)));
            }

            var left = Interval - Stopwatch.GetElapsedTime(started);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// One question to one instance. A question still unanswered from an earlier round is not asked again (a hung
    /// connection would otherwise pile up); the instance counts as unreachable until it answers or is given up on.
    /// </summary>
    private async Task<InstanceState> AskAsync(Target target)
    {
        target.Pending ??= QuestionAsync(target);
        var answered = await Task.WhenAny(target.Pending, Task.Delay(s_answerTimeout));
        if (answered != target.Pending)
        {
            return InstanceState.Unreachable;
        }

        var state = await target.Pending;
        target.Pending = null;
        return state;
    }

    private static async Task<InstanceState> QuestionAsync(Target target)
    {
        try
        {
            if (target.Open is null)
            {
                var opening = new NpgsqlConnection(target.Connection.ConnectionString);
                await opening.OpenAsync().WaitAsync(TimeSpan.FromSeconds(2));
                target.Open = opening;
            }

            await using var ask = new NpgsqlCommand("SELECT pg_catalog.pg_is_in_recovery()", target.Open);
            var inRecovery = (bool)(await ask.ExecuteScalarAsync().WaitAsync(TimeSpan.FromSeconds(2)))!;
            return inRecovery ? InstanceState.InRecovery : InstanceState.Writable;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            var broken = target.Open;
            target.Open = null;
            if (broken is not null)
            {
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await broken.DisposeAsync();
                    }
                    catch (Exception dispose) when (dispose is NpgsqlException or IOException or InvalidOperationException)
                    {
                        // Broken already.
                    }
                });
            }

            return InstanceState.Unreachable;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _probing;
        foreach (var target in _targets)
        {
            if (target.Pending is { } pending)
            {
                await Task.WhenAny(pending, Task.Delay(TimeSpan.FromSeconds(3)));
            }

            if (target.Open is { } open)
            {
                await open.DisposeAsync();
            }
        }

        _stop.Dispose();
    }
}
