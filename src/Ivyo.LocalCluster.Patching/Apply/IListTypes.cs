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

    /// <summary>
    /// Whether the field at <paramref name="path"/> is in the empty object of the type (a Go struct field or a list
    /// without <c>omitempty</c>, such as <c>spec</c> or <c>spec.containers</c>). A create compares against the empty
    /// object, so such fields are not owned themselves, only what they contain.
    /// </summary>
    bool IsAlwaysPresent(IReadOnlyList<string> path);
}
