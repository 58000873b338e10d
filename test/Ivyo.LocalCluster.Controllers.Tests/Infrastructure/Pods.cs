using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Tests.Infrastructure;

/// <summary>Pod helpers: the status a node agent would write, and reads that tolerate absence.</summary>
public static class Pods
{
    /// <summary>Writes phase Running, a Ready condition and a pod IP through pods/status, as a node agent would.</summary>
    public static async Task SetStatusAsync(Kubernetes client, string ns, string name, bool ready, string? ip = null, string phase = "Running")
    {
        for (var attempt = 0; ; attempt++)
        {
            var pod = await client.CoreV1.ReadNamespacedPodAsync(name, ns);
            pod.Status ??= new V1PodStatus();
            pod.Status.Phase = phase;
            pod.Status.PodIP = ip ?? pod.Status.PodIP ?? $"10.244.0.{Math.Abs(name.GetHashCode(StringComparison.Ordinal) % 200) + 10}";
            pod.Status.PodIPs = [new V1PodIP { Ip = pod.Status.PodIP }];
            pod.Status.Conditions =
            [
                new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = DateTime.UtcNow },
                new V1PodCondition { Type = "ContainersReady", Status = ready ? "True" : "False", LastTransitionTime = DateTime.UtcNow },
            ];
            try
            {
                await client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, name, ns);
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 5)
            {
            }
        }
    }

    /// <summary>The pod, or null when it does not exist.</summary>
    public static async Task<V1Pod?> TryGetAsync(Kubernetes client, string ns, string name)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedPodAsync(name, ns);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>A minimal pod template with one container.</summary>
    public static V1PodTemplateSpec Template(IDictionary<string, string> labels, string image = "busybox:1", IList<V1ContainerPort>? ports = null) => new()
    {
        Metadata = new V1ObjectMeta { Labels = labels },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = image, Ports = ports }] },
    };

    public static Dictionary<string, string> Labels(string app) => new() { ["app"] = app };
}
