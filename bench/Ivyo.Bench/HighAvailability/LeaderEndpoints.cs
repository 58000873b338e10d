using System.Diagnostics;
using k8s;
using k8s.Autorest;

namespace Ivyo.Bench.HighAvailability;

/// <summary>
/// Patroni's leader as its Kubernetes DCS holds it, read every 100 ms: the <c>leader</c> annotation of the
/// <c>&lt;cluster&gt;-ha</c> Endpoints (the lock a new leader takes when the old one's lease expires: detection) and
/// its addresses (where the <c>-ha</c> Service, and so <c>hippo-primary</c>, routes: the endpoint switch).
/// </summary>
public sealed class LeaderEndpoints : IAsyncDisposable
{
    private readonly List<Reading> _readings = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;

    /// <summary>One reading: when (a <see cref="Stopwatch"/> timestamp), the lock holder, the routed addresses.</summary>
    public sealed record Reading(long At, string? Leader, IReadOnlyList<string> Addresses);

    public LeaderEndpoints(Kubernetes client, string ns, string name) => _polling = Task.Run(() => PollAsync(client, ns, name));

    public IReadOnlyList<Reading> Readings
    {
        get
        {
            lock (_gate)
            {
                return [.. _readings];
            }
        }
    }

    private async Task PollAsync(Kubernetes client, string ns, string name)
    {
        while (!_stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var endpoints = await client.CoreV1.ReadNamespacedEndpointsAsync(name, ns, cancellationToken: _stop.Token);
                var leader = endpoints.Metadata.Annotations?.TryGetValue("leader", out var holder) == true ? holder : null;
                IReadOnlyList<string> addresses = [.. (endpoints.Subsets ?? []).SelectMany(s => s.Addresses ?? []).Select(a => a.Ip)];
                lock (_gate)
                {
                    _readings.Add(new Reading(started, leader, addresses));
                }
            }
            catch (HttpOperationException)
            {
                // Gone for a moment (a deleted Service's Endpoints): the next reading tells.
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                // The API server is busy; the next reading tells.
            }

            var left = PrimaryProbe.Interval - Stopwatch.GetElapsedTime(started);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        _stop.Dispose();
    }
}
