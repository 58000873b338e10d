using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Controllers.Workloads.Shared;

namespace Ivyo.LocalCluster.Controllers.Workloads.ReplicaSets;

/// <summary>
/// kube-controller-manager's <c>replicaset-controller</c>: a ReplicaSet is synced when it changes and when a pod it
/// controls, or an orphan it could adopt, changes (see <see cref="ReplicaSetReconciler"/>).
/// </summary>
internal static class ReplicaSetController
{
    public const string Name = "replicaset-controller";

    public static IManagedController Create(ControllerContext context)
    {
        var informers = context.Informers;
        var expectations = new ControllerExpectations(context.Time);
        var controller = QueuedController.Create(context, Name, new ReplicaSetReconciler(context, expectations), informers.ReplicaSets, informers.Pods);
        var queue = controller.Inner.Queue;
        informers.ReplicaSets.Untyped.AddEventHandler(Ivyo.ControllerRuntime.Controllers.EnqueueHandlers.ForObject(queue));
        informers.Pods.Untyped.AddEventHandler(new DependentEventHandler(
            queue, "apps", "ReplicaSet", SelectingOwners.In(informers.ReplicaSets.Untyped), expectations));
        return controller;
    }
}
