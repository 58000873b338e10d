namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>
/// The schema facts server-side apply needs, looked up by a path of field names from the object root, list items
/// included transparently (<c>["spec", "template", "spec", "containers", "ports"]</c>).
/// </summary>
public interface IListTypes
{
    /// <summary>The type of the list at <paramref name="path"/>.</summary>
    ListKind Kind(IReadOnlyList<string> path);

    /// <summary>
    /// Whether the object at <paramref name="path"/> is atomic (<c>x-kubernetes-map-type: atomic</c>,
    /// <c>+structType=atomic</c>): replaced and owned whole rather than field by field.
    /// </summary>
    bool IsAtomicMap(IReadOnlyList<string> path);
}
