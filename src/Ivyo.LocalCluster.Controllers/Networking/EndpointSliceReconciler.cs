using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.LocalCluster.Controllers.Common;
using Ivyo.LocalCluster.Controllers.Hosting;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Networking;

/// <summary>
/// pkg/controller/endpointslice's reconciler: for a Service with a selector, <c>discovery.k8s.io/v1</c> EndpointSlices
/// labelled <c>kubernetes.io/service-name</c> and <c>endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io</c>,
/// owned by the Service, one per distinct set of resolved ports (at most 100 endpoints each), each endpoint with the
/// pod's IP, nodeName, targetRef, hostname and the conditions ready (Ready and not terminating, or publishNotReadyAddresses),
/// serving (Ready) and terminating. Terminating pods stay listed, not ready. A Service with no endpoints gets one empty
/// placeholder slice. Unlike Kubernetes, which uses generateName, slices are named
/// <c>&lt;service&gt;-&lt;hash of the ports&gt;[-n]</c> so a lagging cache can never create duplicates.
/// </summary>
internal sealed class EndpointSliceReconciler(ControllerContext context) : IReconciler
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ManagedBy = "endpointslice-controller.k8s.io";
    private const int MaxEndpointsPerSlice = 100;

    private Kubernetes Client => context.Client;

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var service = context.Informers.Services.Get(key);
        if (service?.Spec?.Selector is null || service.Metadata.DeletionTimestamp is not null)
        {
            // A deleted Service's slices go with it (owner references).
            return ReconcileResult.Done;
        }

        var ns = service.Metadata.NamespaceProperty;
        var existing = context.Informers.EndpointSlices.ByIndex(IndexFunctions.LabelIndex(ServiceNameLabel), service.Metadata.Name)
            .Where(s => s.Metadata.NamespaceProperty == ns && s.Metadata.Labels is { } labels && labels.TryGetValue(ManagedByLabel, out var by) && by == ManagedBy)
            .ToDictionary(s => s.Metadata.Name, StringComparer.Ordinal);
        var desired = DesiredSlices(service);
        foreach (var slice in desired)
        {
            if (existing.Remove(slice.Metadata.Name, out var current))
            {
                if (KubernetesJson.Serialize(Comparable(current)) == KubernetesJson.Serialize(Comparable(slice)))
                {
                    continue;
                }

                slice.Metadata.ResourceVersion = current.Metadata.ResourceVersion;
                await Client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(slice, slice.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ApiErrors.IgnoreConflictAsync(() => Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, ns, cancellationToken: cancellationToken))
                    .ConfigureAwait(false);
            }
        }

        foreach (var stale in existing.Keys.ToList())
        {
            await ApiErrors.IgnoreNotFoundAsync(() => Client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(stale, ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        return ReconcileResult.Done;
    }

    private List<V1EndpointSlice> DesiredSlices(V1Service service)
    {
        var publishNotReady = service.Spec.PublishNotReadyAddresses == true;
        var byPorts = new SortedDictionary<string, (List<Discoveryv1EndpointPort> Ports, List<V1Endpoint> Endpoints)>(StringComparer.Ordinal);
        foreach (var pod in ServicePods.Selected(context.Informers, service))
        {
            if (!ServicePods.ShouldBeEndpoint(pod, includeTerminating: true) || pod.Status.PodIP.Contains(':', StringComparison.Ordinal))
            {
                continue;
            }

            var ports = new List<Discoveryv1EndpointPort>();
            foreach (var servicePort in service.Spec.Ports ?? [])
            {
                if (ServicePods.FindPort(pod, servicePort) is { } number)
                {
                    ports.Add(new Discoveryv1EndpointPort { Name = servicePort.Name ?? "", Port = number, Protocol = servicePort.Protocol ?? "TCP", AppProtocol = servicePort.AppProtocol });
                }
            }

            ports.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            var portKey = string.Join(";", ports.Select(p => $"{p.Name}/{p.Port}/{p.Protocol}"));
            if (!byPorts.TryGetValue(portKey, out var group))
            {
                byPorts[portKey] = group = (ports, []);
            }

            var serving = PodStates.IsReady(pod);
            var terminating = PodStates.IsTerminating(pod);
            group.Endpoints.Add(new V1Endpoint
            {
                Addresses = [pod.Status.PodIP],
                Conditions = new V1EndpointConditions { Ready = publishNotReady || (serving && !terminating), Serving = serving, Terminating = terminating },
                Hostname = ServicePods.Hostname(pod, service),
                NodeName = string.IsNullOrEmpty(pod.Spec.NodeName) ? null : pod.Spec.NodeName,
                TargetRef = ServicePods.TargetRef(pod),
            });
        }

        var slices = new List<V1EndpointSlice>();
        foreach (var (portKey, group) in byPorts)
        {
            var endpoints = group.Endpoints.OrderBy(e => e.Addresses[0], StringComparer.Ordinal).ToList();
            var baseName = $"{service.Metadata.Name}-{RevisionHashes.Compute(portKey, null)}";
            for (var chunk = 0; chunk * MaxEndpointsPerSlice < endpoints.Count; chunk++)
            {
                var name = chunk == 0 ? baseName : $"{baseName}-{chunk}";
                slices.Add(Slice(service, name, group.Ports, endpoints.Skip(chunk * MaxEndpointsPerSlice).Take(MaxEndpointsPerSlice).ToList()));
            }
        }

        if (slices.Count == 0)
        {
            slices.Add(Slice(service, $"{service.Metadata.Name}-placeholder", null, []));
        }

        return slices;
    }

    private static V1EndpointSlice Slice(V1Service service, string name, List<Discoveryv1EndpointPort>? ports, List<V1Endpoint> endpoints)
    {
        var labels = new Dictionary<string, string>(service.Metadata.Labels ?? new Dictionary<string, string>())
        {
            [ServiceNameLabel] = service.Metadata.Name,
            [ManagedByLabel] = ManagedBy,
        };
        if (service.Spec.ClusterIP == "None")
        {
            labels[EndpointsReconciler.HeadlessLabel] = "";
        }

        return new V1EndpointSlice
        {
            ApiVersion = "discovery.k8s.io/v1",
            Kind = "EndpointSlice",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = service.Metadata.NamespaceProperty,
                Labels = labels,
                OwnerReferences = [OwnerReferences.ControllerOf(service, "v1", "Service")],
            },
            AddressType = "IPv4",
            Ports = ports is { Count: > 0 } ? ports : null,
            Endpoints = endpoints,
        };
    }

    /// <summary>The parts of a slice the controller owns, normalized for comparison.</summary>
    private static object Comparable(V1EndpointSlice slice) => new
    {
        labels = slice.Metadata.Labels?.OrderBy(p => p.Key, StringComparer.Ordinal).ToList(),
        ports = slice.Ports is { Count: > 0 } ? slice.Ports : null,
        endpoints = slice.Endpoints?.Select(e => new
        {
            addresses = e.Addresses,
            ready = e.Conditions?.Ready,
            serving = e.Conditions?.Serving,
            terminating = e.Conditions?.Terminating,
            e.Hostname,
            e.NodeName,
            target = e.TargetRef?.Uid,
        }).ToList() ?? [],
    };
}
