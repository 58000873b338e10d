using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Disruption;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.Instances;

/// <summary>The PodDisruptionBudget <c>&lt;c&gt;-set-&lt;set&gt;</c> over the pods of one instance set.</summary>
public static class InstanceSetDisruptionBudget
{
    public static V1PodDisruptionBudget? Build(IvoryCluster cluster, InstanceSet set)
    {
        var selector = Labels.ForInstanceSet(cluster.Metadata.Name, set.Name ?? "");
        return PodDisruptionBudgets.Build(
            cluster, Names.InstanceSetPdb(cluster.Metadata.Name, set.Name ?? ""), Labels.Merge(set.Metadata?.Labels, selector), selector,
            set.Replicas ?? 1, set.MinAvailable);
    }
}
