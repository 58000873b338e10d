namespace Ivyo.LocalCluster.Patching;

/// <summary>The <c>patchStrategy</c> struct tag of a Kubernetes API field, without <c>retainKeys</c> (see <see cref="FieldPatchMeta.RetainKeys"/>).</summary>
public enum PatchStrategy
{
    /// <summary>No tag: maps merge, lists are replaced.</summary>
    None,

    /// <summary><c>merge</c>: lists of maps merge by the merge key, lists of primitives merge as sets.</summary>
    Merge,

    /// <summary><c>replace</c>: the value is replaced whole.</summary>
    Replace,
}
