using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Matching;

/// <summary>
/// A pod's hard node constraints, as Kubernetes' <c>nodeaffinity.GetRequiredNodeAffinity</c>: every
/// <c>spec.nodeSelector</c> label and, when present, the required node affinity's terms.
/// </summary>
public sealed class RequiredNodeAffinity(V1Pod pod)
{
    private readonly IDictionary<string, string>? _nodeSelector = pod.Spec?.NodeSelector;
    private readonly V1NodeSelector? _required = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;

    public bool Matches(V1Node node)
    {
        if (_nodeSelector is { Count: > 0 })
        {
            var labels = node.Metadata?.Labels ?? new Dictionary<string, string>();
            if (_nodeSelector.Any(p => !labels.TryGetValue(p.Key, out var v) || v != p.Value))
            {
                return false;
            }
        }

        return _required is null || NodeSelectorTerms.AnyMatches(_required.NodeSelectorTerms, node);
    }
}
