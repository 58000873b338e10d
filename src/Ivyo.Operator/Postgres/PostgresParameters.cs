using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Images;
using Ivyo.Operator.Naming;

namespace Ivyo.Operator.Postgres;

/// <summary>
/// The PostgreSQL parameters IVYO itself needs, as ivory-operator's <c>ivory.NewParameters</c>,
/// <c>ivory.SetHugePages</c> and <c>pgaudit.IvorySQLParameters</c> set them. Other components add theirs to the
/// returned set (pgBackRest: <c>archive_mode</c>, <c>archive_command</c>, <c>archive_timeout</c>,
/// <c>restore_command</c>).
/// </summary>
/// <remarks>
/// <para>
/// <c>listen_addresses</c> and <c>port</c> are not here: Patroni derives both from <c>postgresql.listen</c> (the
/// <c>PATRONI_POSTGRESQL_LISTEN</c> variable, <c>*:&lt;port&gt;</c>) and ignores them in <c>parameters</c>.
/// </para>
/// <para>
/// <c>password_encryption</c> is a default, not mandatory, as in ivory-operator: users may still need MD5.
/// </para>
/// </remarks>
public static class PostgresParameters
{
    private const string HugePagesResourcePrefix = "hugepages-";

    /// <summary>The parameters of a cluster whose instances run <paramref name="image"/>.</summary>
    public static ParameterSet Build(IvoryCluster cluster, ImageCatalog images, string? image)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(images);
        var parameters = new ParameterSet();

        // Local connections (Patroni's among them) use this socket directory. Restart to change.
        parameters.Mandatory["unix_socket_directories"] = Names.PostgresSocketDirectory;

        // Logical replication in addition to streaming and WAL archiving. Restart to change.
        parameters.Mandatory["wal_level"] = "logical";

        // Always TLS, with the cluster's certificate. Reload to change.
        parameters.Mandatory["ssl"] = "on";
        parameters.Mandatory["ssl_cert_file"] = Paths.ServerCertificate;
        parameters.Mandatory["ssl_key_file"] = Paths.ServerPrivateKey;
        parameters.Mandatory["ssl_ca_file"] = Paths.ServerCertificateAuthority;

        // IvorySQL images preload their Oracle-compatibility libraries. ivory-operator preloads "pgaudit" on every
        // image instead; IVYO preloads exactly what the image catalog lists for the image, and nothing for an image
        // it does not know (a stock PostgreSQL image would not start with a missing library).
        parameters.AppendSharedPreloadLibraries(images.PreloadLibraries(image));

        // Just-in-time compilation can degrade performance unexpectedly; users may enable it.
        parameters.Default["jit"] = "off";

        // SCRAM-SHA-256 rather than MD5, but users may go back to MD5.
        parameters.Default["password_encryption"] = "scram-sha-256";

        // Try huge pages only when some instance set asks for them.
        parameters.Default["huge_pages"] = HugePagesRequested(cluster) ? "try" : "off";

        return parameters;
    }

    /// <summary>Whether any instance set has a <c>hugepages-*</c> resource limit greater than zero.</summary>
    public static bool HugePagesRequested(IvoryCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        foreach (var set in cluster.Spec.Instances ?? [])
        {
            foreach (var (name, quantity) in set.Resources?.Limits ?? new Dictionary<string, k8s.Models.ResourceQuantity>())
            {
                if (name.StartsWith(HugePagesResourcePrefix, StringComparison.Ordinal) && quantity is not null && quantity.ToDecimal() > 0)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
