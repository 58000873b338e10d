using Ivyo.Operator.Naming;
using Ivyo.Operator.PgBouncer;
using Ivyo.Operator.Scheduling;
using Ivyo.Operator.Tests.PgBackRest;
using k8s.Models;

namespace Ivyo.Operator.Tests.PgBouncer;

public sealed class PgBouncerDeploymentTests
{
    private static Dictionary<string, string> Selector() => new()
    {
        ["ivory-operator.ivorysql.org/cluster"] = "hippo",
        ["ivory-operator.ivorysql.org/role"] = "pgbouncer",
    };

    private static V1Deployment Build(Api.V1Beta1.IvoryCluster cluster, string? image = ProxyClusters.Image) =>
        PgBouncerDeployment.Build(BackupClusters.Inputs(cluster), image)!;

    [Fact]
    public void Deployment_has_ivory_operator_name_labels_and_selector()
    {
        var deployment = Build(ProxyClusters.Hippo(replicas: 2));

        Assert.Equal(("apps/v1", "Deployment", "hippo-pgbouncer"), (deployment.ApiVersion, deployment.Kind, deployment.Metadata.Name));
        Assert.Equal(Selector(), deployment.Metadata.Labels);
        Assert.Equal(Selector(), deployment.Spec.Selector.MatchLabels);
        Assert.Equal(Selector(), deployment.Spec.Template.Metadata.Labels);
        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Equal(0, deployment.Spec.RevisionHistoryLimit);
        Assert.Equal("RollingUpdate", deployment.Spec.Strategy.Type);
        Assert.Equal("0", deployment.Spec.Strategy.RollingUpdate.MaxUnavailable?.Value);
        Assert.True(Assert.Single(deployment.Metadata.OwnerReferences).Controller);
        Assert.Null(PgBouncerDeployment.Build(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo())), ProxyClusters.Image));
    }

    [Fact]
    public void Shutdown_scales_to_zero()
    {
        var cluster = ProxyClusters.Hippo(replicas: 3);
        cluster.Spec.Shutdown = true;

        Assert.Equal(0, Build(cluster).Spec.Replicas);
    }

    [Fact]
    public void Pod_runs_pgbouncer_and_its_reloader_on_one_config_volume()
    {
        var cluster = ProxyClusters.Hippo(port: 6432);
        cluster.Spec.ImagePullPolicy = "Always";
        var pod = Build(cluster).Spec.Template.Spec;

        Assert.Equal(["pgbouncer", "pgbouncer-config"], pod.Containers.Select(c => c.Name));
        var pgBouncer = pod.Containers[0];
        Assert.Equal(["pgbouncer", "/etc/pgbouncer/~ivory-operator.ini"], pgBouncer.Command);
        Assert.Equal((ProxyClusters.Image, "Always"), (pgBouncer.Image, pgBouncer.ImagePullPolicy));
        var port = Assert.Single(pgBouncer.Ports);
        Assert.Equal(("pgbouncer", 6432, "TCP"), (port.Name, port.ContainerPort, port.Protocol));
        Assert.All(pod.Containers, c =>
        {
            var mount = Assert.Single(c.VolumeMounts);
            Assert.Equal(("pgbouncer-config", "/etc/pgbouncer", true), (mount.Name, mount.MountPath, mount.ReadOnlyProperty == true));
            Assert.True(c.SecurityContext.ReadOnlyRootFilesystem);
        });
        Assert.Equal(["bash", "-ceu", "--"], pod.Containers[1].Command.Take(3));
        Assert.Equal(["pgbouncer-config", "/etc/pgbouncer"], pod.Containers[1].Command.Skip(4));

        Assert.True(pod.ShareProcessNamespace);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.False(pod.EnableServiceLinks);
        Assert.Equal("OnRootMismatch", pod.SecurityContext.FsGroupChangePolicy);
    }

    [Fact]
    public void Config_volume_projects_generated_user_and_certificate_files()
    {
        var cluster = ProxyClusters.Hippo();
        var userFile = new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = "my-pgbouncer-files" } };
        cluster.PgBouncer().Config = new Api.V1Beta1.PgBouncerConfiguration { Files = [userFile] };

        var sources = Assert.Single(Build(cluster).Spec.Template.Spec.Volumes).Projected.Sources;

        Assert.Equal(6, sources.Count);
        Assert.Equal(("hippo-pgbouncer", "pgbouncer-empty", "pgbouncer.ini"),
            (sources[0].ConfigMap.Name, sources[0].ConfigMap.Items[0].Key, sources[0].ConfigMap.Items[0].Path));
        Assert.Same(userFile, sources[1]);
        Assert.Equal(("hippo-pgbouncer", "pgbouncer.ini", "~ivory-operator.ini"),
            (sources[2].ConfigMap.Name, sources[2].ConfigMap.Items[0].Key, sources[2].ConfigMap.Items[0].Path));
        Assert.Equal(("hippo-pgbouncer", "pgbouncer-users.txt", "~ivory-operator/users.txt"),
            (sources[3].Secret.Name, sources[3].Secret.Items[0].Key, sources[3].Secret.Items[0].Path));
        Assert.Equal("hippo-pgbouncer", sources[4].Secret.Name);
        Assert.Equal(
            [("pgbouncer-frontend.ca-roots", "~ivory-operator/frontend-ca.crt"), ("pgbouncer-frontend.key", "~ivory-operator/frontend-tls.key"),
             ("pgbouncer-frontend.crt", "~ivory-operator/frontend-tls.crt")],
            sources[4].Secret.Items.Select(i => (i.Key, i.Path)));
        Assert.Equal("hippo-cluster-cert", sources[5].Secret.Name);
        Assert.Equal([("ca.crt", "~ivory-operator/backend-ca.crt")], sources[5].Secret.Items.Select(i => (i.Key, i.Path)));
    }

    [Fact]
    public void Custom_tls_secrets_are_found_by_their_usual_paths()
    {
        var cluster = ProxyClusters.Hippo();
        cluster.PgBouncer().CustomTLSSecret = new V1SecretProjection
        {
            Name = "bouncer-tls",
            Items =
            [
                new V1KeyToPath { Key = "root", Path = "ca.crt" },
                new V1KeyToPath { Key = "cert", Path = "tls.crt" },
                new V1KeyToPath { Key = "key", Path = "tls.key" },
                new V1KeyToPath { Key = "other", Path = "other.txt" },
            ],
        };
        cluster.Spec.CustomTLSSecret = new V1SecretProjection { Name = "server-tls", Items = [new V1KeyToPath { Key = "authority", Path = "ca.crt" }] };

        var sources = Assert.Single(Build(cluster).Spec.Template.Spec.Volumes).Projected.Sources;

        Assert.Equal("bouncer-tls", sources[3].Secret.Name);
        Assert.Equal(
            [("root", "~ivory-operator/frontend-ca.crt"), ("cert", "~ivory-operator/frontend-tls.crt"), ("key", "~ivory-operator/frontend-tls.key")],
            sources[3].Secret.Items.Select(i => (i.Key, i.Path)));
        Assert.Equal("server-tls", sources[4].Secret.Name);
        Assert.Equal([("authority", "~ivory-operator/backend-ca.crt")], sources[4].Secret.Items.Select(i => (i.Key, i.Path)));

        cluster.PgBouncer().CustomTLSSecret = new V1SecretProjection { Name = "bouncer-tls" };
        sources = Assert.Single(Build(cluster).Spec.Template.Spec.Volumes).Projected.Sources;
        Assert.Equal(["ca.crt", "tls.key", "tls.crt"], sources[3].Secret.Items.Select(i => i.Key));
    }

    [Fact]
    public void User_scheduling_and_resources_pass_through_with_default_spread()
    {
        var cluster = ProxyClusters.Hippo(replicas: 2);
        var spec = cluster.PgBouncer();
        spec.Affinity = new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity() };
        spec.Tolerations = [new V1Toleration { Key = "proxy", OperatorProperty = "Exists" }];
        spec.PriorityClassName = "proxies";
        spec.Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1") } };
        var mine = new V1TopologySpreadConstraint { MaxSkew = 2, TopologyKey = "rack", WhenUnsatisfiable = "DoNotSchedule" };
        spec.TopologySpreadConstraints = [mine];
        cluster.Spec.ImagePullSecrets = [new V1LocalObjectReference { Name = "registry" }];

        var pod = Build(cluster).Spec.Template.Spec;

        Assert.Same(spec.Affinity, pod.Affinity);
        Assert.Same(spec.Tolerations, pod.Tolerations);
        Assert.Equal("proxies", pod.PriorityClassName);
        Assert.Same(spec.Resources, pod.Containers[0].Resources);
        Assert.Equal("registry", Assert.Single(pod.ImagePullSecrets).Name);
        Assert.Equal(3, pod.TopologySpreadConstraints.Count);
        Assert.Same(mine, pod.TopologySpreadConstraints[0]);
        Assert.Equal([DefaultTopology.HostnameKey, DefaultTopology.ZoneKey], pod.TopologySpreadConstraints.Skip(1).Select(c => c.TopologyKey));
        Assert.All(pod.TopologySpreadConstraints.Skip(1), c => Assert.Equal(Selector(), c.LabelSelector.MatchLabels));

        // The reloader gets small limits when PgBouncer has resources, unless set explicitly.
        Assert.Equal(["5m", "16Mi"], new[] { pod.Containers[1].Resources.Limits["cpu"].ToString(), pod.Containers[1].Resources.Limits["memory"].ToString() });
        var sidecar = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("20m") } };
        spec.Sidecars = new Api.V1Beta1.PgBouncerSidecars { PgbouncerConfig = new Api.V1Beta1.Sidecar { Resources = sidecar } };
        Assert.Same(sidecar, Build(cluster).Spec.Template.Spec.Containers[1].Resources);

        cluster.Spec.DisableDefaultPodScheduling = true;
        Assert.Same(mine, Assert.Single(Build(cluster).Spec.Template.Spec.TopologySpreadConstraints));
    }

    [Fact]
    public void Reloader_has_no_resources_when_pgbouncer_has_none()
    {
        Assert.Null(Build(ProxyClusters.Hippo()).Spec.Template.Spec.Containers[1].Resources);
    }

    [Fact]
    public void Image_comes_from_the_spec_before_the_default()
    {
        var cluster = ProxyClusters.Hippo();
        Assert.Equal(ProxyClusters.Image, Build(cluster).Spec.Template.Spec.Containers[0].Image);
        Assert.Throws<InvalidOperationException>(() => Build(cluster, image: null));

        cluster.PgBouncer().Image = "example.com/pgbouncer:custom";
        Assert.All(Build(cluster, image: null).Spec.Template.Spec.Containers, c => Assert.Equal("example.com/pgbouncer:custom", c.Image));
    }

    [Fact]
    public void Custom_sidecars_follow_the_pgbouncer_containers()
    {
        var cluster = ProxyClusters.Hippo();
        cluster.PgBouncer().Containers = [new V1Container { Name = "exporter", Image = "example.com/exporter" }];

        Assert.Equal(["pgbouncer", "pgbouncer-config", "exporter"], Build(cluster).Spec.Template.Spec.Containers.Select(c => c.Name));
    }

    [Fact]
    public void User_metadata_reaches_the_pods_but_not_the_selector()
    {
        var cluster = ProxyClusters.Hippo();
        cluster.Spec.Metadata = new Api.V1Beta1.Metadata { Labels = new Dictionary<string, string> { ["team"] = "db" } };
        cluster.PgBouncer().Metadata = new Api.V1Beta1.Metadata
        {
            Labels = new Dictionary<string, string> { ["tier"] = "proxy", [Labels.Role] = "ignored" },
            Annotations = new Dictionary<string, string> { ["note"] = "hi" },
        };

        var deployment = Build(cluster);

        Assert.Equal("db", deployment.Spec.Template.Metadata.Labels["team"]);
        Assert.Equal("proxy", deployment.Spec.Template.Metadata.Labels["tier"]);
        Assert.Equal("pgbouncer", deployment.Spec.Template.Metadata.Labels[Labels.Role]);
        Assert.Equal("hi", deployment.Spec.Template.Metadata.Annotations["note"]);
        Assert.Equal("hi", deployment.Metadata.Annotations["note"]);
        Assert.Equal(Selector(), deployment.Spec.Selector.MatchLabels);
    }
}
