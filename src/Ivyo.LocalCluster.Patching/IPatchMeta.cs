namespace Ivyo.LocalCluster.Patching;

/// <summary>
/// The strategic-merge-patch metadata of one JSON object type (the Go struct behind it): the tags of its fields and
/// the metadata of each field's value. For a list field the child is the metadata of the list's items.
/// Unknown fields have no tags and an empty child.
/// </summary>
public interface IPatchMeta
{
    /// <summary>The tags of the field <paramref name="name"/>.</summary>
    FieldPatchMeta GetField(string name);

    /// <summary>The metadata of the value of <paramref name="name"/>, or of its items when it is a list.</summary>
    IPatchMeta GetChild(string name);
}
