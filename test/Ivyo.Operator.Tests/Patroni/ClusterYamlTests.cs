using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Images;
using Ivyo.Operator.Patroni;
using Ivyo.Operator.Postgres;

namespace Ivyo.Operator.Tests.Patroni;

public sealed class ClusterYamlTests
{
    private static string Yaml(IvoryCluster cluster) =>
        PatroniConfig.ClusterYaml(cluster, PostgresParameters.Build(cluster, ImageCatalog.Default, PatroniClusters.IvoryImage), PostgresHba.Build());

    [Fact]
    public void Kubernetes_dcs_uses_endpoints_with_ivyo_labels()
    {
        var root = YamlAssert.Load(Yaml(PatroniClusters.Hippo()));

        Assert.Equal("hippo-ha", YamlAssert.Scalar(root, "scope"));
        Assert.Equal("true", YamlAssert.Scalar(root, "kubernetes", "use_endpoints"));
        Assert.Equal("zoo", YamlAssert.Scalar(root, "kubernetes", "namespace"));
        Assert.Equal("ivory-operator.ivorysql.org/patroni", YamlAssert.Scalar(root, "kubernetes", "scope_label"));
        Assert.Equal("ivory-operator.ivorysql.org/role", YamlAssert.Scalar(root, "kubernetes", "role_label"));
        Assert.Equal("hippo", YamlAssert.Scalar(root, "kubernetes", "labels", "ivory-operator.ivorysql.org/cluster"));
    }

    [Fact]
    public void Ttl_and_loop_wait_follow_the_spec()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Spec.Patroni!.LeaderLeaseDurationSeconds = 60;
        cluster.Spec.Patroni.SyncPeriodSeconds = 15;

        var root = YamlAssert.Load(Yaml(cluster));

