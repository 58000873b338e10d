namespace Ivyo.Operator.Controllers.Instances;

/// <summary>What the rollout knows of one instance: its pod, and whether that pod runs the StatefulSet's current template.</summary>
/// <param name="Instance">The instance (StatefulSet) name.</param>
/// <param name="Pod">The pod's name.</param>
/// <param name="PodUid">The pod's UID, the precondition of its deletion.</param>
/// <param name="Primary">Whether Patroni labelled the pod the leader.</param>
/// <param name="Available">Whether the pod is Ready.</param>
/// <param name="Terminating">Whether the pod is being deleted (or might be: a StatefulSet with more than one pod).</param>
/// <param name="Outdated">
/// Whether the pod runs an older template: the StatefulSet's status is current for its generation and names an update
/// revision other than the pod's <c>controller-revision-hash</c>. Null when that is not known yet (the StatefulSet
/// controller has not observed the latest template).
/// </param>
internal sealed record RolloutInstance(string Instance, string Pod, string PodUid, bool Primary, bool Available, bool Terminating, bool? Outdated);

/// <summary>One thing the rollout does in a pass.</summary>
internal abstract record RolloutAction(RolloutInstance Target);

/// <summary>Delete the pod; its StatefulSet (strategy <c>OnDelete</c>) recreates it from the current template.</summary>
internal sealed record DeletePod(RolloutInstance Target) : RolloutAction(Target);

/// <summary>
/// Move the primary away first, with a Patroni switchover (to <paramref name="Candidate"/>'s pod when one is known);
/// once the old primary is a replica, a later pass deletes its pod.
/// </summary>
internal sealed record SwitchoverFirst(RolloutInstance Target, string? Candidate) : RolloutAction(Target);

/// <summary>
/// Which instance pods to redeploy now, as ivory-operator's <c>rolloutInstances</c>: only pods known to be outdated;
/// unavailable ones at once (they serve nothing), available ones one at a time while every specified instance is
/// available otherwise; replicas before the primary, and the primary through a switchover when there is another
/// instance to take over, so that a template change costs one planned switchover and no failover.
/// </summary>
internal static class RolloutPlan
{
    /// <summary>At most this many specified instances are unavailable because of the rollout.</summary>
    public const int MaxUnavailable = 1;

    /// <summary>The actions of this pass, in order.</summary>
    /// <param name="instances">The instances that belong to an instance set of the spec and have exactly one pod.</param>
    /// <param name="specified">The sum of <c>replicas</c> over the spec's instance sets.</param>
    public static IReadOnlyList<RolloutAction> Next(IReadOnlyList<RolloutInstance> instances, int specified)
    {
        var live = instances.Where(instance => !instance.Terminating).ToList();
        if (live.Any(instance => instance.Outdated is null))
        {
            // A template change that some StatefulSet has not observed yet: acting now could switch over to a replica
            // that is about to be rolled, or roll the primary before a replica. Its status update brings the next pass.
            return [];
        }

        // Never below zero: while a set scales down there may be more instances than specified.
        var unavailable = Math.Max(0, specified - live.Count(instance => instance.Available));
        var consider = live
            .Where(instance => instance.Outdated == true)
            .OrderBy(instance => instance.Available)
            .ThenBy(instance => instance.Primary)
            .ThenBy(instance => instance.Instance, StringComparer.Ordinal)
            .ToList();

        var actions = new List<RolloutAction>();
        foreach (var instance in consider)
        {
            if (!instance.Available)
            {
                actions.Add(Redeploy(instance, live));
            }
            else if (unavailable < MaxUnavailable)
            {
                actions.Add(Redeploy(instance, live));
                unavailable++;
            }
        }

        return actions;
    }

    private static RolloutAction Redeploy(RolloutInstance instance, List<RolloutInstance> live)
    {
        if (!instance.Primary || live.Count < 2)
        {
            return new DeletePod(instance);
        }

        // Prefer a replica that already runs the new template and is ready; else let Patroni choose.
        var candidate = live
            .Where(other => other != instance && other.Available && other.Outdated == false)
            .OrderBy(other => other.Instance, StringComparer.Ordinal)
            .FirstOrDefault();
        return new SwitchoverFirst(instance, candidate?.Pod);
    }
}
