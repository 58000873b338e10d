namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>
/// The difference between two objects as field sets, structured-merge-diff <c>typed.Comparison</c>: fields (and
/// every node beneath them) only in the new object, only in the old one, and leaves whose value changed.
/// </summary>
public sealed record FieldComparison(FieldSet Added, FieldSet Modified, FieldSet Removed)
{
    /// <summary>Whether the objects are the same.</summary>
    public bool IsEmpty => Added.IsEmpty && Modified.IsEmpty && Removed.IsEmpty;
}
