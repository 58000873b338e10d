using Ivyo.LocalCluster.Scheduler.Framework;
using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Plugins;

/// <summary>
/// kube-scheduler's NodePorts filter: the host ports of the pod's containers must be free on the node
/// (<c>node(s) didn't have free ports for the requested pod ports</c>, resolvable by preemption). A port on host IP
/// 0.0.0.0 (the default) conflicts with the same protocol and port on any IP; protocol defaults to TCP.
/// </summary>
public sealed class NodePorts : IFilterPlugin
{
    public const string Reason = "node(s) didn't have free ports for the requested pod ports";

    private const string AnyIp = "0.0.0.0";

    public string Name => "NodePorts";

    public PreFilterResult PreFilter(SchedulingCycle cycle)
    {
        var wanted = HostPorts(cycle.Pod).ToList();
        if (wanted.Count == 0)
        {
            return PreFilterResult.Skip;
        }

        return PreFilterResult.With(node =>
        {
            var used = node.Pods.SelectMany(HostPorts).ToList();
            return wanted.Any(w => used.Any(u => Conflicts(w, u))) ? FilterStatus.Unschedulable(Reason) : null;
        });
    }

    private static bool Conflicts((string Ip, string Protocol, int Port) wanted, (string Ip, string Protocol, int Port) used) =>
        wanted.Protocol == used.Protocol && wanted.Port == used.Port
        && (wanted.Ip == AnyIp || used.Ip == AnyIp || wanted.Ip == used.Ip);

    private static IEnumerable<(string Ip, string Protocol, int Port)> HostPorts(V1Pod pod) =>
        (pod.Spec?.Containers ?? [])
            .SelectMany(c => c.Ports ?? [])
            .Where(p => p.HostPort is > 0)
            .Select(p => (string.IsNullOrEmpty(p.HostIP) ? AnyIp : p.HostIP, string.IsNullOrEmpty(p.Protocol) ? "TCP" : p.Protocol, p.HostPort!.Value));
}
