namespace Ivyo.LocalCluster.Patching;

/// <summary>One row of a <see cref="StructPatchMeta"/>: a field's tags and the metadata of its value (or list items).</summary>
public sealed record PatchMetaField(string Name, FieldPatchMeta Meta, IPatchMeta? Child = null)
{
    /// <summary>An untagged field whose value is a struct with tagged fields below.</summary>
    public static PatchMetaField Struct(string name, IPatchMeta child) => new(name, FieldPatchMeta.None, child);

    /// <summary>A list merged by <paramref name="mergeKey"/> (<c>patchStrategy:"merge" patchMergeKey:"..."</c>).</summary>
    public static PatchMetaField MergeBy(string name, string mergeKey, IPatchMeta? item = null) => new(name, FieldPatchMeta.MergeBy(mergeKey), item);

    /// <summary>A list of primitives merged as a set (<c>patchStrategy:"merge"</c>).</summary>
    public static PatchMetaField MergeSet(string name) => new(name, FieldPatchMeta.MergeSet);

    /// <summary>A list merged by <paramref name="mergeKey"/> whose items honour <c>$retainKeys</c> (<c>patchStrategy:"merge,retainKeys"</c>).</summary>
    public static PatchMetaField MergeRetainKeys(string name, string mergeKey, IPatchMeta? item = null) =>
        new(name, new FieldPatchMeta(PatchStrategy.Merge, mergeKey, RetainKeys: true), item);
}
