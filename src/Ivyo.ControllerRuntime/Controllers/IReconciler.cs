namespace Ivyo.ControllerRuntime.Controllers;

/// <summary>
/// Brings the world in line with one object, as controller-runtime's <c>reconcile.Reconciler</c>: given the key
/// (<c>namespace/name</c>), read the desired state (typically from an informer's cache) and act. Return a
/// <see cref="ReconcileResult"/> to be called again, or throw to be retried with the key's back-off.
/// </summary>
public interface IReconciler
{
    /// <summary>Reconciles the object with <paramref name="key"/>.</summary>
    Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken);
}
