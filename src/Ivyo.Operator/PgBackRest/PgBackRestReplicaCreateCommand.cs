using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Instances;
using Ivyo.Operator.Naming;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// The command Patroni runs to build a replica from the first repository's backups (its <c>pgbackrest</c> replica
/// method), before falling back to <c>pg_basebackup</c> from the primary, as ivory-operator configures it. A delta
/// restore reuses whatever files the data directory already has.
/// </summary>
public static class PgBackRestReplicaCreateCommand
{
    public static IReadOnlyList<string>? For(ClusterInputs inputs)
    {
        var repos = inputs.Cluster.Spec.Backups.PgBackRest.Repos;
        if (repos.Count == 0)
        {
            return null;
        }

        return
        [
            "pgbackrest", "restore", "--delta",
            "--stanza=" + PgBackRestFiles.Stanza,
            "--repo=" + PgBackRestBackupJob.RepoIndex(repos[0].Name),
            "--link-map=pg_wal=" + InstancePod.DataDirectory(inputs.Cluster) + "_wal",
        ];
    }
}
