using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Framework;

/// <summary>
/// A pod's effective resource requests, as Kubernetes' <c>resource.PodRequests</c> computes them: the sum of the app
/// containers and restartable (sidecar) init containers, at least the largest ordinary init container plus the sidecars
/// started before it, plus the pod overhead. The non-zero variant counts a container that omits a cpu or memory request
/// as 100m and 200Mi, which is how kube-scheduler spreads pods without requests (<c>NonZeroRequested</c>).
/// </summary>
public static class PodRequests
{
    public const long DefaultMilliCpuRequest = 100;

    public const long DefaultMemoryRequest = 200L * 1024 * 1024;

    public static ResourceAmounts Of(V1Pod pod) => Compute(pod, nonZero: false);

    public static ResourceAmounts NonZeroOf(V1Pod pod) => Compute(pod, nonZero: true);

    private static ResourceAmounts Compute(V1Pod pod, bool nonZero)
    {
        var total = ResourceAmounts.Zero;
        foreach (var container in pod.Spec?.Containers ?? [])
        {
            total = total.Add(ContainerRequests(container.Resources?.Requests, nonZero));
        }

        var sidecars = ResourceAmounts.Zero;
        var init = ResourceAmounts.Zero;
        foreach (var container in pod.Spec?.InitContainers ?? [])
        {
            var requests = ContainerRequests(container.Resources?.Requests, nonZero);
            if (container.RestartPolicy == "Always")
            {
                total = total.Add(requests);
                sidecars = sidecars.Add(requests);
                requests = sidecars;
            }
            else
            {
                requests = requests.Add(sidecars);
            }

            init = init.Max(requests);
        }

        total = total.Max(init);
        if (pod.Spec?.Overhead is { Count: > 0 } overhead)
        {
            total = total.Add(ResourceAmounts.From(overhead));
        }

        return total;
    }

    private static ResourceAmounts ContainerRequests(IDictionary<string, ResourceQuantity>? requests, bool nonZero)
    {
        var amounts = ResourceAmounts.From(requests) with { AllowedPods = 0 };
        if (!nonZero)
        {
            return amounts;
        }

        return amounts with
        {
            MilliCpu = requests?.ContainsKey("cpu") == true ? amounts.MilliCpu : DefaultMilliCpuRequest,
            Memory = requests?.ContainsKey("memory") == true ? amounts.Memory : DefaultMemoryRequest,
        };
    }
}
