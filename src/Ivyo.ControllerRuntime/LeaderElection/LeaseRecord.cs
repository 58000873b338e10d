using k8s.Models;

namespace Ivyo.ControllerRuntime.LeaderElection;

/// <summary>The election fields of a Lease's spec, client-go's <c>LeaderElectionRecord</c>; compared whole to notice any change.</summary>
internal sealed record LeaseRecord(string Holder, int DurationSeconds, DateTime? AcquireTime, DateTime? RenewTime, int Transitions)
{
    public static LeaseRecord From(V1Lease lease) => new(
        lease.Spec?.HolderIdentity ?? "",
        lease.Spec?.LeaseDurationSeconds ?? 0,
        lease.Spec?.AcquireTime,
        lease.Spec?.RenewTime,
        lease.Spec?.LeaseTransitions ?? 0);
}
