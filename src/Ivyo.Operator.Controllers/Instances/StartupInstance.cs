using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Controllers.Patroni;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.Controllers.Instances;

/// <summary>
/// <c>status.startupInstance</c>, as ivory-operator keeps it: while <c>spec.shutdown</c> is set, the instance Patroni
/// leads is recorded, so that its StatefulSet stops last (<c>InstanceStatefulSet.Replicas</c>) and, when the cluster
/// starts again, it alone starts first; once a primary is known on a running cluster, the record is cleared and every
/// instance runs. With no primary known, the record stays as it is.
/// </summary>
internal static class StartupInstance
{
    /// <summary>The startup instance and its set after this pass.</summary>
    public static (string? Instance, string? Set) Next(IvoryCluster cluster, IEnumerable<V1Pod> pods, string? instance, string? set)
    {
        var primary = pods.FirstOrDefault(pod => InstancePods.IsPrimary(pod) && InstancePods.Instance(pod) is not null);
        if (primary is null)
        {
            return (instance, set);
        }

        return cluster.Spec.Shutdown == true
            ? (InstancePods.Instance(primary), InstancePods.Value(primary.Metadata.Labels, Labels.InstanceSet))
            : (null, null);
    }
}
