using System.Text;
using System.Text.Json.Nodes;
using Ivyo.Schema.Json;

namespace Ivyo.Cli.Tests;

/// <summary>The facts the high-availability tutorial relies on, read from <c>ivyo render</c> of its manifests.</summary>
public sealed class RenderTutorialTests
{
    private const string Cluster = "ivory-operator.ivorysql.org/cluster";
    private const string InstanceSet = "ivory-operator.ivorysql.org/instance-set";
    private const string Instance = "ivory-operator.ivorysql.org/instance";

    [Fact]
    public void The_five_services_are_the_ones_the_tutorial_lists()
    {
        var services = CliRunner.Render("examples/kustomize/ivory").OfKind("Service")
            .Where(s => (string?)s["metadata"]!["labels"]![Cluster] == "hippo")
            .ToDictionary(s => (string)s["metadata"]!["name"]!);

        Assert.Equal(["hippo-ha", "hippo-ha-config", "hippo-pods", "hippo-primary", "hippo-replicas"], services.Keys.Order());
        // TYPE and CLUSTER-IP as `kubectl get svc` shows them: ClusterIP everywhere, None for the headless ones.
        Assert.Null(services["hippo-ha"]["spec"]!["clusterIP"]);
        Assert.Equal("None", (string?)services["hippo-ha-config"]["spec"]!["clusterIP"]);
        Assert.Equal("None", (string?)services["hippo-pods"]["spec"]!["clusterIP"]);
        Assert.Equal("None", (string?)services["hippo-primary"]["spec"]!["clusterIP"]);
        Assert.Null(services["hippo-replicas"]["spec"]!["clusterIP"]);
        // PORT(S): 5432/TCP on ha, primary and replicas; none on ha-config and pods.
        foreach (var name in new[] { "hippo-ha", "hippo-primary", "hippo-replicas" })
        {
            var port = Assert.Single(services[name]["spec"]!["ports"]!.AsArray())!;
            Assert.Equal((5432L, "TCP"), ((long)port["port"]!, (string)port["protocol"]!));
        }

        Assert.Null(services["hippo-ha-config"]["spec"]!["ports"]);
        Assert.Null(services["hippo-pods"]["spec"]!["ports"]);
    }

    [Fact]
    public void Instance_pods_carry_the_labels_the_tutorial_selects_on()
    {
        var statefulSets = CliRunner.Render("examples/kustomize/ivory").OfKind("StatefulSet")
            .Where(s => s["metadata"]!["labels"]![Instance] is not null).ToList();
        Assert.Equal(2, statefulSets.Count);
        foreach (var sts in statefulSets)
        {
            var name = (string)sts["metadata"]!["name"]!;
            var labels = sts["spec"]!["template"]!["metadata"]!["labels"]!;
            Assert.Equal("hippo", (string?)labels[Cluster]);
            Assert.Equal("instance1", (string?)labels[InstanceSet]);
            Assert.Equal(name, (string?)labels[Instance]);
            Assert.Matches("^hippo-instance1-[bcdfghjklmnpqrstvwxz2456789]{4}$", name);
            Assert.Equal("OnDelete", (string?)sts["spec"]!["updateStrategy"]!["type"]);
            Assert.Equal(("hippo-pods", 1L), ((string)sts["spec"]!["serviceName"]!, (long)sts["spec"]!["replicas"]!));
            Assert.Equal(["patroni", "/etc/patroni"], Container(sts, "database")["command"]!.AsArray().Select(x => (string)x!));
        }
    }

    [Theory]
    [InlineData("preferred-anti-affinity")]
    [InlineData("required-anti-affinity")]
    [InlineData("node-affinity")]
    public void The_users_affinity_is_passed_through_exactly(string example)
    {
        var manifest = YamlJson.ParseAll(File.ReadAllText(RepositoryFiles.PathOf("examples", "kustomize", example, "ivory.yaml")))[0]!;
        var expected = manifest["spec"]!["instances"]![0]!["affinity"]!;
        foreach (var sts in InstanceStatefulSets(CliRunner.Render("examples/kustomize/" + example)))
        {
            Assert.True(JsonNode.DeepEquals(expected, sts["spec"]!["template"]!["spec"]!["affinity"]), $"{sts["metadata"]!["name"]} has {sts["spec"]!["template"]!["spec"]!["affinity"]}");
        }
    }

