namespace Ivyo.Operator.Naming;

/// <summary>
/// Every label key and well-known label value IVYO sets. They match ivory-operator's, so that its users' selectors
/// (<c>kubectl get pods --selector=ivory-operator.ivorysql.org/cluster=hippo</c>) keep working.
/// </summary>
public static class Labels
{
    public const string Prefix = "ivory-operator.ivorysql.org/";

    public const string Cluster = Prefix + "cluster";
    public const string Instance = Prefix + "instance";
    public const string InstanceSet = Prefix + "instance-set";
    public const string Patroni = Prefix + "patroni";
    public const string Role = Prefix + "role";
    public const string Data = Prefix + "data";
    public const string ClusterCertificate = Prefix + "cluster-certificate";
    public const string StartupInstance = Prefix + "startup-instance";
    public const string IvoryUser = Prefix + "pguser";

    public const string PgBackRest = Prefix + "pgbackrest";
    public const string PgBackRestBackup = Prefix + "pgbackrest-backup";
    public const string PgBackRestConfig = Prefix + "pgbackrest-config";
    public const string PgBackRestDedicated = Prefix + "pgbackrest-dedicated";
    public const string PgBackRestRepo = Prefix + "pgbackrest-repo";
    public const string PgBackRestRepoVolume = Prefix + "pgbackrest-volume";
    public const string PgBackRestCronJob = Prefix + "pgbackrest-cronjob";
    public const string PgBackRestRestore = Prefix + "pgbackrest-restore";

    /// <summary>The role label value Patroni 3 sets on the leader. Patroni 4 writes <see cref="RolePrimary"/>.</summary>
    public const string RolePatroniLeader = "master";

    /// <summary>The role label value Patroni 4 sets on the leader (and IVYO's name for the primary).</summary>
    public const string RolePrimary = "primary";

    public const string RoleReplica = "replica";
    public const string RolePgBouncer = "pgbouncer";
    public const string RolePgAdmin = "pgadmin";
    public const string RoleIvoryData = "pgdata";
    public const string RoleIvoryWal = "pgwal";
    public const string RoleIvoryUser = "pguser";
    public const string RoleMonitoring = "monitoring";

    /// <summary>The <see cref="PgBackRestBackup"/> label of the backup that makes replicas from the first repository possible.</summary>
    public const string BackupReplicaCreate = "replica-create";

    /// <summary>The <see cref="PgBackRestBackup"/> label of a backup asked for with the <c>pgbackrest-backup</c> annotation.</summary>
    public const string BackupManual = "manual";

    public const string DataIvory = "ivory";
    public const string DataPgBackRest = "pgbackrest";

    /// <summary>
    /// Whether a role label value names the primary. Patroni 3 writes <c>master</c>, Patroni 4 writes <c>primary</c>;
    /// ivory-operator only recognises <c>master</c>, which breaks with Patroni 4. IVYO treats both as the primary.
    /// </summary>
    public static bool IsPrimaryRole(string? role) => role is RolePatroniLeader or RolePrimary;

    /// <summary>Merges label sets; a later set wins on conflicts.</summary>
    public static Dictionary<string, string> Merge(params IEnumerable<IDictionary<string, string>?> sets)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            if (set is null)
            {
                continue;
            }

            foreach (var (key, value) in set)
            {
                merged[key] = value;
            }
        }

        return merged;
    }

    public static Dictionary<string, string> ForCluster(string cluster) => new(StringComparer.Ordinal) { [Cluster] = cluster };

    public static Dictionary<string, string> ForInstanceSet(string cluster, string set) =>
        new(StringComparer.Ordinal) { [Cluster] = cluster, [InstanceSet] = set };

    public static Dictionary<string, string> ForInstance(string cluster, string set, string instance) =>
        new(StringComparer.Ordinal) { [Cluster] = cluster, [InstanceSet] = set, [Instance] = instance };

    public static Dictionary<string, string> ForPgBackRest(string cluster) =>
        new(StringComparer.Ordinal) { [Cluster] = cluster, [PgBackRest] = "" };

    public static Dictionary<string, string> ForPgBackRestConfig(string cluster) =>
        Merge(ForPgBackRest(cluster), new Dictionary<string, string> { [PgBackRestConfig] = "" });

    public static Dictionary<string, string> ForPgBackRestDedicated(string cluster) =>
        Merge(ForPgBackRest(cluster), new Dictionary<string, string> { [PgBackRestDedicated] = "" });

    public static Dictionary<string, string> ForPgBackRestRepo(string cluster, string repo) =>
        Merge(ForPgBackRest(cluster), new Dictionary<string, string> { [PgBackRestRepo] = repo });

    public static Dictionary<string, string> ForPgBackRestRepoVolume(string cluster, string repo) =>
        Merge(ForPgBackRestRepo(cluster, repo), new Dictionary<string, string> { [PgBackRestRepoVolume] = "", [Data] = DataPgBackRest });

    public static Dictionary<string, string> ForPgBackRestCronJob(string cluster, string repo, string backupType) =>
        Merge(ForPgBackRest(cluster), new Dictionary<string, string> { [PgBackRestRepo] = repo, [PgBackRestCronJob] = backupType });

    /// <summary>The labels of a backup Job (<see cref="BackupReplicaCreate"/> or <see cref="BackupManual"/>) of a repository.</summary>
    public static Dictionary<string, string> ForPgBackRestBackupJob(string cluster, string repo, string backupType) =>
        Merge(ForPgBackRest(cluster), new Dictionary<string, string> { [PgBackRestRepo] = repo, [PgBackRestBackup] = backupType });

    /// <summary>The labels of the restore Job and its pod.</summary>
    public static Dictionary<string, string> ForPgBackRestRestoreJob(string cluster) =>
        Merge(ForPgBackRest(cluster), new Dictionary<string, string> { [PgBackRestRestore] = "" });

    public static Dictionary<string, string> ForPgBouncer(string cluster) =>
        new(StringComparer.Ordinal) { [Cluster] = cluster, [Role] = RolePgBouncer };
}
