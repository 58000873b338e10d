using Ivyo.ControllerRuntime.Controllers;
using Ivyo.LocalCluster.Controllers.Common;
using Ivyo.LocalCluster.Controllers.Hosting;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Networking;

/// <summary>
/// pkg/controller/endpoint's <c>syncService</c>: the Endpoints named after a Service with a selector list the selected
/// pods that have an IP — ready ones (or all, with <c>publishNotReadyAddresses</c>) under <c>addresses</c>, the others
/// under <c>notReadyAddresses</c>; terminating pods are left out unless not-ready addresses are published — with each
/// Service port resolved on the pod from its targetPort (a number, or a named container port), repacked into subsets by
/// port set. Services without a selector are left alone (their Endpoints belong to someone else, such as Patroni);
/// when a Service is deleted, its Endpoints are deleted.
/// </summary>
internal sealed class EndpointsReconciler(ControllerContext context) : IReconciler
{
    public const string HeadlessLabel = "service.kubernetes.io/headless";

    private Kubernetes Client => context.Client;

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = Ivyo.ControllerRuntime.Cache.ObjectKeys.Split(key);
        var service = context.Informers.Services.Get(key);
        if (service is null)
        {
            await ApiErrors.IgnoreNotFoundAsync(() => Client.CoreV1.DeleteNamespacedEndpointsAsync(name, ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        if (service.Spec?.Selector is null || service.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var desired = Normalize(Subsets(service));
        var labels = new Dictionary<string, string>(service.Metadata.Labels ?? new Dictionary<string, string>());
        if (service.Spec.ClusterIP == "None")
        {
            labels[HeadlessLabel] = "";
        }

        var current = context.Informers.Endpoints.Get(key);
        if (current is not null
            && KubernetesJson.Serialize(Normalize(current.Subsets) ?? []) == KubernetesJson.Serialize(desired ?? [])
            && DictionaryEquals(current.Metadata.Labels, labels))
        {
            return ReconcileResult.Done;
        }

        var endpoints = new V1Endpoints
        {
            ApiVersion = "v1",
            Kind = "Endpoints",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels, ResourceVersion = current?.Metadata.ResourceVersion },
            Subsets = desired,
        };
        if (current is null)
        {
            try
            {
                await Client.CoreV1.CreateNamespacedEndpointsAsync(endpoints, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (ApiErrors.IsConflict(e))
            {
                // Created meanwhile (the cache lags): the update comes with the next sync.
                return ReconcileResult.RequeueWithBackoff;
            }
        }
        else
        {
            endpoints.Metadata.Annotations = current.Metadata.Annotations;
            await Client.CoreV1.ReplaceNamespacedEndpointsAsync(endpoints, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return ReconcileResult.Done;
    }

    private List<V1EndpointSubset> Subsets(V1Service service)
    {
        var publishNotReady = service.Spec.PublishNotReadyAddresses == true;
        var subsets = new List<V1EndpointSubset>();
        foreach (var pod in ServicePods.Selected(context.Informers, service))
        {
            if (!ServicePods.ShouldBeEndpoint(pod, includeTerminating: publishNotReady))
            {
                continue;
            }

            var address = new V1EndpointAddress
            {
                Ip = pod.Status.PodIP,
                NodeName = string.IsNullOrEmpty(pod.Spec.NodeName) ? null : pod.Spec.NodeName,
                TargetRef = ServicePods.TargetRef(pod),
                Hostname = ServicePods.Hostname(pod, service),
            };
            var ready = publishNotReady || PodStates.IsReady(pod);
            var ports = service.Spec.Ports ?? [];
            if (ports.Count == 0)
            {
                if (service.Spec.ClusterIP == "None")
                {
                    subsets.Add(Subset(address, ready, null));
                }

                continue;
            }

            foreach (var servicePort in ports)
            {
                if (ServicePods.FindPort(pod, servicePort) is not { } number)
                {
                    continue;
                }

                subsets.Add(Subset(address, ready, new Corev1EndpointPort
                {
                    Name = servicePort.Name,
                    Port = number,
                    Protocol = servicePort.Protocol ?? "TCP",
                    AppProtocol = servicePort.AppProtocol,
                }));
            }
        }

        return subsets;
    }

    private static V1EndpointSubset Subset(V1EndpointAddress address, bool ready, Corev1EndpointPort? port) => new()
    {
        Addresses = ready ? [address] : null,
        NotReadyAddresses = ready ? null : [address],
        Ports = port is null ? null : [port],
    };

    /// <summary>
    /// Repacks subsets as <c>endpoints.RepackSubsets</c> does: each address gathers every port it was listed with, and
    /// addresses with the same port set share a subset; addresses and ports are sorted, an address ready anywhere is not
    /// also listed as not ready, and empty lists are null, as the server returns them.
    /// </summary>
    internal static List<V1EndpointSubset>? Normalize(IList<V1EndpointSubset>? subsets)
    {
        if (subsets is null)
        {
            return null;
        }

        var addresses = new Dictionary<string, (V1EndpointAddress Address, bool Ready, Dictionary<string, Corev1EndpointPort> Ports)>(StringComparer.Ordinal);
        void Add(V1EndpointAddress address, bool ready, IList<Corev1EndpointPort>? ports)
        {
            var key = AddressKey(address);
            if (!addresses.TryGetValue(key, out var entry))
            {
                addresses[key] = entry = (address, ready, new Dictionary<string, Corev1EndpointPort>(StringComparer.Ordinal));
            }
            else if (ready && !entry.Ready)
            {
                addresses[key] = entry = (address, true, entry.Ports);
            }

            foreach (var port in ports ?? [])
            {
                entry.Ports[$"{port.Name}/{port.Port}/{port.Protocol}/{port.AppProtocol}"] = port;
            }
        }

        foreach (var subset in subsets)
        {
            foreach (var address in subset.Addresses ?? [])
            {
                Add(address, ready: true, subset.Ports);
            }

            foreach (var address in subset.NotReadyAddresses ?? [])
            {
                Add(address, ready: false, subset.Ports);
            }
        }

        var result = new List<V1EndpointSubset>();
        foreach (var group in addresses.GroupBy(a => string.Join(";", a.Value.Ports.Keys.Order(StringComparer.Ordinal)), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ready = group.Where(a => a.Value.Ready).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Value.Address).ToList();
            var notReady = group.Where(a => !a.Value.Ready).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Value.Address).ToList();
            var ports = group.First().Value.Ports.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList();
            result.Add(new V1EndpointSubset
            {
                Addresses = ready.Count > 0 ? ready : null,
                NotReadyAddresses = notReady.Count > 0 ? notReady : null,
                Ports = ports.Count > 0 ? ports : null,
            });
        }

        return result.Count > 0 ? result : null;
    }

    private static string AddressKey(V1EndpointAddress address) => $"{address.Ip}|{address.TargetRef?.Uid}";

    private static bool DictionaryEquals(IDictionary<string, string>? a, IDictionary<string, string> b) =>
        (a?.Count ?? 0) == b.Count && b.All(pair => a!.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