    [Fact]
    public void Spread_constraints_are_the_users_followed_by_the_defaults()
    {
        var manifest = YamlJson.ParseAll(File.ReadAllText(RepositoryFiles.PathOf("examples", "kustomize", "topology-spread", "ivory.yaml")))[0]!;
        var objects = CliRunner.Render("examples/kustomize/topology-spread");

        var statefulSets = InstanceStatefulSets(objects);
        Assert.Equal(5, statefulSets.Count);
        var userInstance = manifest["spec"]!["instances"]![0]!["topologySpreadConstraints"]![0]!;
        foreach (var sts in statefulSets)
        {
            var constraints = sts["spec"]!["template"]!["spec"]!["topologySpreadConstraints"]!.AsArray();
            Assert.True(JsonNode.DeepEquals(userInstance, constraints[0]));
            Assert.Equal(["my-node-label", "kubernetes.io/hostname", "topology.kubernetes.io/zone"], constraints.Select(c => (string)c!["topologyKey"]!));
            Assert.All(constraints.Skip(1), c => Assert.Equal("ScheduleAnyway", (string)c!["whenUnsatisfiable"]!));
        }

        var repoHost = objects.Single("StatefulSet", "hippo-repo-host");
        var repoConstraints = repoHost["spec"]!["template"]!["spec"]!["topologySpreadConstraints"]!.AsArray();
        Assert.True(JsonNode.DeepEquals(manifest["spec"]!["backups"]!["pgbackrest"]!["repoHost"]!["topologySpreadConstraints"]![0], repoConstraints[0]));
        Assert.Equal("", (string?)repoHost["spec"]!["template"]!["metadata"]!["labels"]!["ivory-operator.ivorysql.org/pgbackrest"]);
    }

    [Fact]
    public void Replicas_five_give_five_instance_statefulsets_with_a_budget()
    {
        var objects = CliRunner.Render("examples/kustomize/topology-spread");
        Assert.Equal(5, InstanceStatefulSets(objects).Select(s => (string)s["metadata"]!["name"]!).Distinct().Count());
        Assert.Equal(5, objects.OfKind("PersistentVolumeClaim").Count(p => (string?)p["metadata"]!["labels"]!["ivory-operator.ivorysql.org/role"] == "pgdata"));
        var budget = objects.Single("PodDisruptionBudget", "hippo-set-instance1");
        Assert.Equal(1L, (long)budget["spec"]!["minAvailable"]!);
    }

    [Fact]
    public void Synchronous_mode_is_in_patronis_bootstrap_configuration()
    {
        var configMap = CliRunner.Render("examples/kustomize/synchronous-replication").Single("ConfigMap", "hippo-config");
        var patroni = YamlJson.Parse((string)configMap["data"]!["patroni.yaml"]!)!;
        var dcs = patroni["bootstrap"]!["dcs"]!;
        Assert.True((bool)dcs["synchronous_mode"]!);
        Assert.True((bool)dcs["synchronous_mode_strict"]!);
        Assert.Equal("on", (string)dcs["postgresql"]!["parameters"]!["synchronous_commit"]!);
        Assert.Equal((30L, 10L), ((long)dcs["ttl"]!, (long)dcs["loop_wait"]!));
        Assert.Equal("hippo-ha", (string)patroni["scope"]!);
        Assert.True((bool)patroni["kubernetes"]!["use_endpoints"]!);
    }

    [Fact]
    public void Without_synchronous_mode_the_bootstrap_configuration_has_none()
    {
        var configMap = CliRunner.Render("examples/kustomize/ivory").Single("ConfigMap", "hippo-config");
        var dcs = YamlJson.Parse((string)configMap["data"]!["patroni.yaml"]!)!["bootstrap"]!["dcs"]!;
        Assert.Null(dcs["synchronous_mode"]);
    }

    [Fact]
    public void The_user_secret_connects_to_the_primary_service()
    {
        var secret = CliRunner.Render("examples/kustomize/ivory").Single("Secret", "hippo-pguser-hippo");
        var uri = Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["uri"]!));
        Assert.StartsWith("postgresql://hippo:", uri, StringComparison.Ordinal);
        Assert.EndsWith("@hippo-primary.ivory-operator.svc:5432/hippo", uri, StringComparison.Ordinal);
    }

    private static List<JsonObject> InstanceStatefulSets(IReadOnlyList<JsonObject> objects) =>
        [.. objects.OfKind("StatefulSet").Where(s => s["metadata"]!["labels"]![Instance] is not null)];

    private static JsonNode Container(JsonObject sts, string name) =>
        sts["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single(c => (string?)c!["name"] == name)!;
}
