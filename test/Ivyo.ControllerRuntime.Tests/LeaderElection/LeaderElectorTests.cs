using System.Collections.Concurrent;
using System.Diagnostics;
using Ivyo.ControllerRuntime.LeaderElection;
using Ivyo.ControllerRuntime.Tests.Support;
using k8s;
using k8s.Models;

namespace Ivyo.ControllerRuntime.Tests.LeaderElection;

public sealed class LeaderElectorTests
{
    private const string LeaseName = "ivyo-operator";
    private static readonly TimeSpan s_leaseDuration = TimeSpan.FromSeconds(3);

    /// <summary>Counts how many candidates lead at once.</summary>
    private sealed class Leadership
    {
        private int _leaders;
        private int _most;

        public int Most => Volatile.Read(ref _most);

        public void Started()
        {
            var now = Interlocked.Increment(ref _leaders);
            int most;
            do
            {
                most = Volatile.Read(ref _most);
            }
            while (now > most && Interlocked.CompareExchange(ref _most, now, most) != most);
        }

        public void Stopped() => Interlocked.Decrement(ref _leaders);
    }

    private sealed class Candidate : IDisposable
    {
        private volatile bool _leading;
        private volatile bool _stoppedLeading;

        public Candidate(IKubernetes client, string ns, string identity, Leadership leadership, bool releaseOnCancel = true)
        {
            Identity = identity;
            Elector = new LeaderElector(client, new LeaderElectionOptions
            {
                LeaseNamespace = ns,
                LeaseName = LeaseName,
                Identity = identity,
                LeaseDuration = s_leaseDuration,
                RenewDeadline = TimeSpan.FromSeconds(2),
                RetryPeriod = TimeSpan.FromMilliseconds(200),
                ReleaseOnCancel = releaseOnCancel,
                OnStartedLeading = async ct =>
                {
                    leadership.Started();
                    _leading = true;
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct);
                    }
                    finally
                    {
                        _leading = false;
                        leadership.Stopped();
                    }
                },
                OnStoppedLeading = () => _stoppedLeading = true,
                OnNewLeader = NewLeaders.Enqueue,
            });
            Run = Elector.RunAsync(Stop.Token);
        }

        public string Identity { get; }

        public LeaderElector Elector { get; }

        public CancellationTokenSource Stop { get; } = new();

        public Task Run { get; }

        public bool Leading => _leading;

        public bool StoppedLeading => _stoppedLeading;

        public ConcurrentQueue<string> NewLeaders { get; } = new();

        public async Task StopAsync()
        {
            await Stop.CancelAsync();
            await Run.WaitAsync(TimeSpan.FromSeconds(10));
        }

        public void Dispose() => Stop.Dispose();
    }

    private static async Task<V1Lease> LeaseAsync(TestCluster cluster, string ns) => await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, ns);

    [Fact]
    public async Task Two_candidates_on_one_lease_only_one_leads_and_the_standby_takes_over_at_once_when_the_leader_releases()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ns = await cluster.CreateNamespaceAsync();
        var leadership = new Leadership();
        using var a = new Candidate(cluster.Client, ns, "a", leadership);
        using var b = new Candidate(cluster.Client, ns, "b", leadership);

        await Eventually.TrueAsync(() => a.Leading || b.Leading, "a leader");
        var (leader, standby) = a.Leading ? (a, b) : (b, a);
        var firstRenew = (await LeaseAsync(cluster, ns)).Spec.RenewTime!.Value;
        await Eventually.TrueAsync(
            () => LeaseAsync(cluster, ns).GetAwaiter().GetResult().Spec.RenewTime > firstRenew.AddSeconds(1), "renewals over a second");

        var lease = await LeaseAsync(cluster, ns);
        Assert.Equal(leader.Identity, lease.Spec.HolderIdentity);
        Assert.False(standby.Leading);
        Assert.True(leader.Elector.IsLeader);
        Assert.False(standby.Elector.IsLeader);
        Assert.Equal(leader.Identity, standby.Elector.Leader);
        Assert.Equal([leader.Identity], standby.NewLeaders);

        var stopwatch = Stopwatch.StartNew();
        await leader.StopAsync();
        Assert.True(leader.StoppedLeading);
        await Eventually.TrueAsync(() => standby.Leading, "the standby to lead");
        Assert.True(stopwatch.Elapsed < s_leaseDuration - TimeSpan.FromSeconds(1), $"took over after {stopwatch.Elapsed}, not at once");

        lease = await LeaseAsync(cluster, ns);
        Assert.Equal(standby.Identity, lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
        Assert.Equal([leader.Identity, standby.Identity], standby.NewLeaders);
        Assert.Equal(1, leadership.Most);
        await standby.StopAsync();
    }

    [Fact]
    public async Task The_standby_takes_over_only_after_the_lease_duration_when_the_leader_dies_without_releasing()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ns = await cluster.CreateNamespaceAsync();
        var leadership = new Leadership();
        using var a = new Candidate(cluster.Client, ns, "a", leadership, releaseOnCancel: false);
        await Eventually.TrueAsync(() => a.Leading, "the first candidate to lead");
        using var b = new Candidate(cluster.Client, ns, "b", leadership, releaseOnCancel: false);
        await Eventually.TrueAsync(() => b.Elector.Leader == "a", "the standby to observe the leader");

        // Dying: it stops renewing and leaves the lease as it was.
        var stopwatch = Stopwatch.StartNew();
        await a.StopAsync();
        Assert.Equal("a", (await LeaseAsync(cluster, ns)).Spec.HolderIdentity);
        await Eventually.TrueAsync(() => b.Leading, "the standby to lead");

        // The standby saw the last renewal at most a retry period (plus jitter) before the leader stopped.
        Assert.True(stopwatch.Elapsed > s_leaseDuration - TimeSpan.FromMilliseconds(600), $"took over after {stopwatch.Elapsed}, before the lease expired");
        Assert.Equal("b", (await LeaseAsync(cluster, ns)).Spec.HolderIdentity);
        Assert.Equal(1, leadership.Most);
        await b.StopAsync();
    }

    [Fact]
    public async Task Expiry_is_judged_by_the_local_observation_so_a_holder_with_a_skewed_clock_keeps_the_lease_while_it_renews()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ns = await cluster.CreateNamespaceAsync();
        var skewed = DateTime.UtcNow.AddHours(-1);
        await cluster.Client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = LeaseName },
                Spec = new V1LeaseSpec { HolderIdentity = "ghost", LeaseDurationSeconds = 3, AcquireTime = skewed, RenewTime = skewed },
            },
            ns);
        var leadership = new Leadership();
        using var candidate = new Candidate(cluster.Client, ns, "candidate", leadership);
        await Eventually.TrueAsync(() => candidate.Elector.Leader == "ghost", "the candidate to observe the ghost");

        // The ghost renews for longer than the lease duration, its renewTime always an hour behind.
        var lastRenewal = Stopwatch.StartNew();
        for (var i = 1; i <= 10; i++)
        {
            var lease = await LeaseAsync(cluster, ns);
            lease.Spec.RenewTime = skewed.AddSeconds(i);
            await cluster.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, LeaseName, ns);
            lastRenewal.Restart();
            await Eventually.TrueAsync(() => lastRenewal.Elapsed > TimeSpan.FromMilliseconds(500), "half a second");
            Assert.False(candidate.Leading, $"the candidate took the lease after the ghost's renewal {i}");
        }

        await Eventually.TrueAsync(() => candidate.Leading, "the candidate to lead once the ghost stopped");
        Assert.True(lastRenewal.Elapsed > s_leaseDuration - TimeSpan.FromMilliseconds(600), $"took over {lastRenewal.Elapsed} after the last renewal");
        await candidate.StopAsync();
    }
}
