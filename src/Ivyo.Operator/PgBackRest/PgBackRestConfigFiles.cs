using System.Globalization;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Instances;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Pki;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// The pgBackRest configuration files ivory-operator generates: one for instances, one for the repo host, and one
/// for the TLS server. <c>spec.backups.pgbackrest.global</c> is applied last, so users can override any option.
/// </summary>
public static class PgBackRestConfigFiles
{
    /// <summary>
    /// <c>pgbackrest_instance.conf</c>: every repository and, for volume repositories, how to reach the repo host over
    /// TLS; the local PostgreSQL is <c>pg1</c>.
    /// </summary>
    public static string Instance(IvoryCluster cluster, string ns)
    {
        var ini = new IniDocument();
        ini.Set("global", "log-path", Names.PgBackRestPgDataLogPath);

        var repoHost = RepoHostStatefulSet.Enabled(cluster) ? RepoHostFqdn(cluster.Metadata.Name, ns) : null;
        foreach (var repo in cluster.Spec.Backups.PgBackRest.Repos)
        {
            AddRepo(ini, repo);
            if (repoHost is not null && repo.Volume is not null)
            {
                ini.Set("global", repo.Name + "-host", repoHost);
                ini.Set("global", repo.Name + "-host-type", "tls");
                ini.Set("global", repo.Name + "-host-ca-file", PgBackRestFiles.CaFile);
                ini.Set("global", repo.Name + "-host-cert-file", PgBackRestFiles.ClientCertificateFile);
                ini.Set("global", repo.Name + "-host-key-file", PgBackRestFiles.ClientPrivateKeyFile);
                ini.Set("global", repo.Name + "-host-user", "ivory");
            }
        }

        AddGlobal(ini, cluster);
        AddPostgres(ini, cluster, 1);
        return PgBackRestFiles.GeneratedWarning + ini;
    }

    /// <summary>
    /// <c>pgbackrest_repo.conf</c>: every repository, logs on the first volume repository, and every instance as
    /// <c>pgN</c> reached over TLS, in the order given.
    /// </summary>
    public static string Repo(IvoryCluster cluster, string ns, IReadOnlyList<string> instances)
    {
        var ini = new IniDocument();
        var logPathSet = false;
        foreach (var repo in cluster.Spec.Backups.PgBackRest.Repos)
        {
            AddRepo(ini, repo);
            if (!logPathSet && repo.Volume is not null)
            {
                ini.Set("global", "log-path", Names.PgBackRestRepoLogPath(repo.Name));
                logPathSet = true;
            }
        }

        AddGlobal(ini, cluster);
        for (var i = 0; i < instances.Count; i++)
        {
            var index = i + 1;
            var prefix = "pg" + index.ToString(CultureInfo.InvariantCulture);
            ini.Set(PgBackRestFiles.Stanza, prefix + "-host", CertificateSecrets.InstanceDnsNames(cluster.Metadata.Name, ns, instances[i])[0]);
            ini.Set(PgBackRestFiles.Stanza, prefix + "-host-type", "tls");
            ini.Set(PgBackRestFiles.Stanza, prefix + "-host-ca-file", PgBackRestFiles.CaFile);
            ini.Set(PgBackRestFiles.Stanza, prefix + "-host-cert-file", PgBackRestFiles.ClientCertificateFile);
            ini.Set(PgBackRestFiles.Stanza, prefix + "-host-key-file", PgBackRestFiles.ClientPrivateKeyFile);
            AddPostgres(ini, cluster, index);
        }

        return PgBackRestFiles.GeneratedWarning + ini;
    }

    /// <summary>
    /// <c>pgbackrest-server.conf</c>: the TLS server listens on every IPv4 address (IPv6 with the
    /// <c>pgbackrest-ip-version: IPv6</c> annotation), accepts the cluster's client certificate for every stanza, and
    /// logs to the console only.
    /// </summary>
    public static string Server(IvoryCluster cluster)
    {
        var ini = new IniDocument();
        var ipv6 = cluster.Metadata.Annotations?.TryGetValue(Annotations.PgBackRestIpVersion, out var version) == true
            && string.Equals(version, "IPv6", StringComparison.OrdinalIgnoreCase);
        ini.Set("global", "tls-server-address", ipv6 ? "::" : "0.0.0.0");
        ini.Add("global", "tls-server-auth", ClientCommonName(cluster) + "=*");
        ini.Set("global", "tls-server-ca-file", PgBackRestFiles.CaFile);
        ini.Set("global", "tls-server-cert-file", PgBackRestFiles.ServerCertificateFile);
        ini.Set("global", "tls-server-key-file", PgBackRestFiles.ServerPrivateKeyFile);
        ini.Set("global:server", "log-level-console", "detail");
        ini.Set("global:server", "log-level-stderr", "error");
        ini.Set("global:server", "log-level-file", "off");
        ini.Set("global:server", "log-timestamp", "n");
        return PgBackRestFiles.GeneratedWarning + ini;
    }

    /// <summary>
    /// The common name of the one client certificate of a cluster. It holds the cluster's UID, so the TLS server
    /// authorizes this cluster's clients only, and stays the same as instances come and go.
    /// </summary>
    public static string ClientCommonName(IvoryCluster cluster) => "pgbackrest@" + cluster.Metadata.Uid;

    /// <summary>The fully qualified name of the repo-host pod, which its server certificate carries.</summary>
    public static string RepoHostFqdn(string cluster, string ns) =>
        CertificateSecrets.ServiceDnsNames(Names.StatefulSetPodHost(cluster, Names.PgBackRestRepoHost(cluster)), ns)[0];

    private static void AddRepo(IniDocument ini, PgBackRestRepo repo)
    {
        ini.Set("global", repo.Name + "-path", Names.PgBackRestRepoPath(repo.Name));
        if (repo.Volume is not null)
        {
            return;
        }

        if (repo.Azure is { } azure)
        {
            ini.Set("global", repo.Name + "-type", "azure");
            ini.Set("global", repo.Name + "-azure-container", azure.Container);
        }
        else if (repo.Gcs is { } gcs)
        {
            ini.Set("global", repo.Name + "-type", "gcs");
            ini.Set("global", repo.Name + "-gcs-bucket", gcs.Bucket);
        }
        else if (repo.S3 is { } s3)
        {
            ini.Set("global", repo.Name + "-type", "s3");
            ini.Set("global", repo.Name + "-s3-bucket", s3.Bucket);
            ini.Set("global", repo.Name + "-s3-endpoint", s3.Endpoint);
            ini.Set("global", repo.Name + "-s3-region", s3.Region);
        }
    }

    private static void AddGlobal(IniDocument ini, IvoryCluster cluster)
    {
        foreach (var (key, value) in cluster.Spec.Backups.PgBackRest.Global ?? new Dictionary<string, string>())
        {
            ini.Set("global", key, value);
        }
    }

    private static void AddPostgres(IniDocument ini, IvoryCluster cluster, int index)
    {
        var prefix = "pg" + index.ToString(CultureInfo.InvariantCulture);
        ini.Set(PgBackRestFiles.Stanza, prefix + "-path", InstancePod.DataDirectory(cluster));
        ini.Set(PgBackRestFiles.Stanza, prefix + "-port", (cluster.Spec.Port ?? 5432).ToString(CultureInfo.InvariantCulture));
        ini.Set(PgBackRestFiles.Stanza, prefix + "-socket-path", Names.PostgresSocketDirectory);
    }
}
