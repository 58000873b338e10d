using Ivyo.ControllerRuntime.Controllers;
using Ivyo.LocalCluster.Controllers.Hosting;

namespace Ivyo.LocalCluster.Controllers.Networking;

/// <summary>
/// kube-controller-manager's <c>endpointslice-controller</c>: a Service is synced when it changes, when a pod its
/// selector matches changes, and when one of its slices changes. See <see cref="EndpointSliceReconciler"/>.
/// </summary>
internal static class EndpointSliceController
{
    public const string Name = "endpointslice-controller";

    public static IManagedController Create(ControllerContext context)
    {
        var informers = context.Informers;
        var controller = QueuedController.Create(context, Name, new EndpointSliceReconciler(context), informers.Services, informers.Pods, informers.EndpointSlices);
        var queue = controller.Inner.Queue;
        informers.Services.Untyped.AddEventHandler(EnqueueHandlers.ForObject(queue));
        informers.EndpointSlices.Untyped.AddEventHandler(EnqueueHandlers.ForControllerOwner(queue, "v1", "Service"));
        ServicePods.EnqueueServicesOfPods(informers, queue);
        return controller;
    }
}
