namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>The <c>operation</c> values of a managedFields entry.</summary>
public static class ManagedFieldsOperation
{
    /// <summary>A server-side apply (<c>PATCH</c> with <c>application/apply-patch+yaml</c>).</summary>
    public const string Apply = "Apply";

    /// <summary>Any other write: create, update, non-apply patch.</summary>
    public const string Update = "Update";
}
