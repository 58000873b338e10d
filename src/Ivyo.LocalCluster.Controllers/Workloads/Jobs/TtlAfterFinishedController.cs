using Ivyo.ControllerRuntime.Controllers;
using Ivyo.LocalCluster.Controllers.Common;
using Ivyo.LocalCluster.Controllers.Hosting;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Workloads.Jobs;

/// <summary>
/// kube-controller-manager's <c>ttl-after-finished-controller</c>: a finished Job with <c>ttlSecondsAfterFinished</c>
/// is deleted (foreground, with its UID as precondition) that many seconds after its Complete or Failed condition's
/// transition; the Job is re-read from the API server first, so a changed TTL is honoured.
/// </summary>
internal sealed class TtlAfterFinishedController(ControllerContext context) : IReconciler
{
    public const string Name = "ttl-after-finished-controller";

    private readonly ILogger _logger = context.Logger<TtlAfterFinishedController>();

    public static IManagedController Create(ControllerContext context)
    {
        var controller = QueuedController.Create(context, Name, new TtlAfterFinishedController(context), context.Informers.Jobs);
        context.Informers.Jobs.Untyped.AddEventHandler(EnqueueHandlers.ForObject(controller.Inner.Queue));
        return controller;
    }

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var job = context.Informers.Jobs.Get(key);
        if (job is null || Remaining(job) is not { } remaining)
        {
            return ReconcileResult.Done;
        }

        if (remaining > TimeSpan.Zero)
        {
            return ReconcileResult.After(remaining);
        }

        V1Job fresh;
        try
        {
            fresh = await context.Client.BatchV1.ReadNamespacedJobAsync(job.Metadata.Name, job.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (ApiErrors.IsNotFound(e))
        {
            return ReconcileResult.Done;
        }

        if (Remaining(fresh) is not { } left)
        {
            return ReconcileResult.Done;
        }

        if (left > TimeSpan.Zero)
        {
            return ReconcileResult.After(left);
        }

        JobLog.Expired(_logger, fresh.Metadata.Name);
        var options = new V1DeleteOptions { PropagationPolicy = "Foreground", Preconditions = new V1Preconditions { Uid = fresh.Metadata.Uid } };
        try
        {
            await context.Client.BatchV1.DeleteNamespacedJobAsync(fresh.Metadata.Name, fresh.Metadata.NamespaceProperty, options, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (ApiErrors.IsNotFound(e) || ApiErrors.IsConflict(e))
        {
        }

        return ReconcileResult.Done;
    }

    /// <summary>How long until the Job expires, or null if it never does (no TTL, not finished, being deleted).</summary>
    private TimeSpan? Remaining(V1Job job)
    {
        if (job.Spec.TtlSecondsAfterFinished is not { } ttl || job.Metadata.DeletionTimestamp is not null
            || JobConditions.Finished(job) is not { LastTransitionTime: { } finished })
        {
            return null;
        }

        var expireAt = new DateTimeOffset(DateTime.SpecifyKind(finished, DateTimeKind.Utc)).AddSeconds(ttl);
        var left = expireAt - context.Time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
