using Ivyo.ControllerRuntime.Controllers;
using Ivyo.LocalCluster.Controllers.Hosting;

namespace Ivyo.LocalCluster.Controllers.Workloads.StatefulSets;

/// <summary>
/// kube-controller-manager's <c>statefulset-controller</c>: StatefulSets are synced when they change and when a pod
/// or ControllerRevision they control changes (see <see cref="StatefulSetReconciler"/>).
/// </summary>
internal static class StatefulSetController
{
    public const string Name = "statefulset-controller";

    public static IManagedController Create(ControllerContext context)
    {
        var informers = context.Informers;
        var controller = QueuedController.Create(context, Name, new StatefulSetReconciler(context),
            informers.StatefulSets, informers.Pods, informers.ControllerRevisions, informers.PersistentVolumeClaims);
        var queue = controller.Inner.Queue;
        informers.StatefulSets.Untyped.AddEventHandler(EnqueueHandlers.ForObject(queue));
        informers.Pods.Untyped.AddEventHandler(EnqueueHandlers.ForControllerOwner(queue, "apps/v1", "StatefulSet"));
        informers.ControllerRevisions.Untyped.AddEventHandler(EnqueueHandlers.ForControllerOwner(queue, "apps/v1", "StatefulSet"));
        return controller;
    }
}
