using System.Globalization;

namespace Ivyo.Operator.Naming;

/// <summary>
/// Files, directories and ConfigMap keys inside instance pods that PostgreSQL and Patroni are configured with. They
/// match ivory-operator's so that its images, scripts and <c>patronictl</c> habits keep working.
/// </summary>
public static class Paths
{
    /// <summary>The server certificate, key and authority projected from <c>&lt;c&gt;-cluster-cert</c> (or the custom one).</summary>
    public const string ServerCertificate = Names.CertMountPath + "/tls.crt";

    public const string ServerPrivateKey = Names.CertMountPath + "/tls.key";

    public const string ServerCertificateAuthority = Names.CertMountPath + "/ca.crt";

    /// <summary>
    /// The replication client certificate, copied from <c>/pgconf/tls/replication</c> to <c>/tmp/replication</c> with
    /// mode 0600 by the startup and <c>replication-cert-copy</c> containers, since libpq refuses keys others can read.
    /// </summary>
    public const string ReplicationCertificate = Names.ReplicationTmp + "/tls.crt";

    public const string ReplicationPrivateKey = Names.ReplicationTmp + "/tls.key";

    public const string ReplicationCertificateAuthority = Names.ReplicationTmp + "/ca.crt";

    /// <summary>Patroni checks at startup that it can write here, whether passwords are used or not.</summary>
    public const string PatroniPgPass = "/tmp/.pgpass";

    /// <summary>The projected volume mounted at <see cref="Names.PatroniConfigDirectory"/>.</summary>
    public const string PatroniConfigVolume = "patroni-config";

    /// <summary>The key of Patroni's YAML in both the <c>&lt;c&gt;-config</c> and <c>&lt;instance&gt;-config</c> ConfigMaps.</summary>
    public const string PatroniConfigMapKey = "patroni.yaml";

    /// <summary>
    /// The files Patroni reads from its configuration directory, in alphabetical order: cluster-wide settings first,
    /// then the instance's. Patroni merges every <c>*.yml</c>/<c>*.yaml</c> file of the directory in that order.
    /// </summary>
    public const string PatroniClusterConfigFile = "~ivory-operator_cluster.yaml";

    public const string PatroniInstanceConfigFile = "~ivory-operator_instance.yaml";

    /// <summary>The root certificate authority, relative to the configuration directory; not a <c>*.yaml</c> file.</summary>
    public const string PatroniCertificateAuthorityFile = "~ivory-operator/patroni.ca-roots";

    /// <summary>The instance certificate and its private key in one file, relative to the configuration directory.</summary>
    public const string PatroniCertificateFile = "~ivory-operator/patroni.crt+key";

    /// <summary>Where Patroni (and its REST clients in the pod) read the CA: <see cref="PatroniCertificateAuthorityFile"/> in the mounted directory.</summary>
    public const string PatroniCertificateAuthorityPath = Names.PatroniConfigDirectory + "/" + PatroniCertificateAuthorityFile;

    /// <summary>Where Patroni (and its REST clients in the pod) read the instance certificate and key.</summary>
    public const string PatroniCertificatePath = Names.PatroniConfigDirectory + "/" + PatroniCertificateFile;

    /// <summary>PostgreSQL's data directory (also its configuration directory): one per major version.</summary>
    public static string PostgresDataDirectory(int postgresVersion) =>
        Names.DataMountPath + "/pg" + postgresVersion.ToString(CultureInfo.InvariantCulture);

    /// <summary>Where an instance keeps its WAL: on the WAL volume when its set has one, else beside the data.</summary>
    public static string PostgresWalDirectory(int postgresVersion, bool walVolume) =>
        (walVolume ? Names.WalMountPath : Names.DataMountPath) + "/pg" + postgresVersion.ToString(CultureInfo.InvariantCulture) + "_wal";
}
