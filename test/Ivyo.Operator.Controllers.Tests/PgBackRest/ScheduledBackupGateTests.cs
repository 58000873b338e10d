using System.Text.Json.Nodes;
using Ivyo.Operator.Controllers.PgBackRest;

namespace Ivyo.Operator.Controllers.Tests.PgBackRest;

public sealed class ScheduledBackupGateTests
{
    /// <summary>A live status with a system identifier, the PGBackRestReplicaCreate condition and repo1's stanza as given.</summary>
    private static JsonObject Status(string? systemIdentifier = "7300000000000000001", string? replicaCreate = "True", bool? stanzaCreated = true) => new()
    {
        ["patroni"] = systemIdentifier is null ? null : new JsonObject { ["systemIdentifier"] = systemIdentifier },
        ["conditions"] = replicaCreate is null ? null : new JsonArray(new JsonObject { ["type"] = "PGBackRestReplicaCreate", ["status"] = replicaCreate }),
        ["pgbackrest"] = stanzaCreated is null ? null : new JsonObject { ["repos"] = new JsonArray(new JsonObject { ["name"] = "repo1", ["stanzaCreated"] = stanzaCreated }) },
    };

    [Fact]
    public void A_bootstrapped_cluster_with_its_replica_create_backup_and_stanza_gets_its_schedule() =>
        Assert.Equal(new ScheduledBackupDecision(true, null), ScheduledBackupGate.Decide(Status(), "repo1"));

    [Theory]
    [InlineData(null, "True")]
    [InlineData("", "True")]
    [InlineData("7300000000000000001", null)]
    [InlineData("7300000000000000001", "False")]
    [InlineData("7300000000000000001", "Unknown")]
    public void Before_bootstrap_or_the_replica_create_backup_the_schedule_waits_quietly(string? systemIdentifier, string? replicaCreate)
    {
        Assert.Same(ScheduledBackupDecision.Wait, ScheduledBackupGate.Decide(Status(systemIdentifier, replicaCreate), "repo1"));
        Assert.Same(ScheduledBackupDecision.Wait, ScheduledBackupGate.Decide(null, "repo1"));
    }

    [Fact]
    public void A_repository_without_status_or_stanza_holds_its_schedule_with_a_warning()
    {
        var missing = ScheduledBackupGate.Decide(Status(), "repo2");
        Assert.False(missing.Apply);
        Assert.Equal(("InvalidBackupRepo", true), (missing.Event!.Reason, missing.Event.Warning));
        Assert.Contains("\"repo2\"", missing.Event.Message, StringComparison.Ordinal);

        var noStanza = ScheduledBackupGate.Decide(Status(stanzaCreated: false), "repo1");
        Assert.False(noStanza.Apply);
        Assert.Equal(new BackupEvent("StanzaNotCreated", "Stanza not created for \"repo1\" as specified for a scheduled backup", Warning: true), noStanza.Event);
    }
}
