using Ivyo.Operator.Naming;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// The keys of the pgBackRest ConfigMap and Secrets, and where their files appear in pods. They are ivory-operator's,
/// so that its pods, jobs and images find the files where they expect them.
/// </summary>
public static class PgBackRestFiles
{
    /// <summary>The only stanza: every repository of a cluster holds stanza <c>db</c>.</summary>
    public const string Stanza = "db";

    // Keys of <c>&lt;c&gt;-pgbackrest-config</c>.
    public const string InstanceConfigKey = "pgbackrest_instance.conf";
    public const string RepoConfigKey = "pgbackrest_repo.conf";
    public const string ServerConfigKey = "pgbackrest-server.conf";
    public const string ConfigHashKey = "config-hash";

    // Keys of <c>&lt;c&gt;-pgbackrest</c>.
    public const string CaKey = "pgbackrest.ca-roots";
    public const string ClientCertificateKey = "pgbackrest-client.crt";
    public const string ClientPrivateKeyKey = "pgbackrest-client.key";
    public const string RepoHostCertificateKey = "pgbackrest-repo-host.crt";
    public const string RepoHostPrivateKeyKey = "pgbackrest-repo-host.key";

    // Keys pgBackRest adds to each <c>&lt;instance&gt;-certs</c> Secret when there is a repo host.
    public const string InstanceServerCertificateKey = "pgbackrest-server.crt";
    public const string InstanceServerPrivateKeyKey = "pgbackrest-server.key";

    // Paths inside the configuration volume (<see cref="Names.PgBackRestConfigDirectory"/>).
    public const string ServerConfigPath = "~ivory-operator_server.conf";
    public const string CaPath = "~ivory-operator/tls-ca.crt";
    public const string ClientCertificatePath = "~ivory-operator/client-tls.crt";
    public const string ClientPrivateKeyPath = "~ivory-operator/client-tls.key";

    // Paths inside the server volume (<see cref="Names.PgBackRestServerDirectory"/>).
    public const string ServerCertificatePath = "server-tls.crt";
    public const string ServerPrivateKeyPath = "server-tls.key";

    public const string ServerConfigFile = Names.PgBackRestConfigDirectory + "/" + ServerConfigPath;
    public const string CaFile = Names.PgBackRestConfigDirectory + "/" + CaPath;
    public const string ClientCertificateFile = Names.PgBackRestConfigDirectory + "/" + ClientCertificatePath;
    public const string ClientPrivateKeyFile = Names.PgBackRestConfigDirectory + "/" + ClientPrivateKeyPath;
    public const string ServerCertificateFile = Names.PgBackRestServerDirectory + "/" + ServerCertificatePath;
    public const string ServerPrivateKeyFile = Names.PgBackRestServerDirectory + "/" + ServerPrivateKeyPath;

    /// <summary>pgBackRest refuses private keys that others can read: mode 0600.</summary>
    public const int PrivateKeyMode = 384;

    /// <summary>The first lines of every generated configuration file.</summary>
    public const string GeneratedWarning = DesiredState.GeneratedFiles.Header;
}
