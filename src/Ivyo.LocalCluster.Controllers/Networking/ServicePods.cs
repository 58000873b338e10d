using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.ControllerRuntime.Queues;
using Ivyo.LocalCluster.Controllers.Common;
using Ivyo.LocalCluster.Controllers.Hosting;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Networking;

/// <summary>
/// What the Endpoints and EndpointSlice controllers share (pkg/controller/util/endpoint and endpointslice/util): the
/// pods a Service selects, whether a pod belongs in its endpoints (<c>ShouldPodBeInEndpoints</c>), a port's number
/// on a pod (<c>podutil.FindPort</c>), and the handler that wakes the Services whose selector matches a changed pod.
/// </summary>
internal static class ServicePods
{
    /// <summary>The pods of the Service's namespace its selector matches.</summary>
    public static IEnumerable<V1Pod> Selected(SharedInformers informers, V1Service service) =>
        informers.Pods.ByIndex(IndexFunctions.NamespaceIndex, service.Metadata.NamespaceProperty)
            .Where(p => LabelSelectors.Matches(service.Spec.Selector!, p.Metadata.Labels));

    /// <summary>
    /// Whether a pod is an endpoint: it has an IP, has not finished (Succeeded/Failed), and is not terminating unless
    /// <paramref name="includeTerminating"/>.
    /// </summary>
    public static bool ShouldBeEndpoint(V1Pod pod, bool includeTerminating) =>
        !string.IsNullOrEmpty(pod.Status?.PodIP)
        && !PodStates.IsFailed(pod) && !PodStates.IsSucceeded(pod)
        && (includeTerminating || !PodStates.IsTerminating(pod));

    /// <summary>The pod's port for <paramref name="servicePort"/>: a numeric targetPort as is, a named one from the containers' ports.</summary>
    public static int? FindPort(V1Pod pod, V1ServicePort servicePort)
    {
        var target = servicePort.TargetPort?.Value;
        if (string.IsNullOrEmpty(target))
        {
            return servicePort.Port;
        }

        if (int.TryParse(target, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        var protocol = servicePort.Protocol ?? "TCP";
        return pod.Spec.Containers.Concat(pod.Spec.InitContainers ?? [])
            .SelectMany(c => c.Ports ?? [])
            .FirstOrDefault(p => p.Name == target && (p.Protocol ?? "TCP") == protocol)?.ContainerPort;
    }

    /// <summary>The hostname of an endpoint: the pod's hostname when its subdomain is the Service (headless DNS).</summary>
    public static string? Hostname(V1Pod pod, V1Service service) =>
        !string.IsNullOrEmpty(pod.Spec.Hostname) && pod.Spec.Subdomain == service.Metadata.Name && pod.Metadata.NamespaceProperty == service.Metadata.NamespaceProperty
            ? pod.Spec.Hostname
            : null;

    /// <summary>A reference to the pod.</summary>
    public static V1ObjectReference TargetRef(V1Pod pod) => new()
    {
        Kind = "Pod",
        NamespaceProperty = pod.Metadata.NamespaceProperty,
        Name = pod.Metadata.Name,
        Uid = pod.Metadata.Uid,
    };

    /// <summary>Enqueues, for a changed pod, every Service of its namespace whose selector matches its old or new labels.</summary>
    public static void EnqueueServicesOfPods(SharedInformers informers, WorkQueue<string> queue)
    {
        void Enqueue(V1Pod pod, V1Pod? other)
        {
            foreach (var service in informers.Services.ByIndex(IndexFunctions.NamespaceIndex, pod.Metadata.NamespaceProperty))
            {
                if (service.Spec?.Selector is { } selector
                    && (LabelSelectors.Matches(selector, pod.Metadata.Labels) || (other is not null && LabelSelectors.Matches(selector, other.Metadata.Labels))))
                {
                    queue.Add(ObjectKeys.Of(service.Metadata.NamespaceProperty, service.Metadata.Name));
                }
            }
        }

        informers.Pods.AddEventHandler(new ResourceEventHandler<V1Pod>
        {
            Added = pod => Enqueue(pod, null),
            Updated = (oldPod, newPod) => Enqueue(newPod, oldPod),
            Deleted = pod => Enqueue(pod, null),
        });
    }
}
