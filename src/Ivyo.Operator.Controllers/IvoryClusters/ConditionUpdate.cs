namespace Ivyo.Operator.Controllers.IvoryClusters;

/// <summary>
/// A condition a reconcile step sets (<paramref name="Status"/> <c>True</c>, <c>False</c> or <c>Unknown</c>) or removes
/// (<paramref name="Status"/> null) in the IvoryCluster's status, as <c>meta.SetStatusCondition</c> and
/// <c>meta.RemoveStatusCondition</c> do.
/// </summary>
public sealed record ConditionUpdate(string Type, string? Status, string Reason = "", string Message = "")
{
    /// <summary>Removes the condition <paramref name="type"/>.</summary>
    public static ConditionUpdate Remove(string type) => new(type, null);
}
