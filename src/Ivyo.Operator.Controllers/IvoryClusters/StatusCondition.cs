namespace Ivyo.Operator.Controllers.IvoryClusters;

/// <summary>A condition a reconcile step reports in the IvoryCluster's status.</summary>
public sealed record StatusCondition(string Type, bool Status, string Reason, string Message);
