namespace Ivyo.Operator.Naming;

/// <summary>
/// Every object name IVYO derives from a cluster. Nothing else in IVYO formats a name; the names match ivory-operator's
/// so that existing scripts (<c>kubectl delete svc hippo-primary</c>) keep working.
/// </summary>
public static class Names
{
    // Container names.
    public const string ContainerDatabase = "database";
    public const string ContainerIvoryStartup = "ivory-startup";
    public const string ContainerReplicationCertCopy = "replication-cert-copy";
    public const string ContainerNssWrapperInit = "nss-wrapper-init";
    public const string ContainerPgBackRest = "pgbackrest";
    public const string ContainerPgBackRestConfig = "pgbackrest-config";
    public const string ContainerPgBackRestLogDirInit = "pgbackrest-log-dir";
    public const string ContainerPgBouncer = "pgbouncer";
    public const string ContainerPgBouncerConfig = "pgbouncer-config";

    // Port names.
    public const string PortIvory = "ivory";
    public const string PortPatroni = "patroni";
    public const string PortPgBouncer = "pgbouncer";

    // Shared certificate authority, one per namespace.
    public const string RootCertSecret = "ivyo-root-cacert";

    // Mount paths and files in instance pods.
    public const string CertVolume = "cert-volume";
    public const string CertMountPath = "/pgconf/tls";
    public const string ReplicationDirectory = "/replication";
    public const string ReplicationTmp = "/tmp/replication";
    public const string PatroniConfigDirectory = "/etc/patroni";
    public const string DataMountPath = "/pgdata";
    public const string WalMountPath = "/pgwal";
    public const string PgBackRestConfigDirectory = "/etc/pgbackrest/conf.d";

    public static string ClusterConfigMap(string cluster) => cluster + "-config";

    public static string ClusterInstanceRbac(string cluster) => cluster + "-instance";

    public static string ClusterPgBouncer(string cluster) => cluster + "-pgbouncer";

    public static string ClusterPodService(string cluster) => cluster + "-pods";

    public static string ClusterPrimaryService(string cluster) => cluster + "-primary";

    public static string ClusterReplicaService(string cluster) => cluster + "-replicas";

    public static string ClusterTlsSecret(string cluster) => cluster + "-cluster-cert";

    public static string ReplicationClientCertSecret(string cluster) => cluster + "-replication-cert";

    /// <summary>Patroni's scope; also the name of the Service and Endpoints that Patroni's leader election writes.</summary>
    public static string PatroniScope(string cluster) => cluster + "-ha";

    /// <summary>The headless Service and Endpoints Patroni keeps its dynamic configuration in.</summary>
    public static string PatroniDistributedConfiguration(string cluster) => PatroniScope(cluster) + "-config";

    public static string PatroniTrigger(string cluster) => PatroniScope(cluster) + "-failover";

    public static string PatroniLeaderEndpoints(string cluster) => PatroniScope(cluster);

    /// <summary>A new instance name: <c>&lt;cluster&gt;-&lt;set&gt;-&lt;4 random characters&gt;</c>.</summary>
    public static string GenerateInstance(string cluster, string set, IRandomSource random) =>
        cluster + "-" + set + "-" + random.NextString(4);

    public static string InstanceSetPdb(string cluster, string set) => cluster + "-set-" + set;

    public static string InstanceConfigMap(string instance) => instance + "-config";

    public static string InstanceCertificates(string instance) => instance + "-certs";

    public static string InstanceDataVolume(string instance) => instance + "-pgdata";

    public static string InstanceWalVolume(string instance) => instance + "-pgwal";

    public static string InstanceTablespaceVolume(string instance, string tablespace) => instance + "-" + tablespace + "-tablespace";

    public static string PgBackRestConfig(string cluster) => cluster + "-pgbackrest-config";

    public static string PgBackRestSecret(string cluster) => cluster + "-pgbackrest";

    public static string PgBackRestRbac(string cluster) => cluster + "-pgbackrest";

    public static string PgBackRestRepoHost(string cluster) => cluster + "-repo-host";

    public static string PgBackRestRepoVolume(string cluster, string repo) => cluster + "-" + repo;

    public static string PgBackRestCronJob(string cluster, string repo, string backupType) => cluster + "-" + repo + "-" + backupType;

    /// <summary>The Job that restores a cluster's data directory from a backup (an in-place restore).</summary>
    public static string PgBackRestRestoreJob(string cluster) => cluster + "-pgbackrest-restore";

    /// <summary>A new backup Job's name (replica-create or manual): <c>&lt;cluster&gt;-backup-&lt;4 random characters&gt;</c>.</summary>
    public static string GeneratePgBackRestBackupJob(string cluster, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return cluster + "-backup-" + random.NextString(4);
    }

    // pgBackRest: volumes and paths in instance, repo-host and backup pods.
    public const string ContainerPgBackRestRestore = "pgbackrest-restore";
    public const string PgBackRestConfigVolume = "pgbackrest-config";
    public const string PgBackRestServerVolume = "pgbackrest-server";
    public const string PgBackRestServerDirectory = "/etc/pgbackrest/server";
    public const string PgBackRestRepoMountPath = "/pgbackrest";
    public const string PgBackRestPgDataLogPath = "/pgdata/pgbackrest/log";

    /// <summary>Where PostgreSQL binds its Unix socket (<c>PGHOST</c> of the database container).</summary>
    public const string PostgresSocketDirectory = "/tmp/postgres";

    // PgBouncer: its configuration volume.
    public const string PgBouncerConfigVolume = "pgbouncer-config";
    public const string PgBouncerConfigDirectory = "/etc/pgbouncer";

    /// <summary>Where a pgBackRest repository volume is mounted, and the repository's <c>repoN-path</c>.</summary>
    public static string PgBackRestRepoPath(string repo) => PgBackRestRepoMountPath + "/" + repo;

    /// <summary>The log directory of pgBackRest on the repo host, on the first volume repository.</summary>
    public static string PgBackRestRepoLogPath(string repo) => PgBackRestRepoPath(repo) + "/log";

    /// <summary>The host name of the only pod of a StatefulSet under the <c>&lt;c&gt;-pods</c> Service.</summary>
    public static string StatefulSetPodHost(string cluster, string statefulSet) => statefulSet + "-0." + ClusterPodService(cluster);

    /// <summary>The pod volume of an instance's tablespace.</summary>
    public static string TablespaceVolume(string tablespace) => "tablespace-" + tablespace;

    public static string TablespaceMountPath(string tablespace) => "/tablespaces/" + tablespace;

    public static string IvoryUserSecret(string cluster, string user) => cluster + "-pguser-" + user;

    /// <summary>The default instance set names, <c>00</c>, <c>01</c>, ..., for sets that have none.</summary>
    public static string DefaultInstanceSetName(int index) => index.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
}
