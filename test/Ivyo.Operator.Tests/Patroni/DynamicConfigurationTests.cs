using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Images;
using Ivyo.Operator.Patroni;
using Ivyo.Operator.Postgres;

namespace Ivyo.Operator.Tests.Patroni;

public sealed class DynamicConfigurationTests
{
    private static JsonObject Merge(JsonObject? input, ParameterSet? parameters = null, HbaSet? hbas = null, IvoryCluster? cluster = null) =>
        PatroniConfig.DynamicConfiguration(cluster ?? PatroniClusters.Hippo(), input, parameters ?? new ParameterSet(), hbas ?? new HbaSet());

    private static JsonObject Parameters(JsonObject result) => result["postgresql"]!["parameters"]!.AsObject();

    private static List<string> Hba(JsonObject result) =>
        [.. result["postgresql"]!["pg_hba"]!.AsArray().Select(node => node!.GetValue<string>())];

    [Fact]
    public void Empty_input_gets_ttl_loop_wait_and_postgresql_section()
    {
        var result = Merge(null);

        Assert.Equal(30, result["ttl"]!.GetValue<int>());
        Assert.Equal(10, result["loop_wait"]!.GetValue<int>());
        var postgresql = result["postgresql"]!.AsObject();
        Assert.Empty(postgresql["parameters"]!.AsObject());
        Assert.Empty(postgresql["pg_hba"]!.AsArray());
        Assert.True(postgresql["use_pg_rewind"]!.GetValue<bool>());
        Assert.False(postgresql["use_slots"]!.GetValue<bool>());
        Assert.False(result.ContainsKey("standby_cluster"));
    }

    [Fact]
    public void Ttl_and_loop_wait_come_from_the_spec_not_the_input()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Spec.Patroni!.LeaderLeaseDurationSeconds = 99;
        cluster.Spec.Patroni.SyncPeriodSeconds = 8;

        var result = Merge(new JsonObject { ["ttl"] = "nope", ["loop_wait"] = 3 }, cluster: cluster);

