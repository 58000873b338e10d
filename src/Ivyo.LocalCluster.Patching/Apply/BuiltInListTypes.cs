using System.Collections.Frozen;

namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>
/// <see cref="IListTypes"/> of a built-in kind derived from its strategic-merge-patch metadata, as kube-openapi's
/// schema conversion does: <c>merge</c> with a merge key is a map list keyed by it, <c>merge</c> without one is a
/// set, anything else is atomic; an explicit <c>+listType</c> that says otherwise wins (<see cref="BuiltInListMarkers"/>).
/// The few lists whose <c>listMapKeys</c> differ from their <c>patchMergeKey</c> (container and service ports keyed
/// with <c>protocol</c> too, topology spread constraints with <c>whenUnsatisfiable</c>), resource claims keyed by
/// name, and the atomic label and node selectors follow the Kubernetes OpenAPI.
/// </summary>
public sealed class BuiltInListTypes : IListTypes
{
    private readonly IPatchMeta _meta;
    private readonly FrozenDictionary<string, ListKind> _markers;

    public BuiltInListTypes(IPatchMeta meta)
        : this(meta, FrozenDictionary<string, ListKind>.Empty)
    {
    }

    private BuiltInListTypes(IPatchMeta meta, FrozenDictionary<string, ListKind> markers)
    {
        ArgumentNullException.ThrowIfNull(meta);
        _meta = meta;
        _markers = markers;
    }

    /// <summary>
    /// ObjectMeta's list types alone (<c>metadata.ownerReferences</c> keyed by <c>uid</c>, <c>metadata.finalizers</c>
    /// a set, the rest atomic): what every object has, whatever its kind.
    /// </summary>
    public static BuiltInListTypes ObjectMetaOnly { get; } = new(BuiltInTypes.MetadataOnly);

    /// <summary>The list types of a built-in kind, or null when the kind has no metadata (a custom resource).</summary>
    public static BuiltInListTypes? For(string apiVersion, string kind) =>
        BuiltInPatchMeta.TryGet(apiVersion, kind, out var meta) ? new BuiltInListTypes(meta, BuiltInListMarkers.For(apiVersion, kind)) : null;

    public ListKind Kind(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_markers.Count > 0 && _markers.TryGetValue(string.Join('.', path), out var marked))
        {
            return marked;
        }

        if (path.Count >= 2 && path[^1] == "claims" && path[^2] == "resources" && path[0] != "metadata")
        {
            // core/v1 ResourceRequirements.claims: +listType=map +listMapKey=name, no patch tags.
            return ListKind.Map("name");
        }

        var field = _meta.GetField(path);
        if (field.Strategy != PatchStrategy.Merge)
        {
            return ListKind.Atomic;
        }

        if (field.MergeKey is null)
        {
            return ListKind.Set;
        }

        var last = path[^1];
        if (last == "ports" && field.MergeKey is "containerPort" or "port")
        {
            return ListKind.Map([field.MergeKey, "protocol"], new Dictionary<string, string> { ["protocol"] = "\"TCP\"" });
        }

        if (last == "topologySpreadConstraints")
        {
            return ListKind.Map("topologyKey", "whenUnsatisfiable");
        }

        return ListKind.Map(field.MergeKey);
    }

    /// <summary>
    /// The struct fields of the kinds served: metadata, spec and status; pod templates (<c>template</c>,
    /// <c>jobTemplate</c> and their metadata and spec); <c>containers</c> (no <c>omitempty</c>); workload
    /// <c>strategy</c> and <c>updateStrategy</c>; a CustomResourceDefinition's <c>spec.names</c> and
    /// <c>status.acceptedNames</c>.
    /// </summary>
    public bool IsAlwaysPresent(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Count switch
        {
            0 => true,
            1 => path[0] is "metadata" or "spec" or "status",
            2 when path[0] is "spec" && path[1] is "names" || path[0] is "status" && path[1] is "acceptedNames" => true,
            _ => path[^1] is "template" or "jobTemplate" or "containers" or "strategy" or "updateStrategy"
                || path[^1] is "metadata" or "spec" && path[^2] is "template" or "jobTemplate",
        };
    }

    public bool IsAtomicMap(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // LabelSelector and NodeSelector are +structType=atomic; Service and ReplicationController selectors
        // (map[string]string) are +mapType=atomic.
        return path.Count >= 2 && path[^1] == "selector" && path[^2] == "spec"
            || path.Count >= 1 && path[^1] is "labelSelector" or "namespaceSelector"
            || path.Count >= 2 && path[^1] == "requiredDuringSchedulingIgnoredDuringExecution" && path[^2] == "nodeAffinity";
    }
}
