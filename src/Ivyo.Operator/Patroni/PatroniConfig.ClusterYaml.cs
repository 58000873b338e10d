using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Pki;
using Ivyo.Operator.Postgres;

namespace Ivyo.Operator.Patroni;

/// <summary>
/// Patroni's configuration files, as ivory-operator writes them: the cluster-wide YAML of the <c>&lt;c&gt;-config</c>
/// ConfigMap, the per-instance YAML of each <c>&lt;instance&gt;-config</c> ConfigMap, and the dynamic configuration
/// kept in the DCS. Settings that depend on the pod (name, IP, addresses) come from environment variables instead; see
/// <see cref="PatroniPodParts"/>. See <c>README.md</c> beside this file for where each setting comes from.
/// </summary>
public static partial class PatroniConfig
{
    /// <summary>The first lines of every generated file.</summary>
    public const string GeneratedHeader = DesiredState.GeneratedFiles.Header;

    /// <summary>
    /// Whether Patroni has bootstrapped the cluster: it then writes the system identifier to the DCS and the
    /// reconciler copies it to <c>status.patroni.systemIdentifier</c>. Bootstrap settings are ignored afterwards.
    /// </summary>
    public static bool IsBootstrapped(IvoryCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return !string.IsNullOrEmpty(cluster.Status?.Patroni?.SystemIdentifier);
    }

    /// <summary>The settings every instance of the cluster shares, as a JSON tree.</summary>
    public static JsonObject ClusterSettings(IvoryCluster cluster, ParameterSet parameters, HbaSet hbas)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var name = cluster.Metadata.Name;
        const string caFile = Paths.PatroniCertificateAuthorityPath;
        const string certificateFile = Paths.PatroniCertificatePath;

        var root = new JsonObject
        {
            // The cluster identifier; it cannot change during the cluster's lifetime.
            ["scope"] = Names.PatroniScope(name),

            // Kubernetes Endpoints as the DCS. These cannot change during the cluster's lifetime either: there is no
            // way to reconfigure every instance at once.
            ["kubernetes"] = new JsonObject
            {
                ["namespace"] = cluster.Metadata.NamespaceProperty ?? "default",
                // Patroni 3 writes "master" to this label on the leader and Patroni 4 writes "primary";
                // Labels.IsPrimaryRole accepts both. ivory-operator understands only "master".
                ["role_label"] = Labels.Role,
                ["scope_label"] = Labels.Patroni,
                ["use_endpoints"] = true,
                // Patroni adds these and the scope label to every object it creates, and filters its lookups by them.
                ["labels"] = new JsonObject { [Labels.Cluster] = name },
            },

            ["postgresql"] = new JsonObject
            {
                // The database Patroni connects to.
                ["database"] = PostgresHba.MaintenanceDatabase,
                // Replication and pg_rewind connect as the replication user with its client certificate.
                ["authentication"] = new JsonObject
                {
                    ["replication"] = ReplicationAuthentication(),
                    ["rewind"] = ReplicationAuthentication(),
                },
                // Publishes a promoted leader's address as soon as it accepts writes (IVYO's own).
                ["callbacks"] = new JsonObject { ["on_role_change"] = PatroniRoleChangeCallback.Command(cluster) },
            },

            // Every Patroni is a client of every other one: TLS settings must be the same across the cluster.
            ["restapi"] = new JsonObject
            {
                ["cafile"] = caFile,
                ["certfile"] = certificateFile,
                // The private key is in the certificate file.
                ["keyfile"] = null,
                // "required" would be better, but Kubernetes' HTTPS probes cannot present a client certificate.
                ["verify_client"] = "optional",
            },

            // patronictl verifies the server and presents the instance certificate.
            ["ctl"] = new JsonObject
            {
                ["cacert"] = caFile,
                ["certfile"] = certificateFile,
                ["keyfile"] = null,
                ["insecure"] = false,
            },

            // No watchdog device; the liveness probe is a less flexible stand-in.
            ["watchdog"] = new JsonObject { ["mode"] = "off" },
        };

        if (!IsBootstrapped(cluster))
        {
            // Seeds the DCS at bootstrap; ignored afterwards, when the reconciler replaces /config instead.
            // Missing here is "users", which runs after "post_bootstrap".
            root["bootstrap"] = new JsonObject
            {
                ["dcs"] = DynamicConfiguration(cluster, cluster.Spec.Patroni?.DynamicConfiguration, parameters, hbas),
            };
        }

        return root;
    }

    /// <summary>The cluster-wide YAML, the <c>patroni.yaml</c> key of the <c>&lt;c&gt;-config</c> ConfigMap.</summary>
    public static string ClusterYaml(IvoryCluster cluster, ParameterSet parameters, HbaSet hbas) =>
        YamlText.Serialize(ClusterSettings(cluster, parameters, hbas), GeneratedHeader);

    private static JsonObject ReplicationAuthentication() => new()
    {
        ["username"] = CertificateSecrets.ReplicationUser,
        ["sslcert"] = Paths.ReplicationCertificate,
        ["sslkey"] = Paths.ReplicationPrivateKey,
        ["sslrootcert"] = Paths.ReplicationCertificateAuthority,
        ["sslmode"] = "verify-ca",
    };
}
