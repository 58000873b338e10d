using System.Text.Json.Nodes;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Controllers.Workloads.Shared;

namespace Ivyo.LocalCluster.Controllers.Workloads.Jobs;

/// <summary>
/// kube-controller-manager's <c>job-controller</c>: a Job is synced when it changes and when one of its pods (or an
/// orphan it could adopt) changes; a pod losing its tracking finalizer, or going away, meets the finalizer expectations
/// (see <see cref="JobReconciler"/>).
/// </summary>
internal static class JobController
{
    public const string Name = "job-controller";

    public static IManagedController Create(ControllerContext context)
    {
        var informers = context.Informers;
        var expectations = new ControllerExpectations(context.Time);
        var removals = new FinalizerRemovals();
        var controller = QueuedController.Create(context, Name,
            new JobReconciler(context, expectations, removals, new JobBackoff(context.Time)), informers.Jobs, informers.Pods);
        var queue = controller.Inner.Queue;
        informers.Jobs.Untyped.AddEventHandler(EnqueueHandlers.ForObject(queue));
        informers.Pods.Untyped.AddEventHandler(new DependentEventHandler(queue, "batch", "Job", SelectingOwners.In(informers.Jobs.Untyped), expectations));
        informers.Pods.Untyped.AddEventHandler(new ResourceEventHandler
        {
            Updated = (_, pod) =>
            {
                if (!HasTrackingFinalizer(pod) && JobKey(pod) is { } key)
                {
                    removals.Observed(key, Metadata.Uid(pod));
                }
            },
            Deleted = pod =>
            {
                if (JobKey(pod) is { } key)
                {
                    removals.Observed(key, Metadata.Uid(pod));
                }
            },
        });
        return controller;
    }

    private static string? JobKey(JsonObject pod) =>
        Metadata.Controller(pod) is { Kind: "Job" } owner && owner.Group == "batch" ? ObjectKeys.Of(Metadata.Namespace(pod), owner.Name) : null;

    private static bool HasTrackingFinalizer(JsonObject pod) =>
        pod["metadata"]?["finalizers"] is JsonArray finalizers && finalizers.Any(f => (string?)f == JobPods.TrackingFinalizer);
}
