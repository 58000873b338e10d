using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Controllers.Workloads.Shared;

namespace Ivyo.LocalCluster.Controllers.Workloads.Deployments;

/// <summary>
/// kube-controller-manager's <c>deployment-controller</c>: a Deployment is synced when it changes, when a ReplicaSet it
/// controls (or an orphan it could adopt) changes, and when a pod of one of its ReplicaSets is deleted (a Recreate
/// rollout waits for the old pods to be gone). See <see cref="DeploymentReconciler"/>.
/// </summary>
internal static class DeploymentController
{
    public const string Name = "deployment-controller";

    public static IManagedController Create(ControllerContext context)
    {
        var informers = context.Informers;
        var controller = QueuedController.Create(context, Name, new DeploymentReconciler(context), informers.Deployments, informers.ReplicaSets, informers.Pods);
        var queue = controller.Inner.Queue;
        informers.Deployments.Untyped.AddEventHandler(EnqueueHandlers.ForObject(queue));
        informers.ReplicaSets.Untyped.AddEventHandler(new DependentEventHandler(queue, "apps", "Deployment", SelectingOwners.In(informers.Deployments.Untyped)));
        informers.Pods.Untyped.AddEventHandler(new ResourceEventHandler
        {
            Deleted = pod =>
            {
                if (Metadata.Controller(pod) is { Kind: "ReplicaSet" } owner
                    && informers.ReplicaSets.Untyped.Cache.Get(ObjectKeys.Of(Metadata.Namespace(pod), owner.Name)) is { } rs
                    && Metadata.Controller(rs) is { Kind: "Deployment" } deployment)
                {
                    queue.Add(ObjectKeys.Of(Metadata.Namespace(pod), deployment.Name));
                }
            },
        });
        return controller;
    }
}
