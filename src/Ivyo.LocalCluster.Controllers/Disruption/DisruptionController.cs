using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.LocalCluster.Controllers.Common;
using Ivyo.LocalCluster.Controllers.Hosting;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Disruption;

/// <summary>
/// kube-controller-manager's <c>disruption-controller</c>: a PodDisruptionBudget is synced when it changes, when a pod
/// its selector matches changes, and when a StatefulSet of its namespace is scaled. See <see cref="DisruptionReconciler"/>.
/// </summary>
internal static class DisruptionController
{
    public const string Name = "disruption-controller";

    public static IManagedController Create(ControllerContext context)
    {
        var informers = context.Informers;
        var controller = QueuedController.Create(context, Name, new DisruptionReconciler(context), informers.PodDisruptionBudgets, informers.Pods);
        var queue = controller.Inner.Queue;
        informers.PodDisruptionBudgets.Untyped.AddEventHandler(EnqueueHandlers.ForObject(queue));
        void EnqueueBudgets(string ns, Func<V1PodDisruptionBudget, bool> matches)
        {
            foreach (var pdb in informers.PodDisruptionBudgets.ByIndex(IndexFunctions.NamespaceIndex, ns).Where(matches))
            {
                queue.Add(ObjectKeys.Of(pdb.Metadata.NamespaceProperty, pdb.Metadata.Name));
            }
        }

        informers.Pods.AddEventHandler(new ResourceEventHandler<V1Pod>
        {
            Added = pod => EnqueueBudgets(pod.Metadata.NamespaceProperty, pdb => LabelSelectors.Matches(pdb.Spec.Selector, pod.Metadata.Labels)),
            Updated = (oldPod, pod) => EnqueueBudgets(pod.Metadata.NamespaceProperty,
                pdb => LabelSelectors.Matches(pdb.Spec.Selector, pod.Metadata.Labels) || LabelSelectors.Matches(pdb.Spec.Selector, oldPod.Metadata.Labels)),
            Deleted = pod => EnqueueBudgets(pod.Metadata.NamespaceProperty, pdb => LabelSelectors.Matches(pdb.Spec.Selector, pod.Metadata.Labels)),
        });
        informers.StatefulSets.Untyped.AddEventHandler(ResourceEventHandler.ForAll(obj => EnqueueBudgets(Metadata.Namespace(obj), _ => true)));
        return controller;
    }
}
