using System.Text.Json;
using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Postgres;

namespace Ivyo.Operator.Patroni;

public static partial class PatroniConfig
{
    private const int DefaultLeaderLeaseDurationSeconds = 30;
    private const int DefaultSyncPeriodSeconds = 10;
    private const string BasebackupMethod = "basebackup";
    private const string PgBackRestMethod = "pgbackrest";

    /// <summary>
    /// Patroni's dynamic configuration for <paramref name="cluster"/>: the user's
    /// <c>spec.patroni.dynamicConfiguration</c> (<paramref name="configuration"/>) with IVYO's settings merged in, as
    /// ivory-operator's <c>patroni.DynamicConfiguration</c> does. It is <c>bootstrap.dcs</c> of the cluster YAML before
    /// bootstrap, and the body that replaces Patroni's <c>/config</c> afterwards.
    /// </summary>
    /// <remarks>
    /// <list type="number">
    /// <item>Every root key of the user's configuration passes through (<c>synchronous_mode</c>,
    /// <c>maximum_lag_on_failover</c>, unknown keys, ...), except <c>ttl</c> and <c>loop_wait</c>, which come from
    /// <c>leaderLeaseDurationSeconds</c> and <c>syncPeriodSeconds</c>.</item>
    /// <item><c>postgresql</c>: <c>use_slots: false</c>, then the user's keys, then <c>use_pg_rewind</c> (true from
    /// PostgreSQL 11).</item>
    /// <item><c>postgresql.parameters</c>: defaults, then the user's, then mandatory ones; the user's
    /// <c>shared_preload_libraries</c> are appended after the mandatory libraries.</item>
    /// <item><c>postgresql.pg_hba</c>: mandatory records, then the user's (strings only); the default records only when
    /// the user gives none.</item>
    /// <item><c>standby_cluster</c>, when the cluster is a standby: the user's keys, then host and port, the pgBackRest
    /// <c>restore_command</c>, and <c>create_replica_methods</c>.</item>
    /// </list>
    /// The input is not modified; the result shares no node with it.
    /// </remarks>
    public static JsonObject DynamicConfiguration(
        IvoryCluster cluster, JsonObject? configuration, ParameterSet parameters, HbaSet hbas)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(hbas);

        var root = configuration?.DeepClone().AsObject() ?? [];
        var spec = cluster.Spec.Patroni;
        root["ttl"] = spec?.LeaderLeaseDurationSeconds ?? DefaultLeaderLeaseDurationSeconds;
        root["loop_wait"] = spec?.SyncPeriodSeconds ?? DefaultSyncPeriodSeconds;

        // Slots are off unless the user turns them on: a replica's slot holds WAL on the primary for as long as the
        // replica is away, and replicas can catch up from the pgBackRest archive instead.
        var postgresql = new JsonObject { ["use_slots"] = false };
        if (root["postgresql"] is JsonObject userPostgresql)
        {
            foreach (var (key, value) in userPostgresql)
            {
                postgresql[key] = value?.DeepClone();
            }
        }

        root["postgresql"] = postgresql;
        postgresql["parameters"] = MergeParameters(postgresql["parameters"] as JsonObject, parameters);
        postgresql["pg_hba"] = MergeHba(postgresql["pg_hba"] as JsonArray, hbas);

        // pg_rewind lets a former primary rejoin even when it has commits no replica received: availability over
        // consistency. It runs as the rewind user with the permissions Patroni grants, which needs PostgreSQL 11.
        postgresql["use_pg_rewind"] = cluster.Spec.PostgresVersion > 10;

        if (cluster.Spec.Standby is { } standby && (standby.Enabled ?? true))
        {
            root["standby_cluster"] = StandbyCluster(root["standby_cluster"] as JsonObject, standby, parameters);
        }

        return root;
    }

    private static JsonObject MergeParameters(JsonObject? user, ParameterSet parameters)
    {
        var merged = new JsonObject();
        foreach (var (name, value) in parameters.Default.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            merged[name] = value;
        }

        foreach (var (name, value) in user ?? [])
        {
            Set(merged, name, value?.DeepClone());
        }

        foreach (var (name, value) in parameters.Mandatory.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            // shared_preload_libraries is a list: the user's libraries follow the mandatory ones. A value of another
            // type is replaced, as in ivory-operator.
            if (string.Equals(name, ParameterSet.SharedPreloadLibraries, StringComparison.OrdinalIgnoreCase)
                && Find(merged, name) is { } existing && existing.GetValueKind() == JsonValueKind.String)
            {
                Set(merged, name, PreloadLibraryList.Combine(value, existing.GetValue<string>()));
            }
            else
            {
                Set(merged, name, value);
            }
        }

        return merged;
    }

    /// <summary>
    /// Sets a parameter, replacing any key that differs only in case: PostgreSQL names are case-insensitive, and two
    /// spellings in one file would let the user's win over a mandatory value. (ivory-operator compares exactly.)
    /// </summary>
    private static void Set(JsonObject parameters, string name, JsonNode? value)
    {
        foreach (var key in parameters.Select(pair => pair.Key).Where(key => string.Equals(key, name, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            parameters.Remove(key);
        }

        parameters[name] = value;
    }

    private static JsonNode? Find(JsonObject parameters, string name) =>
        parameters.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static JsonArray MergeHba(JsonArray? user, HbaSet hbas)
    {
        var records = hbas.Mandatory.ToList();
        var mandatory = records.Count;

        // Records that are not strings are skipped.
        foreach (var item in user ?? [])
        {
            if (item is not null && item.GetValueKind() == JsonValueKind.String)
            {
                records.Add(item.GetValue<string>());
            }
        }

        // When the user gives no records, include the recommended defaults.
        if (records.Count == mandatory)
        {
            records.AddRange(hbas.Default);
        }

        return [.. records.Select(record => JsonValue.Create(record))];
    }

    private static JsonObject StandbyCluster(JsonObject? user, StandbySpec standby, ParameterSet parameters)
    {
        var section = user?.DeepClone().AsObject() ?? [];

        // Set below when the cluster follows a repository.
        section.Remove("restore_command");

        var methods = new List<string>();
        if (!string.IsNullOrEmpty(standby.Host))
        {
            section["host"] = standby.Host;
            if (standby.Port is { } port)
            {
                section["port"] = port;
            }

            methods.Add(BasebackupMethod);
        }

        if (!string.IsNullOrEmpty(standby.RepoName))
        {
            // pgBackRest first. The standby leader replays WAL from the repository, with the same command replicas
            // use. (ivory-operator writes an empty command when pgBackRest contributed none; IVYO writes none.)
            methods.Insert(0, PgBackRestMethod);
            if (parameters.Mandatory.TryGetValue(ParameterSet.RestoreCommand, out var restore))
            {
                section["restore_command"] = restore;
            }
        }

        section["create_replica_methods"] = new JsonArray([.. methods.Select(method => JsonValue.Create(method))]);
        return section;
    }
}
