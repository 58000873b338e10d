namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>
/// <see cref="IListTypes"/> of a custom resource: its CRD schema (<see cref="SchemaListTypes"/>) for everything but
/// <c>metadata</c>, which follows ObjectMeta as for every kind (<c>ownerReferences</c> keyed by <c>uid</c>,
/// <c>finalizers</c> a set), as kube-apiserver builds a CRD's type from its schema with ObjectMeta's definition
/// in place of the schema's <c>metadata</c>.
/// </summary>
public sealed class CustomResourceListTypes(SchemaListTypes schema) : IListTypes
{
    public ListKind Kind(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return IsMetadata(path) ? BuiltInListTypes.ObjectMetaOnly.Kind(path) : schema.Kind(path);
    }

    public bool IsAtomicMap(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return IsMetadata(path) ? BuiltInListTypes.ObjectMetaOnly.IsAtomicMap(path) : schema.IsAtomicMap(path);
    }

    public bool IsAlwaysPresent(IReadOnlyList<string> path) => schema.IsAlwaysPresent(path);

    private static bool IsMetadata(IReadOnlyList<string> path) => path.Count > 0 && path[0] == "metadata";
}
