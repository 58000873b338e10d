using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Naming;

namespace Ivyo.Operator.Instances;

/// <summary>One instance: a StatefulSet with a single pod, its volumes, configuration and certificates.</summary>
public sealed record InstanceRef(InstanceSet Set, string Name)
{
    public string SetName => Set.Name ?? "";
}

/// <summary>
/// Chooses the instances of each set: the ones that exist (up to <c>replicas</c>; removing extra ones, primary last, is
/// the reconciler's job), then names reused from orphaned data volumes, then new random names.
/// </summary>
public static class InstanceNames
{
    public static IReadOnlyList<InstanceRef> Plan(
        IvoryCluster cluster,
        IReadOnlyDictionary<string, IReadOnlyList<string>> existing,
        IRandomSource random,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? reusable = null)
    {
        var planned = new List<InstanceRef>();
        var taken = new HashSet<string>(existing.Values.SelectMany(names => names), StringComparer.Ordinal);
        foreach (var set in cluster.Spec.Instances)
        {
            var setName = set.Name ?? "";
            var replicas = set.Replicas ?? 1;
            var names = new List<string>(existing.TryGetValue(setName, out var current) ? current : []);

            var reuse = new Queue<string>(reusable is not null && reusable.TryGetValue(setName, out var orphans) ? orphans : []);
            while (names.Count < replicas)
            {
                string next;
                if (reuse.Count > 0)
                {
                    next = reuse.Dequeue();
                }
                else
                {
                    do
                    {
                        next = Names.GenerateInstance(cluster.Metadata.Name, setName, random);
                    }
                    while (taken.Contains(next));
                }

                taken.Add(next);
                names.Add(next);
            }

            planned.AddRange(names.Select(name => new InstanceRef(set, name)));
        }

        return planned;
    }
}
