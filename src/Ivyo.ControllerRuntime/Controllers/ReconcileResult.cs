namespace Ivyo.ControllerRuntime.Controllers;

/// <summary>
/// What a reconcile asks for next, as controller-runtime's <c>reconcile.Result</c>: nothing (the back-off is
/// forgotten), a requeue with the key's back-off, or a requeue after a fixed delay (the back-off is forgotten).
/// </summary>
public readonly record struct ReconcileResult(bool Requeue = false, TimeSpan RequeueAfter = default)
{
    /// <summary>Done; called again only when something changes.</summary>
    public static ReconcileResult Done => default;

    /// <summary>Called again after the key's (growing) back-off.</summary>
    public static ReconcileResult RequeueWithBackoff => new(Requeue: true);

    /// <summary>Called again after <paramref name="delay"/>.</summary>
    public static ReconcileResult After(TimeSpan delay) => new(RequeueAfter: delay);
}
