using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Naming;

namespace Ivyo.Operator.Patroni;

public static partial class PatroniConfig
{
    /// <summary>
    /// The settings of one instance of <paramref name="set"/>, as a JSON tree.
    /// <paramref name="pgBackRestReplicaCreateCommand"/> restores a replica's data directory from a pgBackRest
    /// repository (pgBackRest's part provides it); without it, replicas are created with <c>pg_basebackup</c> only.
    /// </summary>
    /// <remarks>
    /// Missing here, as in ivory-operator, are the settings that only the pod knows (<c>name</c>,
    /// <c>kubernetes.pod_ip</c>, <c>kubernetes.ports</c>, <c>postgresql.connect_address</c>, <c>postgresql.listen</c>,
    /// <c>restapi.connect_address</c>, <c>restapi.listen</c>) and <c>postgresql.data_dir</c> and
    /// <c>postgresql.config_dir</c>: all are <c>PATRONI_*</c> environment variables of the database container.
    /// <c>postgresql.bin_dir</c> is not set either: Patroni runs the PostgreSQL programs on the container's PATH.
    /// </remarks>
    public static JsonObject InstanceSettings(
        IvoryCluster cluster, InstanceSet set, IReadOnlyList<string>? pgBackRestReplicaCreateCommand = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(set);
        var version = cluster.Spec.PostgresVersion;
        var walDirectory = Paths.PostgresWalDirectory(version, set.WalVolumeClaimSpec is not null);

        var postgresql = new JsonObject
        {
            ["pgpass"] = Paths.PatroniPgPass,

            // Local connections use a UNIX socket in unix_socket_directories.
            ["use_unix_socket"] = true,

            // Options of pg_basebackup; Patroni prepends "--" to each.
            ["basebackup"] = new JsonArray("waldir=" + walDirectory),
        };

        var methods = new JsonArray();
        if (pgBackRestReplicaCreateCommand is { Count: > 0 } command)
        {
            // pgBackRest first, pg_basebackup when it fails. Patroni deletes the data directory when every method
            // fails, and pgBackRest does not restore into a missing directory, so create it (0700) first.
            // (PATRONI_POSTGRESQL_DATA_DIR is removed by Patroni at run time; PGDATA is the same directory.)
            var words = new List<string> { "bash", "-ceu", "--", "install --directory --mode=0700 \"${PGDATA?}\" && exec \"$@\"", "-" };
            words.AddRange(command);
            postgresql[PgBackRestMethod] = new JsonObject
            {
                ["command"] = string.Join(' ', words.Select(QuoteShellWord)),
                ["keep_data"] = true,
                // Patroni 3 still reads "no_master" (Patroni 4 prefers "no_leader").
                ["no_master"] = true,
                ["no_params"] = true,
            };
            methods.Add(PgBackRestMethod);
        }

        methods.Add(BasebackupMethod);
        postgresql["create_replica_methods"] = methods;

        var root = new JsonObject
        {
            ["kubernetes"] = new JsonObject(),
            ["restapi"] = new JsonObject(),
            ["tags"] = new JsonObject(),
            ["postgresql"] = postgresql,
        };

        if (!IsBootstrapped(cluster))
        {
            root["bootstrap"] = Bootstrap(cluster, version, walDirectory);
        }

        return root;
    }

    /// <summary>The instance YAML, the <c>patroni.yaml</c> key of the <c>&lt;instance&gt;-config</c> ConfigMap.</summary>
    public static string InstanceYaml(
        IvoryCluster cluster, InstanceSet set, IReadOnlyList<string>? pgBackRestReplicaCreateCommand = null) =>
        YamlText.Serialize(InstanceSettings(cluster, set, pgBackRestReplicaCreateCommand), GeneratedHeader);

    /// <summary>Quotes <paramref name="word"/> so that any POSIX shell reads it as one word.</summary>
    public static string QuoteShellWord(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return "'" + word.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";
    }

    private static JsonObject Bootstrap(IvoryCluster cluster, int version, string walDirectory)
    {
        var restoring = cluster.Status?.PgBackRest?.Restore is not null;
        var existingData = !string.IsNullOrEmpty(cluster.Spec.DataSource?.Volumes?.PgDataVolume?.Directory);
        if (restoring || existingData)
        {
            // The data directory was prepared by a restore or a move Job under "<data>_bootstrap"; move it in place.
            var dataDirectory = Paths.PostgresDataDirectory(version);
            return new JsonObject
            {
                ["method"] = "existing",
                ["existing"] = new JsonObject
                {
                    ["command"] = $"mv \"{dataDirectory}_bootstrap\" \"{dataDirectory}\"",
                    // A string, as in ivory-operator; Patroni only tests it for truth.
                    ["no_params"] = "true",
                },
            };
        }

        return new JsonObject
        {
            ["method"] = "initdb",
            // Options of initdb; Patroni prepends "--" to each. Checksums detect silent storage corruption and imply
            // wal_log_hints, which pg_rewind needs; enabling them later means rewriting every file.
            ["initdb"] = new JsonArray("data-checksums", "encoding=UTF8", "waldir=" + walDirectory),
        };
    }
}
