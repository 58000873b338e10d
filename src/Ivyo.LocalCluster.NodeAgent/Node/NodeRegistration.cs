using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Node;

/// <summary>
/// The kubelet's node registration and heartbeats: the Node object with its well-known labels, taints, addresses,
/// kubelet port, capacity and conditions; then a Lease in <c>kube-node-lease</c> renewed every heartbeat, and the
/// Ready condition's heartbeat time refreshed, which the node lifecycle controller watches.
/// </summary>
public sealed class NodeRegistration(NodeAgentOptions options, int kubeletPort)
{
    private const string LeaseNamespace = "kube-node-lease";

    private Kubernetes Client => options.Client;

    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kubernetes.io/hostname"] = options.NodeName,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = "amd64",
        };
        foreach (var (key, value) in options.Labels)
        {
            labels[key] = value;
        }

        try
        {
            await Client.CoreV1.CreateNodeAsync(new V1Node
            {
                Metadata = new V1ObjectMeta { Name = options.NodeName, Labels = labels },
                Spec = new V1NodeSpec
                {
                    Taints = options.Taints.Count > 0 ? [.. options.Taints] : null,
                    PodCIDR = options.Network is null ? null : $"10.244.{options.NodeIndex}.0/24",
                    PodCIDRs = options.Network is null ? null : [$"10.244.{options.NodeIndex}.0/24"],
                },
            }, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Registered before (a restarted node agent): the object stays as the cluster has it, with this node's
            // labels set again on top (the kubelet reconciles its default labels; here --node-labels count too).
            var existing = await Client.CoreV1.ReadNodeAsync(options.NodeName, cancellationToken: cancellationToken);
            if (labels.Any(l => existing.Metadata.Labels?.TryGetValue(l.Key, out var value) != true || value != l.Value))
            {
                var patch = new V1Patch(KubernetesJson.Serialize(new { metadata = new { labels } }), V1Patch.PatchType.MergePatch);
                await Client.CoreV1.PatchNodeAsync(patch, options.NodeName, cancellationToken: cancellationToken);
            }
        }

        await ReportStatusAsync(cancellationToken);
    }

    /// <summary>One heartbeat: renew the Lease and report the node Ready.</summary>
    public async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        await RenewLeaseAsync(cancellationToken);
        await ReportStatusAsync(cancellationToken);
    }

    private async Task ReportStatusAsync(CancellationToken cancellationToken)
    {
        var now = options.Time.GetUtcNow().UtcDateTime;
        for (var attempt = 0; ; attempt++)
        {
            var node = await Client.CoreV1.ReadNodeAsync(options.NodeName, cancellationToken: cancellationToken);
            var previous = node.Status?.Conditions ?? [];
            var capacity = new Dictionary<string, ResourceQuantity>
            {
                ["cpu"] = new(options.Cpu),
                ["memory"] = new(options.Memory),
                ["pods"] = new(options.MaxPods.ToString(CultureInfo.InvariantCulture)),
                ["ephemeral-storage"] = new("100Gi"),
            };
            node.Status = new V1NodeStatus
            {
                Capacity = capacity,
                Allocatable = capacity,
                Addresses = [new V1NodeAddress { Type = "InternalIP", Address = options.Address }, new V1NodeAddress { Type = "Hostname", Address = options.NodeName }],
                DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = kubeletPort } },
                Conditions =
                [
                    Condition(previous, "MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
                    Condition(previous, "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
                    Condition(previous, "PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
                    Condition(previous, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now),
                ],
                NodeInfo = new V1NodeSystemInfo
                {
                    MachineID = options.NodeName,
                    SystemUUID = options.NodeName,
                    BootID = options.NodeName,
                    KernelVersion = Environment.OSVersion.Version.ToString(),
                    OsImage = "Debian GNU/Linux 12 (bookworm)",
                    ContainerRuntimeVersion = "ivyo-local://1",
                    KubeletVersion = "v1.32.0-ivyo",
                    KubeProxyVersion = "v1.32.0-ivyo",
                    OperatingSystem = "linux",
                    Architecture = "amd64",
                },
            };
            try
            {
                await Client.CoreV1.ReplaceNodeStatusAsync(node, options.NodeName, cancellationToken: cancellationToken);
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 5)
            {
            }
        }
    }

    private static V1NodeCondition Condition(IList<V1NodeCondition> previous, string type, string status, string reason, string message, DateTime now)
    {
        var before = previous.FirstOrDefault(c => c.Type == type);
        return new V1NodeCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastHeartbeatTime = now,
            LastTransitionTime = before?.Status == status ? before.LastTransitionTime : now,
        };
    }

    private async Task RenewLeaseAsync(CancellationToken cancellationToken)
    {
        var now = options.Time.GetUtcNow().UtcDateTime;
        try
        {
            var lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync(options.NodeName, LeaseNamespace, cancellationToken: cancellationToken);
            lease.Spec.RenewTime = now;
            lease.Spec.HolderIdentity = options.NodeName;
            await Client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.NodeName, LeaseNamespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            await Client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
            {
                Metadata = new V1ObjectMeta
                {
                    Name = options.NodeName,
                    OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = options.NodeName, Uid = (await Client.CoreV1.ReadNodeAsync(options.NodeName, cancellationToken: cancellationToken)).Metadata.Uid }],
                },
                Spec = new V1LeaseSpec { HolderIdentity = options.NodeName, LeaseDurationSeconds = 40, RenewTime = now },
            }, LeaseNamespace, cancellationToken: cancellationToken);
        }
    }
}
