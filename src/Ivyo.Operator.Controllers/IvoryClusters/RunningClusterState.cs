using System.Text.Json.Nodes;
using Ivyo.Operator.Controllers.Patroni;

namespace Ivyo.Operator.Controllers.IvoryClusters;

/// <summary>What the steps inside the running cluster report for the status.</summary>
/// <param name="PatroniConfiguration">The <c>PatroniConfigurationApplied</c> condition, when there is one to report.</param>
/// <param name="Switchover">The switchover bookkeeping of <c>status.patroni</c>.</param>
/// <param name="UsersRevision"><c>status.usersRevision</c>.</param>
/// <param name="Repos"><c>status.pgbackrest.repos</c>: whether each repository has its stanza and its replica-create backup.</param>
/// <param name="ManualBackup"><c>status.pgbackrest.manualBackup</c>, or null to leave it as it is.</param>
/// <param name="BackupConditions">The pgBackRest conditions to set or remove (replica repo ready, replica create, manual backup, restore).</param>
/// <param name="Restore"><c>status.pgbackrest.restore</c>, or null to leave it as it is.</param>
/// <param name="BootstrapReset">Whether the cluster is no longer bootstrapped (an in-place restore took its DCS away): the system identifier is cleared.</param>
internal sealed record RunningClusterState(
    StatusCondition? PatroniConfiguration, SwitchoverStatus Switchover, string? UsersRevision, JsonArray? Repos,
    JsonObject? ManualBackup = null, IReadOnlyList<ConditionUpdate>? BackupConditions = null, JsonObject? Restore = null, bool BootstrapReset = false);
