using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Controllers.PgBackRest;
using Ivyo.Operator.PgBackRest;
using k8s.Models;

namespace Ivyo.Operator.Controllers.Tests.PgBackRest;

/// <summary>hippo with a volume repository (and so a repository host), its status and Jobs, for the backup decisions.</summary>
internal static class BackupTestCluster
{
    public const string Image = "docker.io/ivorysql/pgbackrest:test";

    public static IvoryCluster Hippo(PgBackRestManualBackup? manual = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "hippo", NamespaceProperty = "zoo", Uid = "u-1" },
        Spec = new IvoryClusterSpec
        {
            Instances = [new InstanceSet { Name = "instance1" }],
            Backups = new Backups
            {
                PgBackRest = new PgBackRestArchive
                {
                    Repos = [new PgBackRestRepo { Name = "repo1", Volume = new RepoPvc() }],
                    Manual = manual,
                },
            },
        },
    };

    public static JsonArray Repos(bool stanzaCreated = true, bool replicaCreateBackupComplete = false) =>
        [new JsonObject { ["name"] = "repo1", ["stanzaCreated"] = stanzaCreated, ["replicaCreateBackupComplete"] = replicaCreateBackupComplete }];

    public static BackupInputs Inputs(IvoryCluster cluster, JsonArray? repos, params JsonObject[] jobs) =>
        new(cluster, repos, jobs, Writable: true, RepoHostReady: true, Image, () => "hippo-backup-new1");

    /// <summary>A Job as the cache holds it: labels and annotations of <paramref name="backupType"/>, and its conditions.</summary>
    public static JsonObject Job(string name, string backupType, IDictionary<string, string> annotations, string? condition = null, string repo = "repo1")
    {
        var job = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["uid"] = "uid-" + name,
                ["labels"] = new JsonObject
                {
                    ["ivory-operator.ivorysql.org/cluster"] = "hippo",
                    ["ivory-operator.ivorysql.org/pgbackrest-repo"] = repo,
                    ["ivory-operator.ivorysql.org/pgbackrest-backup"] = backupType,
                },
                ["annotations"] = new JsonObject([.. annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value))]),
            },
            ["status"] = new JsonObject { ["startTime"] = "2026-11-27T04:00:00Z", ["active"] = condition is null ? 1 : null },
        };
        if (condition is not null)
        {
            job["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = condition, ["status"] = "True" });
            job["status"]![condition == "Complete" ? "succeeded" : "failed"] = 1;
            if (condition == "Complete")
            {
                job["status"]!["completionTime"] = "2026-11-27T04:01:00Z";
            }
        }

        return job;
    }

    public static JsonObject ReplicaCreateJob(IvoryCluster cluster, string? condition = null, string container = "pgbackrest", string? hash = null) =>
        Job("hippo-backup-old1", "replica-create", new Dictionary<string, string>
        {
            ["ivory-operator.ivorysql.org/pgbackrest-config"] = container,
            ["ivory-operator.ivorysql.org/pgbackrest-hash"] = hash ?? PgBackRestConfigHash.Compute(cluster),
        }, condition);

    public static JsonObject ManualJob(string id, string? condition = null) =>
        Job("hippo-backup-man1", "manual", new Dictionary<string, string> { ["ivory-operator.ivorysql.org/pgbackrest-backup"] = id }, condition);
}
