using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.LocalCluster.Controllers.Hosting;

namespace Ivyo.LocalCluster.Controllers.Networking;

/// <summary>
/// kube-controller-manager's <c>endpoints-controller</c>: a Service is synced when it changes, when a pod its selector
/// matches changes, and when its Endpoints change (so a hand edit is put right).
/// Endpoints without a known Service are never enqueued, so they are not deleted (a deviation from
/// <c>checkLeftoverEndpoints</c> that protects records such as Patroni's). See <see cref="EndpointsReconciler"/>.
/// </summary>
internal static class EndpointsController
{
    public const string Name = "endpoints-controller";

    public static IManagedController Create(ControllerContext context)
    {
        var informers = context.Informers;
        var controller = QueuedController.Create(context, Name, new EndpointsReconciler(context), informers.Services, informers.Pods, informers.Endpoints);
        var queue = controller.Inner.Queue;
        informers.Services.Untyped.AddEventHandler(EnqueueHandlers.ForObject(queue));
        // Only Endpoints of a known Service: Endpoints without one (leader records, say) are never touched. Endpoints
        // are deleted when their Service's deletion is seen, not swept at start as checkLeftoverEndpoints does.
        informers.Endpoints.Untyped.AddEventHandler(ResourceEventHandler.ForAll(obj =>
        {
            var key = ObjectKeys.Of(obj);
            if (informers.Services.Untyped.Cache.Get(key) is not null)
            {
                queue.Add(key);
            }
        }));
        ServicePods.EnqueueServicesOfPods(informers, queue);
        return controller;
    }
}
