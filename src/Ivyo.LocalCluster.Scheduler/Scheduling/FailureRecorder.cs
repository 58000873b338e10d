using System.Globalization;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Scheduling;

/// <summary>
/// What kube-scheduler writes when a pod does not fit: the pod's <c>PodScheduled</c> condition set to False with
/// reason <c>Unschedulable</c> and the FitError text (a strategic merge patch of <c>pods/status</c>, merged by condition
/// type; lastTransitionTime changes only when the status does), and a Warning <c>FailedScheduling</c> Event about the
/// pod from <c>default-scheduler</c>.
/// </summary>
public sealed class FailureRecorder(IKubernetes client, SchedulerOptions options, TimeProvider time)
{
    public const string Reason = "FailedScheduling";

    public async Task RecordAsync(V1Pod pod, string message, CancellationToken cancellationToken)
    {
        await UpdateConditionAsync(pod, message, cancellationToken).ConfigureAwait(false);
        await CreateEventAsync(pod, message, cancellationToken).ConfigureAwait(false);
    }

    private async Task UpdateConditionAsync(V1Pod pod, string message, CancellationToken cancellationToken)
    {
        var current = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        if (current is { Status: "False", Reason: "Unschedulable" } && current.Message == message)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var transition = current?.Status == "False" ? current.LastTransitionTime ?? now : now;
        var patch = new
        {
            status = new
            {
                conditions = new object[]
                {
                    new Dictionary<string, object?>
                    {
                        ["type"] = "PodScheduled",
                        ["status"] = "False",
                        ["reason"] = "Unschedulable",
                        ["message"] = message,
                        ["lastProbeTime"] = null,
                        ["lastTransitionTime"] = transition.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    },
                },
            },
        };
        await client.CoreV1.PatchNamespacedPodStatusAsync(
            new V1Patch(KubernetesJson.Serialize(patch), V1Patch.PatchType.StrategicMergePatch),
            pod.Metadata.Name,
            pod.Metadata.NamespaceProperty,
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task CreateEventAsync(V1Pod pod, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var suffix = time.GetUtcNow().UtcTicks.ToString("x", CultureInfo.InvariantCulture);
        var @event = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = $"{pod.Metadata.Name}.{suffix}", NamespaceProperty = pod.Metadata.NamespaceProperty },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = "v1",
                Kind = "Pod",
                Name = pod.Metadata.Name,
                NamespaceProperty = pod.Metadata.NamespaceProperty,
                Uid = pod.Metadata.Uid,
                ResourceVersion = pod.Metadata.ResourceVersion,
            },
            Type = "Warning",
            Reason = Reason,
            Message = message,
            Action = "Scheduling",
            Source = new V1EventSource { Component = options.SchedulerName },
            ReportingComponent = options.SchedulerName,
            ReportingInstance = options.InstanceName,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        await client.CoreV1.CreateNamespacedEventAsync(@event, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
