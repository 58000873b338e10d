using Ivyo.Operator.Patroni;
using k8s.Models;

namespace Ivyo.Operator.Tests.Patroni;

public sealed class PatroniPodPartsTests
{
    private static V1PodTemplateSpec BaseTemplate() => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["ivory-operator.ivorysql.org/cluster"] = "hippo" } },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "database",
                    Ports = [new V1ContainerPort { Name = "ivory", ContainerPort = 5432, Protocol = "TCP" }],
                    Env = [new V1EnvVar { Name = "PGDATA", Value = "/pgdata/pg15" }],
                    VolumeMounts = [new V1VolumeMount { Name = "ivory-data", MountPath = "/pgdata" }],
                },
                new V1Container { Name = "replication-cert-copy" },
            ],
            Volumes = [new V1Volume { Name = "ivory-data" }],
        },
    };

    private static (V1PodTemplateSpec Template, V1Container Database) Build(Action<Api.V1Beta1.IvoryCluster>? change = null)
    {
        var cluster = PatroniClusters.Hippo();
        change?.Invoke(cluster);
        var template = BaseTemplate();
        PatroniPodParts.AddToInstancePod(PatroniClusters.Inputs(cluster), cluster.Spec.Instances[0], "hippo-00-abcd", template);
        return (template, template.Spec.Containers.Single(c => c.Name == "database"));
    }

    [Fact]
    public void Database_container_runs_patroni_on_its_config_directory()
    {
        var (_, database) = Build();

        Assert.Equal(["patroni", "/etc/patroni"], database.Command);
    }

    [Fact]
    public void Pod_gets_the_patroni_scope_label()
    {
        var (template, _) = Build();

        Assert.Equal("hippo-ha", template.Metadata.Labels["ivory-operator.ivorysql.org/patroni"]);
        Assert.Equal("hippo", template.Metadata.Labels["ivory-operator.ivorysql.org/cluster"]);
    }

    [Fact]
    public void Environment_has_ivory_operators_variables_in_order()
    {
        var (_, database) = Build();

        Assert.Equal(
        [
            "PGDATA",
            "PATRONI_NAME",
            "PATRONI_KUBERNETES_POD_IP",
            "PATRONI_KUBERNETES_PORTS",
            "PATRONI_POSTGRESQL_CONNECT_ADDRESS",
            "PATRONI_POSTGRESQL_LISTEN",
            "PATRONI_POSTGRESQL_CONFIG_DIR",
            "PATRONI_POSTGRESQL_DATA_DIR",
            "PATRONI_RESTAPI_CONNECT_ADDRESS",
            "PATRONI_RESTAPI_LISTEN",
            "PATRONICTL_CONFIG_FILE",
        ], database.Env.Select(v => v.Name));
    }

    [Fact]
    public void Environment_values_follow_the_spec()
    {
        var (_, database) = Build(cluster =>
        {
            cluster.Spec.Port = 5433;
            cluster.Spec.Patroni!.Port = 8009;
        });
        var env = database.Env.ToDictionary(v => v.Name);

        Assert.Equal("metadata.name", env["PATRONI_NAME"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("status.podIP", env["PATRONI_KUBERNETES_POD_IP"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("$(PATRONI_NAME).hippo-pods:5433", env["PATRONI_POSTGRESQL_CONNECT_ADDRESS"].Value);
        Assert.Equal("*:5433", env["PATRONI_POSTGRESQL_LISTEN"].Value);
        Assert.Equal("/pgdata/pg15", env["PATRONI_POSTGRESQL_CONFIG_DIR"].Value);
        Assert.Equal("/pgdata/pg15", env["PATRONI_POSTGRESQL_DATA_DIR"].Value);
        Assert.Equal("$(PATRONI_NAME).hippo-pods:8009", env["PATRONI_RESTAPI_CONNECT_ADDRESS"].Value);
        Assert.Equal("*:8009", env["PATRONI_RESTAPI_LISTEN"].Value);
        Assert.Equal("/etc/patroni", env["PATRONICTL_CONFIG_FILE"].Value);
    }

    [Fact]
    public void Kubernetes_ports_copy_the_postgres_container_port()
    {
        var (_, database) = Build();

        Assert.Equal("- name: ivory\n  port: 5432\n  protocol: TCP\n", database.Env.Single(v => v.Name == "PATRONI_KUBERNETES_PORTS").Value);
        Assert.Equal("[]\n", PatroniPodParts.KubernetesPorts([new V1Container { Name = "other" }]));
    }

    [Fact]
    public void Patroni_port_is_declared_beside_the_postgres_port()
    {
        var (_, database) = Build(cluster => cluster.Spec.Patroni!.Port = 8009);

        Assert.Equal([("ivory", 5432), ("patroni", 8009)], database.Ports.Select(p => (p.Name, p.ContainerPort)));
        Assert.All(database.Ports, p => Assert.Equal("TCP", p.Protocol));
    }

    [Fact]
    public void Probes_call_patroni_over_https_with_ivory_operator_timing()
    {
        var (_, database) = Build();

        foreach (var (probe, path) in new[] { (database.LivenessProbe, "/liveness"), (database.ReadinessProbe, "/readiness") })
        {
            Assert.Equal(path, probe.HttpGet.Path);
            Assert.Equal("HTTPS", probe.HttpGet.Scheme);
            Assert.Equal("8008", probe.HttpGet.Port.Value);
            Assert.Equal(3, probe.InitialDelaySeconds);
            Assert.Equal(5, probe.TimeoutSeconds);
            Assert.Equal(10, probe.PeriodSeconds);
            Assert.Equal(1, probe.SuccessThreshold);
            Assert.Equal(3, probe.FailureThreshold);
        }
    }

    [Theory]
    [InlineData(30, 10, 5, 10, 3)] // the defaults, as Patroni's documentation suggests
    [InlineData(3, 1, 1, 1, 3)] // the validation minimums
    [InlineData(60, 15, 7, 15, 4)]
    [InlineData(10, 5, 2, 5, 2)]
    [InlineData(19, 7, 3, 7, 2)] // not multiples: failure comes before the lease expires
    [InlineData(13, 7, 3, 7, 1)]
    [InlineData(60, 60, 30, 60, 1)] // infeasible for Patroni, still valid probes
    [InlineData(10, 20, 10, 20, 1)]
    public void Probe_timing_derives_from_lease_and_sync_period(int lease, int sync, int timeout, int period, int failure)
    {
        var probe = PatroniPodParts.ProbeTiming(lease, sync);

        Assert.Equal(timeout, probe.TimeoutSeconds);
        Assert.Equal(period, probe.PeriodSeconds);
        Assert.Equal(1, probe.SuccessThreshold);
        Assert.Equal(failure, probe.FailureThreshold);
    }

    [Fact]
    public void Config_volume_projects_both_configmaps_and_the_instance_certificates()
    {
        var (template, database) = Build();

        var volume = template.Spec.Volumes.Single(v => v.Name == "patroni-config");
        var sources = volume.Projected.Sources;
        Assert.Equal(3, sources.Count);
        Assert.Equal("hippo-config", sources[0].ConfigMap.Name);
        Assert.Equal(("patroni.yaml", "~ivory-operator_cluster.yaml"), (sources[0].ConfigMap.Items[0].Key, sources[0].ConfigMap.Items[0].Path));
        Assert.Equal("hippo-00-abcd-config", sources[1].ConfigMap.Name);
        Assert.Equal(("patroni.yaml", "~ivory-operator_instance.yaml"), (sources[1].ConfigMap.Items[0].Key, sources[1].ConfigMap.Items[0].Path));
        Assert.Equal("hippo-00-abcd-certs", sources[2].Secret.Name);
        Assert.Equal(
            [("patroni.ca-roots", "~ivory-operator/patroni.ca-roots"), ("patroni.crt-combined", "~ivory-operator/patroni.crt+key")],
            sources[2].Secret.Items.Select(i => (i.Key, i.Path)));

        var mount = database.VolumeMounts.Single(m => m.Name == "patroni-config");
        Assert.Equal("/etc/patroni", mount.MountPath);
        Assert.True(mount.ReadOnlyProperty);
    }

    [Fact]
    public void Certificate_files_match_the_paths_in_the_cluster_yaml()
    {
        var cluster = PatroniClusters.Hippo();
        var root = YamlAssert.Load(PatroniConfig.ClusterYaml(cluster, new(), new()));
        var items = PatroniPodParts.ConfigVolume("hippo", "i").Projected.Sources[2].Secret.Items;

        Assert.Equal("/etc/patroni/" + items[0].Path, YamlAssert.Scalar(root, "restapi", "cafile"));
        Assert.Equal("/etc/patroni/" + items[1].Path, YamlAssert.Scalar(root, "restapi", "certfile"));
    }

    [Fact]
    public void Adding_twice_gives_the_same_pod()
    {
        var cluster = PatroniClusters.Hippo();
        var once = BaseTemplate();
        var twice = BaseTemplate();
        PatroniPodParts.AddToInstancePod(PatroniClusters.Inputs(cluster), cluster.Spec.Instances[0], "i", once);
        PatroniPodParts.AddToInstancePod(PatroniClusters.Inputs(cluster), cluster.Spec.Instances[0], "i", twice);
        PatroniPodParts.AddToInstancePod(PatroniClusters.Inputs(cluster), cluster.Spec.Instances[0], "i", twice);

        Assert.Equal(k8s.KubernetesJson.Serialize(once), k8s.KubernetesJson.Serialize(twice));
    }

    [Fact]
    public void Database_container_is_created_when_missing()
    {
        var cluster = PatroniClusters.Hippo();
        var template = new V1PodTemplateSpec();

        PatroniPodParts.AddToInstancePod(PatroniClusters.Inputs(cluster), cluster.Spec.Instances[0], "i", template);

        var database = Assert.Single(template.Spec.Containers);
        Assert.Equal("database", database.Name);
        Assert.Equal(["ivory", "patroni"], database.Ports.Select(p => p.Name));
        Assert.Equal("- name: ivory\n  port: 5432\n  protocol: TCP\n", database.Env.Single(v => v.Name == "PATRONI_KUBERNETES_PORTS").Value);
    }
}
