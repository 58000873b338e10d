namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>A field an apply would change that another manager owns.</summary>
/// <param name="Owner">The managedFields entry owning the field.</param>
/// <param name="Path">The field's path elements (<c>["f:data", "f:key"]</c>).</param>
public sealed record FieldConflict(ManagedFieldsEntry Owner, IReadOnlyList<string> Path)
{
    /// <summary>The owning manager's name.</summary>
    public string Manager => Owner.Manager;

    /// <summary>The field as Kubernetes prints it: <c>.data.key</c>.</summary>
    public string Field => PathElements.Format(Path);

    /// <summary>The cause message: <c>conflict with "kubectl-client-side-apply" using v1</c>.</summary>
    public string Message => "conflict with " + Owner.Describe();
}
