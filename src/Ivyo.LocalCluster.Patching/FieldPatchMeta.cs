namespace Ivyo.LocalCluster.Patching;

/// <summary>
/// The strategic-merge-patch tags of one field: <c>patchStrategy</c> (with <c>retainKeys</c> split out, as
/// <c>"merge,retainKeys"</c> on PodSpec.volumes) and <c>patchMergeKey</c>.
/// </summary>
public sealed record FieldPatchMeta(PatchStrategy Strategy, string? MergeKey = null, bool RetainKeys = false)
{
    /// <summary>An untagged field.</summary>
    public static FieldPatchMeta None { get; } = new(PatchStrategy.None);

    /// <summary><c>patchStrategy:"merge"</c> on a list of primitives.</summary>
    public static FieldPatchMeta MergeSet { get; } = new(PatchStrategy.Merge);

    /// <summary><c>patchStrategy:"merge" patchMergeKey:"key"</c>.</summary>
    public static FieldPatchMeta MergeBy(string mergeKey) => new(PatchStrategy.Merge, mergeKey);
}