        Assert.Equal("60", YamlAssert.Scalar(root, "bootstrap", "dcs", "ttl"));
        Assert.Equal("15", YamlAssert.Scalar(root, "bootstrap", "dcs", "loop_wait"));
    }

    [Fact]
    public void Replication_and_rewind_authenticate_with_the_replication_certificate()
    {
        var root = YamlAssert.Load(Yaml(PatroniClusters.Hippo()));

        foreach (var user in new[] { "replication", "rewind" })
        {
            Assert.Equal("_ivoryrepl", YamlAssert.Scalar(root, "postgresql", "authentication", user, "username"));
            Assert.Equal("/tmp/replication/tls.crt", YamlAssert.Scalar(root, "postgresql", "authentication", user, "sslcert"));
            Assert.Equal("/tmp/replication/tls.key", YamlAssert.Scalar(root, "postgresql", "authentication", user, "sslkey"));
            Assert.Equal("/tmp/replication/ca.crt", YamlAssert.Scalar(root, "postgresql", "authentication", user, "sslrootcert"));
            Assert.Equal("verify-ca", YamlAssert.Scalar(root, "postgresql", "authentication", user, "sslmode"));
        }

        Assert.Equal("postgres", YamlAssert.Scalar(root, "postgresql", "database"));
    }

    [Fact]
    public void Rest_api_and_patronictl_use_the_instance_certificate()
    {
        var root = YamlAssert.Load(Yaml(PatroniClusters.Hippo()));

        Assert.Equal("/etc/patroni/~ivory-operator/patroni.ca-roots", YamlAssert.Scalar(root, "restapi", "cafile"));
        Assert.Equal("/etc/patroni/~ivory-operator/patroni.crt+key", YamlAssert.Scalar(root, "restapi", "certfile"));
        Assert.Equal("optional", YamlAssert.Scalar(root, "restapi", "verify_client"));
        Assert.Equal("/etc/patroni/~ivory-operator/patroni.ca-roots", YamlAssert.Scalar(root, "ctl", "cacert"));
        Assert.Equal("/etc/patroni/~ivory-operator/patroni.crt+key", YamlAssert.Scalar(root, "ctl", "certfile"));
        Assert.Equal("false", YamlAssert.Scalar(root, "ctl", "insecure"));
        Assert.Equal("off", YamlAssert.Scalar(root, "watchdog", "mode"));
    }

    [Fact]
    public void Bootstrap_dcs_carries_the_merged_dynamic_configuration()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Spec.Patroni!.DynamicConfiguration = new JsonObject
        {
            ["synchronous_mode"] = true,
            ["synchronous_mode_strict"] = true,
            ["postgresql"] = new JsonObject { ["parameters"] = new JsonObject { ["jit"] = "on", ["wal_level"] = "minimal" } },
        };

        var root = YamlAssert.Load(Yaml(cluster));

        Assert.Equal("true", YamlAssert.Scalar(root, "bootstrap", "dcs", "synchronous_mode"));
        Assert.Equal("true", YamlAssert.Scalar(root, "bootstrap", "dcs", "synchronous_mode_strict"));
        Assert.Equal("on", YamlAssert.Scalar(root, "bootstrap", "dcs", "postgresql", "parameters", "jit"));
        Assert.Equal("logical", YamlAssert.Scalar(root, "bootstrap", "dcs", "postgresql", "parameters", "wal_level"));
        Assert.Equal("true", YamlAssert.Scalar(root, "bootstrap", "dcs", "postgresql", "use_pg_rewind"));
        Assert.Equal("local all \"postgres\" peer", YamlAssert.Strings(root, "bootstrap", "dcs", "postgresql", "pg_hba")[0]);
    }

    [Fact]
    public void Bootstrap_is_left_out_once_patroni_has_bootstrapped()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Status = new IvoryClusterStatus { Patroni = new PatroniStatus { SystemIdentifier = "7000000000000000000" } };

        var root = YamlAssert.Load(Yaml(cluster));

        Assert.False(YamlAssert.Has(root, "bootstrap"));
        Assert.True(YamlAssert.Has(root, "kubernetes"));
    }

    [Fact]
    public void Yaml_is_deterministic_and_sorted()
    {
        var first = Yaml(PatroniClusters.Hippo());
        var second = Yaml(PatroniClusters.Hippo());

        Assert.Equal(first, second);
        Assert.StartsWith(PatroniConfig.GeneratedHeader + "bootstrap:\n  dcs:\n    loop_wait: 10\n", first, StringComparison.Ordinal);
        var topLevel = first.Split('\n').Where(line => line.Length > 0 && char.IsAsciiLetterLower(line[0])).Select(line => line.Split(':')[0]).ToList();
        Assert.Equal(["bootstrap", "ctl", "kubernetes", "postgresql", "restapi", "scope", "watchdog"], topLevel);
    }

    [Fact]
    public void Matches_ivory_operator_layout_apart_from_IVYOs_role_change_callback()
    {
        var cluster = PatroniClusters.Hippo();
        cluster.Status = new IvoryClusterStatus { Patroni = new PatroniStatus { SystemIdentifier = "1" } };

        // The callback is IVYO's own (RoleChangeCallbackTests); the rest is ivory-operator's file, key by key.
        var settings = PatroniConfig.ClusterSettings(cluster, new ParameterSet(), new HbaSet());
        Assert.True(settings["postgresql"]!.AsObject().Remove("callbacks"));
        var yaml = YamlText.Serialize(settings, PatroniConfig.GeneratedHeader);
        Assert.Contains("  callbacks:\n    on_role_change: ", PatroniConfig.ClusterYaml(cluster, new ParameterSet(), new HbaSet()), StringComparison.Ordinal);

        Assert.Equal("""
            # Generated by IVYO. DO NOT EDIT.
            # Your changes will not be saved.
            ctl:
              cacert: /etc/patroni/~ivory-operator/patroni.ca-roots
              certfile: /etc/patroni/~ivory-operator/patroni.crt+key
              insecure: false
              keyfile: null
            kubernetes:
              labels:
                ivory-operator.ivorysql.org/cluster: hippo
              namespace: zoo
              role_label: ivory-operator.ivorysql.org/role
              scope_label: ivory-operator.ivorysql.org/patroni
              use_endpoints: true
            postgresql:
              authentication:
                replication:
                  sslcert: /tmp/replication/tls.crt
                  sslkey: /tmp/replication/tls.key
                  sslmode: verify-ca
                  sslrootcert: /tmp/replication/ca.crt
                  username: _ivoryrepl
                rewind:
                  sslcert: /tmp/replication/tls.crt
                  sslkey: /tmp/replication/tls.key
                  sslmode: verify-ca
                  sslrootcert: /tmp/replication/ca.crt
                  username: _ivoryrepl
              database: postgres
            restapi:
              cafile: /etc/patroni/~ivory-operator/patroni.ca-roots
              certfile: /etc/patroni/~ivory-operator/patroni.crt+key
              keyfile: null
              verify_client: optional
            scope: hippo-ha
            watchdog:
              mode: 'off'

            """, yaml);
    }
}
