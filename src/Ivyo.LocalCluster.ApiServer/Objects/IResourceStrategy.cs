using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.ApiServer.Objects;

/// <summary>
/// What differs between resources beyond the generic rules: defaulting and validation of built-in types, ClusterIP
/// allocation, finalizers the garbage collector adds on delete.
/// </summary>
public interface IResourceStrategy
{
    /// <summary>Defaults and validates a built-in object; adds field errors to <paramref name="errors"/>.</summary>
    JsonObject Admit(ServedResource resource, JsonObject obj, JsonObject? old, WriteOptions options, List<(string Field, string Message)> errors);

    Task BeforeCreateAsync(ServedResource resource, JsonObject obj, CancellationToken cancellationToken);

    Task BeforeUpdateAsync(ServedResource resource, JsonObject updated, JsonObject current, CancellationToken cancellationToken);

    /// <summary>Finalizers a delete adds, such as <c>foregroundDeletion</c> or <c>orphan</c> for those policies.</summary>
    IEnumerable<string> FinalizersOnDelete(ServedResource resource, JsonObject obj, string? propagationPolicy);

    /// <summary>
    /// Whether the object stays, marked as being deleted, even without metadata finalizers: a namespace until its
    /// <c>spec.finalizers</c> are done.
    /// </summary>
    bool HoldsDeletion(ServedResource resource, JsonObject obj);

    /// <summary>
    /// The grace period of a delete for resources deleted gracefully (pods), or null for those deleted at once.
    /// <paramref name="requested"/> is the delete's <c>gracePeriodSeconds</c>, if it gave one.
    /// </summary>
    long? GracePeriodSeconds(ServedResource resource, JsonObject obj, long? requested);

    /// <summary>What the first delete changes besides <c>deletionTimestamp</c>: a namespace turns <c>Terminating</c>.</summary>
    void MarkDeleting(ServedResource resource, JsonObject obj);
}
