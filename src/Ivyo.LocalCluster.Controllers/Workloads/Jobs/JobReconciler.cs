using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.LocalCluster.Controllers.Common;
using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Controllers.Workloads.Shared;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Workloads.Jobs;

/// <summary>
/// One sync of a Job, as pkg/controller/job's <c>syncJob</c> with finalizer tracking (Kubernetes 1.32): pods are
/// created with the <c>batch.kubernetes.io/job-tracking</c> finalizer; a finished pod (Succeeded; Failed, or deleted
/// before it succeeded) is first recorded in <c>status.uncountedTerminatedPods</c>, then loses its finalizer, then is
/// moved into <c>succeeded</c>/<c>failed</c>. More failures than <c>backoffLimit</c> (or, under restartPolicy OnFailure,
/// as many container restarts), or a passed <c>activeDeadlineSeconds</c>, set FailureTarget and delete the active
/// pods; enough successes set SuccessCriteriaMet; once no pod is left running, Failed or Complete follows (with
/// completionTime on success). Between, the Job keeps <c>min(parallelism, completions - succeeded)</c> pods active,
/// replacing failed ones after the pod failure back-off. Finished Jobs, Jobs being deleted and Jobs gone only release
/// their pods' finalizers.
/// </summary>
internal sealed class JobReconciler(ControllerContext context, ControllerExpectations expectations, FinalizerRemovals removals, JobBackoff backoff) : IReconciler
{
    /// <summary>At most this many pods are created or deleted in one sync (<c>MaxPodCreateDeletePerSync</c>).</summary>
    private const int MaxPodCreateDeletePerSync = 500;

    private readonly ILogger _logger = context.Logger<JobReconciler>();
    private Kubernetes Client => context.Client;

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var job = context.Informers.Jobs.Get(key);
        await ReleaseStrayPodsAsync(key, job, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            expectations.Forget(key);
            removals.Forget(key);
            backoff.Forget(key);
            return ReconcileResult.Done;
        }

