using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ivyo.ControllerRuntime.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, as client-go's <c>leaderelection.LeaderElector</c>:
/// <list type="bullet">
/// <item>a candidate takes the lease when it does not exist, has no holder, or has not changed for the lease duration —
/// measured on this candidate's own clock from when it last observed a change of the lease's record (client-go's
/// <c>observedTime</c>), never by comparing the lease's renewTime with the local clock, so clock skew between
/// candidates does not matter;</item>
/// <item>every write is a replace carrying the resourceVersion read, so two candidates never both win;</item>
/// <item>the leader renews every retry period and gives up leadership when no renew succeeded for the renew deadline;</item>
/// <item>when cancelled, the leader first lets its work stop, then (with <see cref="LeaderElectionOptions.ReleaseOnCancel"/>)
/// empties the holder and sets a 1-second duration, so that a standby takes over at once.</item>
/// </list>
/// </summary>
public sealed class LeaderElector(IKubernetes client, LeaderElectionOptions options, ILogger<LeaderElector>? logger = null)
{
    private const double JitterFactor = 1.2;

    private readonly ILogger _logger = logger ?? NullLogger<LeaderElector>.Instance;
    private readonly TimeProvider _time = options.Time;
    private LeaseRecord? _observedRecord;
    private long _observedTimestamp;
    private string _reportedLeader = "";
    private volatile bool _isLeader;
    private volatile string _leader = "";

    /// <summary>Whether this candidate holds the lease now.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>The holder this candidate last observed (empty when none).</summary>
    public string Leader => _leader;

    /// <summary>
    /// Campaigns until leading, leads until the lease is lost or <paramref name="cancellationToken"/> is cancelled, then
    /// returns (like client-go's <c>Run</c>, it does not campaign again: restart the process, or call again).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await AcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        _isLeader = true;
        options.Metrics?.LeadingChanged(options.LeaseName, 1);
        LeaderElectionLog.Acquired(_logger, options.Identity, options.LeaseNamespace, options.LeaseName);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = options.OnStartedLeading is { } started ? Task.Run(() => started(leading.Token), CancellationToken.None) : Task.CompletedTask;
        try
        {
            await RenewAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await leading.CancelAsync().ConfigureAwait(false);
            try
            {
                await work.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (leading.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                LeaderElectionLog.WorkFailed(_logger, e, options.Identity);
            }

            if (options.ReleaseOnCancel && cancellationToken.IsCancellationRequested)
            {
                await ReleaseAsync().ConfigureAwait(false);
            }

            _isLeader = false;
            options.Metrics?.LeadingChanged(options.LeaseName, -1);
            options.OnStoppedLeading?.Invoke();
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await TryAcquireOrRenewSafelyAsync(cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            var delay = options.RetryPeriod * (1 + (Random.Shared.NextDouble() * JitterFactor));
            if (!await DelayAsync(delay, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Renews every retry period; returns when a renew kept failing for the renew deadline, or when cancelled.</summary>
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        while (await DelayAsync(options.RetryPeriod, cancellationToken).ConfigureAwait(false))
        {
            var renewed = false;
            using var timeout = new CancellationTokenSource(options.RenewDeadline, _time);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            while (!attempt.IsCancellationRequested)
            {
                renewed = await TryAcquireOrRenewSafelyAsync(attempt.Token).ConfigureAwait(false);
                if (renewed || !await DelayAsync(options.RetryPeriod, attempt.Token).ConfigureAwait(false))
                {
                    break;
                }
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (!renewed)
            {
                LeaderElectionLog.Lost(_logger, options.Identity, options.LeaseNamespace, options.LeaseName);
                return;
            }
        }
    }

    private async Task<bool> TryAcquireOrRenewSafelyAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e)
        {
            LeaderElectionLog.AttemptFailed(_logger, e, options.Identity, options.LeaseNamespace, options.LeaseName);
            return false;
        }
        finally
        {
            ReportLeader();
        }
    }

    /// <summary>One round of client-go's <c>tryAcquireOrRenew</c>.</summary>
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var durationSeconds = (int)Math.Ceiling(options.LeaseDuration.TotalSeconds);
        V1Lease lease;
        try
        {
            lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(options.LeaseName, options.LeaseNamespace, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            var fresh = new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = options.LeaseName, NamespaceProperty = options.LeaseNamespace },
                Spec = new V1LeaseSpec
                {
                    HolderIdentity = options.Identity,
                    LeaseDurationSeconds = durationSeconds,
                    AcquireTime = now,
                    RenewTime = now,
                    LeaseTransitions = 0,
                },
            };
            return await WriteAsync(() => client.CoordinationV1.CreateNamespacedLeaseAsync(fresh, options.LeaseNamespace, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
        }

        var record = LeaseRecord.From(lease);
        Observe(record);
        var heldByOther = record.Holder.Length > 0 && record.Holder != options.Identity;
        if (heldByOther && _time.GetElapsedTime(_observedTimestamp) < TimeSpan.FromSeconds(record.DurationSeconds))
        {
            return false;
        }

        var mine = record.Holder == options.Identity;
        lease.Spec ??= new V1LeaseSpec();
        lease.Spec.HolderIdentity = options.Identity;
        lease.Spec.LeaseDurationSeconds = durationSeconds;
        lease.Spec.RenewTime = now;
        lease.Spec.AcquireTime = mine ? record.AcquireTime : now;
        lease.Spec.LeaseTransitions = mine ? record.Transitions : record.Transitions + 1;
        return await WriteAsync(() => client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.LeaseName, options.LeaseNamespace, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
    }

    /// <summary>Creates or replaces the lease; a conflict (409, someone else wrote first) means not acquired.</summary>
    private async Task<bool> WriteAsync(Func<Task<V1Lease>> write)
    {
        try
        {
            Observe(LeaseRecord.From(await write().ConfigureAwait(false)));
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>Empties the holder and shortens the duration to a second, if this candidate still holds the lease.</summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(options.RenewDeadline, _time);
        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(options.LeaseName, options.LeaseNamespace, cancellationToken: timeout.Token)
                .ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != options.Identity)
            {
                return;
            }

            var now = _time.GetUtcNow().UtcDateTime;
            lease.Spec.HolderIdentity = "";
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = now;
            lease.Spec.AcquireTime = now;
            var released = await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.LeaseName, options.LeaseNamespace, cancellationToken: timeout.Token)
                .ConfigureAwait(false);
            Observe(LeaseRecord.From(released));
            LeaderElectionLog.Released(_logger, options.Identity, options.LeaseNamespace, options.LeaseName);
        }
        catch (Exception e)
        {
            LeaderElectionLog.ReleaseFailed(_logger, e, options.Identity, options.LeaseNamespace, options.LeaseName);
        }
    }

    private void Observe(LeaseRecord record)
    {
        if (record != _observedRecord)
        {
            _observedRecord = record;
            _observedTimestamp = _time.GetTimestamp();
        }

        _leader = record.Holder;
    }

    private void ReportLeader()
    {
        var holder = _leader;
        if (holder.Length == 0 || holder == _reportedLeader)
        {
            return;
        }

        _reportedLeader = holder;
        LeaderElectionLog.NewLeader(_logger, options.LeaseNamespace, options.LeaseName, holder);
        options.OnNewLeader?.Invoke(holder);
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