        Assert.Equal(99, result["ttl"]!.GetValue<int>());
        Assert.Equal(8, result["loop_wait"]!.GetValue<int>());
    }

    [Fact]
    public void Missing_patroni_spec_falls_back_to_ivory_operator_defaults()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Spec.Patroni = null;

        var result = Merge(null, cluster: cluster);

        Assert.Equal(30, result["ttl"]!.GetValue<int>());
        Assert.Equal(10, result["loop_wait"]!.GetValue<int>());
    }

    [Fact]
    public void Root_keys_pass_through_including_unknown_ones()
    {
        var input = new JsonObject
        {
            ["synchronous_mode"] = true,
            ["synchronous_mode_strict"] = true,
            ["maximum_lag_on_failover"] = 1048576,
            ["retry_timeout"] = 5,
            ["some_future_patroni_key"] = new JsonObject { ["nested"] = new JsonArray(1, "two") },
        };

        var result = Merge(input);

        Assert.True(result["synchronous_mode"]!.GetValue<bool>());
        Assert.True(result["synchronous_mode_strict"]!.GetValue<bool>());
        Assert.Equal(1048576, result["maximum_lag_on_failover"]!.GetValue<int>());
        Assert.Equal(5, result["retry_timeout"]!.GetValue<int>());
        Assert.Equal("""{"nested":[1,"two"]}""", result["some_future_patroni_key"]!.ToJsonString());
    }

    [Fact]
    public void A_user_parameter_overrides_a_default()
    {
        var parameters = new ParameterSet();
        parameters.Default["jit"] = "off";
        parameters.Default["unrelated"] = "default";
        var input = Input(new JsonObject { ["jit"] = "on", ["work_mem"] = "64MB", ["max_connections"] = 200 });

        var result = Parameters(Merge(input, parameters));

        Assert.Equal("on", result["jit"]!.GetValue<string>());
        Assert.Equal("default", result["unrelated"]!.GetValue<string>());
        Assert.Equal("64MB", result["work_mem"]!.GetValue<string>());
        Assert.Equal(200, result["max_connections"]!.GetValue<int>());
    }

    [Fact]
    public void A_mandatory_parameter_overrides_the_users()
    {
        var parameters = new ParameterSet();
        parameters.Mandatory["wal_level"] = "logical";
        parameters.Mandatory["ssl"] = "on";
        var input = Input(new JsonObject { ["wal_level"] = "minimal", ["another"] = 5 });

        var result = Parameters(Merge(input, parameters));

        Assert.Equal("logical", result["wal_level"]!.GetValue<string>());
        Assert.Equal("on", result["ssl"]!.GetValue<string>());
        Assert.Equal(5, result["another"]!.GetValue<int>());
    }

    [Fact]
    public void A_mandatory_parameter_overrides_a_user_spelling_in_another_case()
    {
        var parameters = new ParameterSet();
        parameters.Mandatory["wal_level"] = "logical";

        var result = Parameters(Merge(Input(new JsonObject { ["WAL_Level"] = "minimal" }), parameters));

        Assert.Equal("logical", result["wal_level"]!.GetValue<string>());
        Assert.DoesNotContain(result, pair => pair.Key == "WAL_Level");
    }

    [Fact]
    public void User_shared_preload_libraries_follow_the_mandatory_ones()
    {
        var parameters = new ParameterSet();
        parameters.AppendSharedPreloadLibraries(["liboracle_parser", "ivorysql_ora"]);
        var input = Input(new JsonObject { ["shared_preload_libraries"] = "pg_stat_statements, auto_explain" });

        var result = Parameters(Merge(input, parameters));

        Assert.Equal("liboracle_parser,ivorysql_ora,pg_stat_statements,auto_explain", result["shared_preload_libraries"]!.GetValue<string>());
    }

    [Fact]
    public void User_shared_preload_libraries_that_are_not_a_string_are_replaced()
    {
        var parameters = new ParameterSet();
        parameters.AppendSharedPreloadLibraries(["mandatory"]);

        var result = Parameters(Merge(Input(new JsonObject { ["shared_preload_libraries"] = 1 }), parameters));

        Assert.Equal("mandatory", result["shared_preload_libraries"]!.GetValue<string>());
    }

    [Fact]
    public void Ivorysql_image_preloads_its_libraries_before_the_users()
    {
        var cluster = PatroniClusters.Hippo();
        var parameters = PostgresParameters.Build(cluster, ImageCatalog.Default, PatroniClusters.IvoryImage);
        var input = Input(new JsonObject { ["shared_preload_libraries"] = "pg_stat_statements" });

        var result = Parameters(Merge(input, parameters, cluster: cluster));

        Assert.Equal("liboracle_parser,ivorysql_ora,pg_stat_statements", result["shared_preload_libraries"]!.GetValue<string>());
    }

    [Fact]
    public void Image_missing_from_the_catalog_preloads_only_what_the_user_asks()
    {
        var cluster = PatroniClusters.Hippo();
        var parameters = PostgresParameters.Build(cluster, ImageCatalog.Default, PatroniClusters.StockImage);

        var withoutUser = Parameters(Merge(null, parameters, cluster: cluster));
        var withUser = Parameters(Merge(Input(new JsonObject { ["shared_preload_libraries"] = "pg_stat_statements" }), parameters, cluster: cluster));

        Assert.False(withoutUser.ContainsKey("shared_preload_libraries"));
        Assert.Equal("pg_stat_statements", withUser["shared_preload_libraries"]!.GetValue<string>());
    }

    [Fact]
    public void Parameters_of_the_wrong_type_are_ignored()
    {
        var parameters = new ParameterSet();
        parameters.Default["jit"] = "off";

        var result = Merge(new JsonObject { ["postgresql"] = new JsonObject { ["parameters"] = true } }, parameters);

        Assert.Equal("""{"jit":"off"}""", Parameters(result).ToJsonString());
    }

    [Fact]
    public void Postgresql_section_of_the_wrong_type_is_ignored()
    {
        var result = Merge(new JsonObject { ["postgresql"] = true });

        Assert.False(result["postgresql"]!["use_slots"]!.GetValue<bool>());
    }

    [Fact]
    public void Use_pg_rewind_is_forced_and_use_slots_is_a_default()
    {
        var input = new JsonObject { ["postgresql"] = new JsonObject { ["use_pg_rewind"] = false, ["use_slots"] = true, ["custom"] = "kept" } };

        var postgresql = Merge(input)["postgresql"]!;

        Assert.True(postgresql["use_pg_rewind"]!.GetValue<bool>());
        Assert.True(postgresql["use_slots"]!.GetValue<bool>());
        Assert.Equal("kept", postgresql["custom"]!.GetValue<string>());
    }

    [Fact]
    public void Use_pg_rewind_is_off_for_postgres_10()
    {
        var result = Merge(null, cluster: PatroniClusters.Hippo(postgresVersion: 10));

        Assert.False(result["postgresql"]!["use_pg_rewind"]!.GetValue<bool>());
    }

    [Fact]
    public void Pg_hba_puts_mandatory_lines_first_then_the_users_without_defaults()
    {
        var hbas = PostgresHba.Build();
        var input = new JsonObject
        {
            ["postgresql"] = new JsonObject { ["pg_hba"] = new JsonArray("hostssl all app 10.0.0.0/8 scram-sha-256", "host all all all reject") },
        };

        var result = Hba(Merge(input, hbas: hbas));

        Assert.Equal([.. hbas.Mandatory, "hostssl all app 10.0.0.0/8 scram-sha-256", "host all all all reject"], result);
        Assert.DoesNotContain("hostssl all all all md5", result);
    }

    [Fact]
    public void Pg_hba_defaults_apply_when_the_user_gives_none()
    {
        var hbas = PostgresHba.Build();

        Assert.Equal([.. hbas.Mandatory, .. hbas.Default], Hba(Merge(null, hbas: hbas)));
        Assert.Equal([.. hbas.Mandatory, .. hbas.Default],
            Hba(Merge(new JsonObject { ["postgresql"] = new JsonObject { ["pg_hba"] = new JsonArray() } }, hbas: hbas)));
    }

    [Fact]
    public void Pg_hba_skips_entries_that_are_not_strings()
    {
        var hbas = new HbaSet();
        hbas.AddMandatory(HostBasedAuthentication.Any().Local().Method("peer"));
        var input = new JsonObject
        {
            ["postgresql"] = new JsonObject { ["pg_hba"] = new JsonArray(1, true, "custom", new JsonObject(), new JsonArray(), null) },
        };

        Assert.Equal(["local all all peer", "custom"], Hba(Merge(input, hbas: hbas)));
    }

    [Fact]
    public void Standby_from_a_repository_uses_pgbackrest_and_its_restore_command()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Spec.Standby = new StandbySpec { Enabled = true, RepoName = "repo1" };
        var parameters = new ParameterSet();
        parameters.Mandatory["restore_command"] = "pgbackrest --stanza=db archive-get %f \"%p\" --repo=1";
        var input = new JsonObject { ["standby_cluster"] = new JsonObject { ["restore_command"] = "overridden", ["unrelated"] = "input" } };

        var standby = Merge(input, parameters, cluster: cluster)["standby_cluster"]!.AsObject();

        Assert.Equal("""["pgbackrest"]""", standby["create_replica_methods"]!.ToJsonString());
        Assert.Equal("pgbackrest --stanza=db archive-get %f \"%p\" --repo=1", standby["restore_command"]!.GetValue<string>());
        Assert.Equal("input", standby["unrelated"]!.GetValue<string>());
        Assert.False(standby.ContainsKey("host"));
    }

    [Fact]
    public void Standby_from_a_host_streams_with_basebackup()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Spec.Standby = new StandbySpec { Enabled = true, Host = "primary.example", Port = 6543 };
        var input = new JsonObject { ["standby_cluster"] = new JsonObject { ["host"] = "overridden", ["restore_command"] = "dropped" } };

        var standby = Merge(input, cluster: cluster)["standby_cluster"]!.AsObject();

        Assert.Equal("""["basebackup"]""", standby["create_replica_methods"]!.ToJsonString());
        Assert.Equal("primary.example", standby["host"]!.GetValue<string>());
        Assert.Equal(6543, standby["port"]!.GetValue<int>());
        Assert.False(standby.ContainsKey("restore_command"));
    }

    [Fact]
    public void Standby_from_both_prefers_pgbackrest()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Spec.Standby = new StandbySpec { Enabled = true, Host = "primary.example", RepoName = "repo2" };

        var standby = Merge(null, cluster: cluster)["standby_cluster"]!.AsObject();

        Assert.Equal("""["pgbackrest","basebackup"]""", standby["create_replica_methods"]!.ToJsonString());
    }

    [Fact]
    public void Disabled_standby_leaves_the_users_section_alone()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Spec.Standby = new StandbySpec { Enabled = false, RepoName = "repo1" };
        var input = new JsonObject { ["standby_cluster"] = new JsonObject { ["primary_slot_name"] = "str" } };

        var result = Merge(input, cluster: cluster);

        Assert.Equal("""{"primary_slot_name":"str"}""", result["standby_cluster"]!.ToJsonString());
    }

    [Fact]
    public void The_input_is_not_modified_and_can_be_merged_again()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Spec.Patroni!.DynamicConfiguration = new JsonObject
        {
            ["synchronous_mode"] = true,
            ["postgresql"] = new JsonObject { ["parameters"] = new JsonObject { ["jit"] = "on" }, ["pg_hba"] = new JsonArray("custom") },
        };
        var before = cluster.Spec.Patroni.DynamicConfiguration.ToJsonString();
        var parameters = new ParameterSet();
        parameters.Mandatory["ssl"] = "on";

        var first = PatroniConfig.DynamicConfiguration(cluster, cluster.Spec.Patroni.DynamicConfiguration, parameters, PostgresHba.Build());
        var second = PatroniConfig.DynamicConfiguration(cluster, cluster.Spec.Patroni.DynamicConfiguration, parameters, PostgresHba.Build());

        Assert.Equal(before, cluster.Spec.Patroni.DynamicConfiguration.ToJsonString());
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        first["postgresql"]!["parameters"]!["jit"] = "changed";
        Assert.Equal("on", second["postgresql"]!["parameters"]!["jit"]!.GetValue<string>());
    }

    [Fact]
    public void Works_on_configuration_deserialized_from_json()
    {
        var input = JsonNode.Parse("""{"synchronous_mode":true,"postgresql":{"parameters":{"max_connections":"100"},"pg_hba":["custom"]}}""")!.AsObject();

        var result = Merge(input, hbas: PostgresHba.Build());

        Assert.True(result["synchronous_mode"]!.GetValue<bool>());
        Assert.Equal("100", Parameters(result)["max_connections"]!.GetValue<string>());
        Assert.Equal("custom", Hba(result)[^1]);
    }

    private static JsonObject Input(JsonObject parameters) =>
        new() { ["postgresql"] = new JsonObject { ["parameters"] = parameters } };
}