        var owned = context.Informers.Pods.ByIndex(IndexFunctions.ControllerUidIndex, job.Metadata.Uid);
        if (JobConditions.IsFinished(job) || job.Metadata.DeletionTimestamp is not null)
        {
            await RemoveFinalizersAsync(key, owned.Where(JobPods.HasFinalizer), cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        if (!expectations.Satisfied(key))
        {
            return ReconcileResult.Done;
        }

        try
        {
            return await SyncAsync(key, job, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (ApiErrors.IsConflict(e))
        {
            return ReconcileResult.RequeueWithBackoff;
        }
    }

    private async Task<ReconcileResult> SyncAsync(string key, V1Job job, CancellationToken cancellationToken)
    {
        var ns = job.Metadata.NamespaceProperty;
        var claims = new ControllerRefManager<V1Pod>(job, "batch/v1", "Job", job.Spec.Selector, ReadOwnerAsync,
            (pod, patch) => Client.CoreV1.PatchNamespacedPodAsync(patch, pod.Metadata.Name, ns, cancellationToken: cancellationToken));
        var pods = await claims.ClaimAsync(context.Informers.Pods.ByIndex(IndexFunctions.NamespaceIndex, ns)).ConfigureAwait(false);
        var now = context.Time.GetUtcNow();
        var status = job.Status is null ? new V1JobStatus() : ObjectCopies.Copy(job.Status);
        var before = KubernetesJson.Serialize(status);

        // 1. Finished pods not yet counted are recorded as uncounted before their finalizers go.
        var uncounted = status.UncountedTerminatedPods ?? new V1UncountedTerminatedPods();
        var succeededUids = uncounted.Succeeded?.ToList() ?? [];
        var failedUids = uncounted.Failed?.ToList() ?? [];
        var newlySucceeded = 0;
        var newlyFailed = 0;
        foreach (var pod in pods.Where(JobPods.HasFinalizer))
        {
            var uid = pod.Metadata.Uid;
            if (removals.IsPending(key, uid) || succeededUids.Contains(uid) || failedUids.Contains(uid))
            {
                continue;
            }

            if (PodStates.IsSucceeded(pod))
            {
                succeededUids.Add(uid);
                newlySucceeded++;
            }
            else if (JobPods.IsFailed(pod, job))
            {
                failedUids.Add(uid);
                newlyFailed++;
            }
        }

        if (newlySucceeded + newlyFailed > 0)
        {
            backoff.Record(key, newlySucceeded, newlyFailed);
            status.UncountedTerminatedPods = new V1UncountedTerminatedPods { Succeeded = succeededUids, Failed = failedUids };
            job = await WriteStatusAsync(job, status, cancellationToken).ConfigureAwait(false);
        }

        // 2. Their finalizers are removed; 3. they are counted.
        var counted = succeededUids.Concat(failedUids).ToHashSet(StringComparer.Ordinal);
        await RemoveFinalizersAsync(key, pods.Where(p => counted.Contains(p.Metadata.Uid) && JobPods.HasFinalizer(p) && !removals.IsPending(key, p.Metadata.Uid)),
            cancellationToken).ConfigureAwait(false);
        status.Succeeded = (status.Succeeded ?? 0) + succeededUids.Count;
        status.Failed = (status.Failed ?? 0) + failedUids.Count;
        status.UncountedTerminatedPods = new V1UncountedTerminatedPods();

        var active = pods.Where(PodStates.IsActive).ToList();
        var terminating = pods.Count(JobPods.IsTerminating);
        var suspended = job.Spec.Suspend == true;
        TimeSpan? requeue = null;
        UpdateSuspension(status, suspended, now);

        // The interim condition, once set, decides; else the backoff limit, then the deadline.
        var failureTarget = JobConditions.True(status, JobConditions.FailureTarget);
        var successCriteria = JobConditions.True(status, JobConditions.SuccessCriteriaMet);
        if (failureTarget is null && successCriteria is null)
        {
            if (status.Failed > (job.Spec.BackoffLimit ?? 6) || JobPods.PastBackoffLimitOnFailure(job, pods))
            {
                failureTarget = JobConditions.New(JobConditions.FailureTarget, "True", JobConditions.BackoffLimitExceeded, JobConditions.BackoffLimitExceededMessage, now);
            }
            else if (PastActiveDeadline(job, status, now))
            {
                failureTarget = JobConditions.New(JobConditions.FailureTarget, "True", JobConditions.DeadlineExceeded, JobConditions.DeadlineExceededMessage, now);
            }
            else if (job.Spec.ActiveDeadlineSeconds is { } deadline && !suspended && status.StartTime is { } start)
            {
                requeue = Utc(start).AddSeconds(deadline) - now;
            }

            if (failureTarget is not null)
            {
                JobConditions.Set(status, failureTarget);
            }
        }

        if (failureTarget is not null || suspended)
        {
            var reason = failureTarget?.Reason ?? "suspended";
            terminating += await DeletePodsAsync(key, job, active, reason, cancellationToken).ConfigureAwait(false);
            active.Clear();
            status.Active = 0;
        }
        else if (successCriteria is null)
        {
            var (delta, wait) = await ManagePodsAsync(key, job, status, active, terminating, cancellationToken).ConfigureAwait(false);
            requeue = requeue is { } deadline && (wait is null || deadline < wait) ? deadline : wait;
            var activeCount = active.Count + delta;
            var complete = job.Spec.Completions is { } completions
                ? status.Succeeded >= completions && activeCount == 0
                : status.Succeeded > 0 && activeCount == 0;
            if (complete)
            {
                successCriteria = JobConditions.New(JobConditions.SuccessCriteriaMet, "True", JobConditions.CompletionsReached, JobConditions.CompletionsReachedMessage, now);
                JobConditions.Set(status, successCriteria);
            }

            status.Active = activeCount;
        }

        if (failureTarget is not null || successCriteria is not null)
        {
            status.Active = active.Count;
            if (terminating == 0 && active.Count == 0 && !pods.Any(p => JobPods.HasFinalizer(p) && !counted.Contains(p.Metadata.Uid)))
            {
                var interim = failureTarget ?? successCriteria!;
                var type = failureTarget is not null ? JobConditions.Failed : JobConditions.Complete;
                JobConditions.Set(status, JobConditions.New(type, "True", interim.Reason, interim.Message, now));
                if (failureTarget is null)
                {
                    status.CompletionTime = now.UtcDateTime;
                }

                JobLog.Finished(_logger, job.Metadata.Name, type, interim.Reason);
            }
        }

        status.Ready = active.Count(PodStates.IsReady);
        status.Terminating = terminating;
        if (KubernetesJson.Serialize(status) != before)
        {
            await WriteStatusAsync(job, status, cancellationToken).ConfigureAwait(false);
        }

        return requeue is { } delay ? ReconcileResult.After(delay < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : delay) : ReconcileResult.Done;

        async Task<IKubernetesObject<V1ObjectMeta>?> ReadOwnerAsync()
        {
            try
            {
                return await Client.BatchV1.ReadNamespacedJobAsync(job.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (ApiErrors.IsNotFound(e))
            {
                return null;
            }
        }
    }

    /// <summary>
    /// <c>manageJob</c>: deletes surplus active pods, or creates missing ones once the failure back-off has passed;
    /// returns the change in active pods and when to look again.
    /// </summary>
    private async Task<(int Delta, TimeSpan? Requeue)> ManagePodsAsync(string key, V1Job job, V1JobStatus status, List<V1Pod> active, int terminating, CancellationToken cancellationToken)
    {
        var parallelism = job.Spec.Parallelism ?? 1;
        var succeeded = status.Succeeded ?? 0;
        var want = job.Spec.Completions is { } completions
            ? Math.Clamp(completions - succeeded, 0, parallelism)
            : succeeded > 0 ? active.Count : parallelism;
        if (active.Count > want)
        {
            var victims = PodDeletionOrder.PodsToDelete(active, active, Math.Min(active.Count - want, MaxPodCreateDeletePerSync), context.Time.GetUtcNow());
            await DeletePodsAsync(key, job, [.. victims], "too many active pods", cancellationToken).ConfigureAwait(false);
            return (-victims.Count, null);
        }

        var missing = want - active.Count;
        if (JobPods.OnlyReplaceFailed(job))
        {
            missing -= terminating;
        }

        if (missing <= 0)
        {
            return (0, null);
        }

        var wait = backoff.Remaining(key);
        if (wait > TimeSpan.Zero)
        {
            return (0, wait);
        }

        var count = Math.Min(missing, MaxPodCreateDeletePerSync);
        JobLog.Creating(_logger, job.Metadata.Name, count, active.Count, want);
        expectations.ExpectCreations(key, count);
        var (created, error) = await PodWrites.CreateInBatchesAsync(Client, job.Metadata.NamespaceProperty, count, () => NewPod(job),
            () => expectations.CreationObserved(key), cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            throw error;
        }

        return (created, null);
    }

    private static V1Pod NewPod(V1Job job)
    {
        var pod = PodTemplates.NewPod(job.Spec.Template, job, "batch/v1", "Job");
        pod.Metadata.Finalizers = [.. pod.Metadata.Finalizers ?? [], JobPods.TrackingFinalizer];
        return pod;
    }

    /// <summary>Suspension (<c>Suspended</c> condition; startTime cleared when suspended, restarted when resumed).</summary>
    private static void UpdateSuspension(V1JobStatus status, bool suspended, DateTimeOffset now)
    {
        var condition = status.Conditions?.FirstOrDefault(c => c.Type == JobConditions.Suspended);
        if (suspended)
        {
            JobConditions.Set(status, JobConditions.New(JobConditions.Suspended, "True", "JobSuspended", "Job suspended", now));
            status.StartTime = null;
        }
        else
        {
            if (condition is { Status: "True" })
            {
                JobConditions.Set(status, JobConditions.New(JobConditions.Suspended, "False", "JobResumed", "Job resumed", now));
                status.StartTime = now.UtcDateTime;
            }

            status.StartTime ??= now.UtcDateTime;
        }
    }

    private static bool PastActiveDeadline(V1Job job, V1JobStatus status, DateTimeOffset now) =>
        job.Spec.ActiveDeadlineSeconds is { } deadline && job.Spec.Suspend != true && status.StartTime is { } start
        && now - Utc(start) >= TimeSpan.FromSeconds(deadline);

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    /// <summary>Deletes active pods; returns how many were deleted (they are terminating now).</summary>
    private async Task<int> DeletePodsAsync(string key, V1Job job, List<V1Pod> pods, string reason, CancellationToken cancellationToken)
    {
        if (pods.Count == 0)
        {
            return 0;
        }

        JobLog.Deleting(_logger, job.Metadata.Name, pods.Count, reason);
        expectations.ExpectDeletions(key, pods.Select(p => p.Metadata.Uid));
        var deleted = 0;
        foreach (var pod in pods)
        {
            try
            {
                if (await PodWrites.DeleteAsync(Client, pod, cancellationToken).ConfigureAwait(false))
                {
                    deleted++;
                }
                else
                {
                    expectations.DeletionObserved(key, pod.Metadata.Uid);
                }
            }
            catch
            {
                expectations.DeletionObserved(key, pod.Metadata.Uid);
                throw;
            }
        }

        return deleted;
    }

    /// <summary>Removes the tracking finalizer from <paramref name="pods"/>, expecting to see each change.</summary>
    private async Task RemoveFinalizersAsync(string key, IEnumerable<V1Pod> pods, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(
            KubernetesJson.Serialize(new Dictionary<string, object> { ["metadata"] = new Dictionary<string, object> { ["$deleteFromPrimitiveList/finalizers"] = new[] { JobPods.TrackingFinalizer } } }),
            V1Patch.PatchType.StrategicMergePatch);
        foreach (var pod in pods)
        {
            removals.Expect(key, pod.Metadata.Uid);
            try
            {
                await Client.CoreV1.PatchNamespacedPodAsync(patch, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (ApiErrors.IsNotFound(e))
            {
                removals.Observed(key, pod.Metadata.Uid);
            }
            catch
            {
                removals.Observed(key, pod.Metadata.Uid);
                throw;
            }
        }
    }

    /// <summary>Pods of an earlier Job of this name (or of one that is gone) keep no finalizer.</summary>
    private async Task ReleaseStrayPodsAsync(string key, V1Job? job, CancellationToken cancellationToken)
    {
        var (ns, name) = ObjectKeys.Split(key);
        var stray = context.Informers.Pods.ByIndex(IndexFunctions.NamespaceIndex, ns).Where(pod =>
            JobPods.HasFinalizer(pod)
            && OwnerReferences.Controller(pod.Metadata) is { Kind: "Job" } owner
            && owner.Name == name
            && owner.Uid != job?.Metadata.Uid
            && !removals.IsPending(key, pod.Metadata.Uid)).ToList();
        await RemoveFinalizersAsync(key, stray, cancellationToken).ConfigureAwait(false);
    }

    private async Task<V1Job> WriteStatusAsync(V1Job job, V1JobStatus status, CancellationToken cancellationToken)
    {
        job.Status = status;
        var updated = await Client.BatchV1.ReplaceNamespacedJobStatusAsync(job, job.Metadata.Name, job.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return updated;
    }
}
