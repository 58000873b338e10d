namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>
/// <see cref="IListTypes"/> of a built-in kind derived from its strategic-merge-patch metadata: <c>merge</c> with a
/// merge key is a map list keyed by it, <c>merge</c> without one is a set, anything else is atomic. The few lists
/// whose <c>listMapKeys</c> differ from their <c>patchMergeKey</c> (container and service ports keyed with
/// <c>protocol</c> too, topology spread constraints with <c>whenUnsatisfiable</c>) and the atomic label selectors
/// follow the Kubernetes OpenAPI.
/// </summary>
public sealed class BuiltInListTypes : IListTypes
{
    private readonly IPatchMeta _meta;

    public BuiltInListTypes(IPatchMeta meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        _meta = meta;
    }

    /// <summary>The list types of a built-in kind, or null when the kind has no metadata (a custom resource).</summary>
    public static BuiltInListTypes? For(string apiVersion, string kind) =>
        BuiltInPatchMeta.TryGet(apiVersion, kind, out var meta) ? new BuiltInListTypes(meta) : null;

    public ListKind Kind(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
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
    /// <c>strategy</c> and <c>updateStrategy</c>.
    /// </summary>
    public bool IsAlwaysPresent(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Count switch
        {
            0 => true,
            1 => path[0] is "metadata" or "spec" or "status",
            _ => path[^1] is "template" or "jobTemplate" or "containers" or "strategy" or "updateStrategy"
                || path[^1] is "metadata" or "spec" && path[^2] is "template" or "jobTemplate",
        };
    }

    public bool IsAtomicMap(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Count >= 2 && path[^1] == "selector" && path[^2] == "spec"
            || path.Count >= 1 && path[^1] is "labelSelector" or "namespaceSelector";
    }
}
