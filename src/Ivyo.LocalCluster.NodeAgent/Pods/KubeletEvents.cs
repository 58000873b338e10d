using System.Globalization;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Pods;

/// <summary>
/// The kubelet's Events on pods (Pulled, Created, Started, Killing, BackOff, FailedMount), as core/v1 Events with
/// <c>source.component: kubelet</c> and the node as host, so <c>kubectl describe pod</c> tells the story.
/// </summary>
public sealed class KubeletEvents(Kubernetes client, string nodeName, TimeProvider time, Microsoft.Extensions.Logging.ILogger logger)
{
    public async Task RecordAsync(V1Pod pod, string? container, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var name = $"{pod.Metadata.Name}.{time.GetUtcNow().UtcTicks.ToString("x", CultureInfo.InvariantCulture)}";
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = pod.Metadata.NamespaceProperty },
                InvolvedObject = new V1ObjectReference
                {
                    Kind = "Pod",
                    ApiVersion = "v1",
                    Name = pod.Metadata.Name,
                    NamespaceProperty = pod.Metadata.NamespaceProperty,
                    Uid = pod.Metadata.Uid,
                    FieldPath = container is null ? null : $"spec.containers{{{container}}}",
                },
                Type = type,
                Reason = reason,
                Message = message,
                Count = 1,
                FirstTimestamp = now,
                LastTimestamp = now,
                Source = new V1EventSource { Component = "kubelet", Host = nodeName },
                ReportingComponent = "kubelet",
                ReportingInstance = nodeName,
            }, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            // Events are best effort, as in the kubelet: a rejected one must not stop the pod.
            PodWorkerLog.EventRejected(logger, reason, pod.Metadata.NamespaceProperty, pod.Metadata.Name, e.Response.Content);
        }
        catch (Exception e) when (e is HttpRequestException or HttpIOException)
        {
            // The API server is out of reach: the event is lost, the pod goes on.
            PodWorkerLog.EventRejected(logger, reason, pod.Metadata.NamespaceProperty, pod.Metadata.Name, e.Message);
        }
    }
}
