using Ivyo.Operator.Controllers.Patroni;

namespace Ivyo.Operator.Controllers.IvoryClusters;

/// <summary>What the steps inside the running cluster report for the status.</summary>
internal sealed record RunningClusterState(StatusCondition? PatroniConfiguration, SwitchoverStatus Switchover, string? UsersRevision);
