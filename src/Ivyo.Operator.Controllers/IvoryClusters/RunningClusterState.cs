using Ivyo.Operator.Controllers.Patroni;

namespace Ivyo.Operator.Controllers.IvoryClusters;

/// <summary>What the steps inside the running cluster report for the status.</summary>
/// <param name="PatroniConfiguration">The <c>PatroniConfigurationApplied</c> condition, when there is one to report.</param>
/// <param name="Switchover">The switchover bookkeeping of <c>status.patroni</c>.</param>
/// <param name="UsersRevision"><c>status.usersRevision</c>.</param>
/// <param name="Repos"><c>status.pgbackrest.repos</c>: whether each repository has its stanza.</param>
internal sealed record RunningClusterState(StatusCondition? PatroniConfiguration, SwitchoverStatus Switchover, string? UsersRevision, System.Text.Json.Nodes.JsonArray? Repos);
