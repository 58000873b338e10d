using System.Text.Json.Nodes;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.LocalCluster.Controllers.Common;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Workloads.Shared;

/// <summary>
/// The owners whose <c>spec.selector</c> matches an orphan's labels (the controllers' <c>getPodReplicaSets</c>,
/// <c>getDeploymentsForReplicaSet</c>, <c>getPodJobs</c>): the keys of the owners in the orphan's namespace.
/// </summary>
internal static class SelectingOwners
{
    /// <summary>A function from an orphan to the keys of the owners in <paramref name="owners"/> that select it.</summary>
    public static Func<JsonObject, IEnumerable<string>> In(ResourceInformer owners)
    {
        ArgumentNullException.ThrowIfNull(owners);
        return orphan =>
        {
            var ns = Metadata.Namespace(orphan);
            var labels = orphan["metadata"]?["labels"] is JsonObject l
                ? KubernetesJson.Deserialize<Dictionary<string, string>>(l.ToJsonString())
                : [];
            var keys = new List<string>();
            foreach (var owner in owners.Cache.ByIndex(IndexFunctions.NamespaceIndex, ns))
            {
                var selector = owner["spec"]?["selector"] is JsonObject s ? KubernetesJson.Deserialize<V1LabelSelector>(s.ToJsonString()) : null;
                if (selector is not null && IsNotEmpty(selector) && LabelSelectors.Matches(selector, labels))
                {
                    keys.Add(ObjectKeys.Of(owner));
                }
            }

            return keys;
        };
    }

    /// <summary>An empty selector selects nothing for adoption (the controllers skip such owners).</summary>
    public static bool IsNotEmpty(V1LabelSelector? selector) =>
        selector is not null && ((selector.MatchLabels?.Count ?? 0) > 0 || (selector.MatchExpressions?.Count ?? 0) > 0);
}
