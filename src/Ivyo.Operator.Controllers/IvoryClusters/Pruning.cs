using System.Text.Json.Nodes;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.Operator.Naming;

namespace Ivyo.Operator.Controllers.IvoryClusters;

/// <summary>
/// Which objects a cluster controls but no longer wants: an instance scaled away, a removed instance set, PgBouncer
/// turned off. PersistentVolumeClaims are removed only with their instance (data, WAL and tablespace volumes of an
/// instance the cluster dropped); backup repositories are never removed by the operator, and Jobs are left alone.
/// </summary>
internal static class Pruning
{
    /// <summary>The controlled objects not in <paramref name="desired"/> (kind and name) that may be deleted.</summary>
    public static IEnumerable<(OwnedKind Kind, JsonObject Object)> Unwanted(
        ClusterSnapshot snapshot, IReadOnlySet<(string Kind, string Name)> desired, IReadOnlySet<string> instances)
    {
        foreach (var kind in OwnedKinds.All.Where(kind => kind.Pruned))
        {
            foreach (var obj in snapshot.Controlled(kind))
            {
                var name = Metadata.Name(obj);
                if (desired.Contains((kind.Kind, name)) || obj["metadata"]?["deletionTimestamp"] is not null)
                {
                    continue;
                }

                if (kind == OwnedKinds.PersistentVolumeClaim
                    && (Metadata.Label(obj, Labels.Instance) is not { } instance || instances.Contains(instance)))
                {
                    continue;
                }

                yield return (kind, obj);
            }
        }
    }
}
