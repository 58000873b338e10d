using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Naming;
using Ivyo.Operator.PgBackRest;
using Ivyo.Operator.Scheduling;
using k8s.Models;

namespace Ivyo.Operator.Tests.PgBackRest;

public sealed class RepoHostStatefulSetTests
{
    [Fact]
    public void Repo_host_exists_only_with_a_volume_repo()
    {
        Assert.Null(RepoHostStatefulSet.Build(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.S3Repo("repo1"))), BackupClusters.Image));
        Assert.False(RepoHostStatefulSet.Enabled(BackupClusters.Hippo(BackupClusters.S3Repo("repo1"))));

        var mixed = BackupClusters.Hippo(BackupClusters.S3Repo("repo1"), BackupClusters.VolumeRepo("repo2"));
        Assert.True(RepoHostStatefulSet.Enabled(mixed));
        Assert.NotNull(RepoHostStatefulSet.Build(BackupClusters.Inputs(mixed), BackupClusters.Image));
    }

    [Fact]
    public void Repo_host_has_ivory_operator_name_labels_selector_and_service()
    {
        var sts = RepoHostStatefulSet.Build(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo())), BackupClusters.Image)!;

        Assert.Equal(("apps/v1", "StatefulSet"), (sts.ApiVersion, sts.Kind));
        Assert.Equal("hippo-repo-host", sts.Metadata.Name);
        Assert.Equal("postgres-operator", sts.Metadata.NamespaceProperty);
        var expected = new Dictionary<string, string>
        {
            ["ivory-operator.ivorysql.org/cluster"] = "hippo",
            ["ivory-operator.ivorysql.org/pgbackrest"] = "",
            ["ivory-operator.ivorysql.org/pgbackrest-dedicated"] = "",
            ["ivory-operator.ivorysql.org/data"] = "pgbackrest",
        };
        Assert.Equal(expected, sts.Metadata.Labels);
        Assert.Equal(expected, sts.Spec.Template.Metadata.Labels);
        Assert.Equal(new Dictionary<string, string>
        {
            ["ivory-operator.ivorysql.org/cluster"] = "hippo",
            ["ivory-operator.ivorysql.org/pgbackrest"] = "",
            ["ivory-operator.ivorysql.org/pgbackrest-dedicated"] = "",
        }, sts.Spec.Selector.MatchLabels);
        Assert.Equal("hippo-pods", sts.Spec.ServiceName);
        Assert.Equal(1, sts.Spec.Replicas);
        Assert.True(Assert.Single(sts.Metadata.OwnerReferences).Controller);
    }

    [Fact]
    public void Repo_host_pod_runs_the_tls_server_over_the_repo_volumes()
    {
        var cluster = BackupClusters.Hippo(BackupClusters.VolumeRepo("repo1"), BackupClusters.S3Repo("repo2"), BackupClusters.VolumeRepo("repo3"));
        cluster.Spec.ImagePullPolicy = "IfNotPresent";
        var pod = RepoHostStatefulSet.Build(BackupClusters.Inputs(cluster), BackupClusters.Image)!.Spec.Template.Spec;

        Assert.Equal(["pgbackrest", "pgbackrest-config"], pod.Containers.Select(c => c.Name));
        Assert.Equal(["pgbackrest-log-dir"], pod.InitContainers.Select(c => c.Name));
        Assert.All(pod.Containers.Concat(pod.InitContainers), c => Assert.Equal((BackupClusters.Image, "IfNotPresent"), (c.Image, c.ImagePullPolicy)));
        Assert.All(pod.Containers.Concat(pod.InitContainers), c => Assert.True(c.SecurityContext.ReadOnlyRootFilesystem));

        var server = pod.Containers[0];
        Assert.Equal(["pgbackrest", "server"], server.Command);
        Assert.Equal(["pgbackrest", "server-ping"], server.LivenessProbe.Exec.Command);
        Assert.Equal(
            [("pgbackrest-server", "/etc/pgbackrest/server"), ("repo1", "/pgbackrest/repo1"), ("repo3", "/pgbackrest/repo3"),
             ("pgbackrest-config", "/etc/pgbackrest/conf.d"), ("tmp", "/tmp")],
            server.VolumeMounts.Select(m => (m.Name, m.MountPath)));
        Assert.Equal(["bash", "-c", "mkdir -p /pgbackrest/repo1/log"], pod.InitContainers[0].Command);

        Assert.Equal(["pgbackrest-server", "repo1", "repo3", "pgbackrest-config", "tmp"], pod.Volumes.Select(v => v.Name));
        Assert.Equal("hippo-repo1", pod.Volumes[1].PersistentVolumeClaim.ClaimName);
        Assert.Equal("hippo-repo3", pod.Volumes[2].PersistentVolumeClaim.ClaimName);

        var certificates = Assert.Single(pod.Volumes[0].Projected.Sources).Secret;
        Assert.Equal("hippo-pgbackrest", certificates.Name);
        Assert.Equal([("pgbackrest-repo-host.crt", "server-tls.crt", (int?)null), ("pgbackrest-repo-host.key", "server-tls.key", 384)],
            certificates.Items.Select(i => (i.Key, i.Path, i.Mode)));

        var config = pod.Volumes[3].Projected.Sources;
        Assert.Equal("hippo-pgbackrest-config", config[0].ConfigMap.Name);
        Assert.Equal(["pgbackrest_repo.conf", "config-hash", "pgbackrest-server.conf"], config[0].ConfigMap.Items.Select(i => i.Key));
        Assert.Equal("~ivory-operator_server.conf", config[0].ConfigMap.Items[2].Path);
        Assert.Equal("hippo-pgbackrest", config[1].Secret.Name);
        Assert.Null(config[1].Secret.Optional);
        Assert.Equal(["~ivory-operator/tls-ca.crt", "~ivory-operator/client-tls.crt", "~ivory-operator/client-tls.key"],
            config[1].Secret.Items.Select(i => i.Path));

        Assert.True(pod.ShareProcessNamespace);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.False(pod.EnableServiceLinks);
        Assert.Equal("Always", pod.RestartPolicy);
        Assert.Equal(26, pod.SecurityContext.FsGroup);
    }

    [Fact]
    public void User_scheduling_and_resources_pass_through()
    {
        var cluster = BackupClusters.Hippo(BackupClusters.VolumeRepo());
        var affinity = new V1Affinity { NodeAffinity = new V1NodeAffinity() };
        var tolerations = new List<V1Toleration> { new() { Key = "dedicated", OperatorProperty = "Exists", Effect = "NoSchedule" } };
        var resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m") } };
        var sidecar = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("32Mi") } };
        cluster.Spec.Backups.PgBackRest.RepoHost = new PgBackRestRepoHost
        {
            Affinity = affinity,
            Tolerations = tolerations,
            Resources = resources,
            PriorityClassName = "backups",
        };
        cluster.Spec.Backups.PgBackRest.Sidecars = new PgBackRestSidecars { PgBackRestConfig = new Sidecar { Resources = sidecar } };
        cluster.Spec.ImagePullSecrets = [new V1LocalObjectReference { Name = "registry" }];

        var pod = RepoHostStatefulSet.Build(BackupClusters.Inputs(cluster), BackupClusters.Image)!.Spec.Template.Spec;

        Assert.Same(affinity, pod.Affinity);
        Assert.Same(tolerations, pod.Tolerations);
        Assert.Equal("backups", pod.PriorityClassName);
        Assert.Same(resources, pod.Containers[0].Resources);
        Assert.Same(resources, pod.InitContainers[0].Resources);
        Assert.Same(sidecar, pod.Containers[1].Resources);
        Assert.Equal("registry", Assert.Single(pod.ImagePullSecrets).Name);
    }

    [Fact]
    public void Tutorial_spread_constraint_comes_first_then_the_defaults()
    {
        var cluster = BackupClusters.Hippo(BackupClusters.VolumeRepo());
        var tutorial = BackupClusters.TutorialConstraint();
        cluster.Spec.Backups.PgBackRest.RepoHost = new PgBackRestRepoHost { TopologySpreadConstraints = [tutorial] };

        var constraints = RepoHostStatefulSet.Build(BackupClusters.Inputs(cluster), BackupClusters.Image)!.Spec.Template.Spec.TopologySpreadConstraints;

        Assert.Equal(3, constraints.Count);
        Assert.Same(tutorial, constraints[0]);
        Assert.Equal((1, "my-node-label", "ScheduleAnyway"), (constraints[0].MaxSkew, constraints[0].TopologyKey, constraints[0].WhenUnsatisfiable));
        Assert.Equal(new Dictionary<string, string> { ["ivory-operator.ivorysql.org/pgbackrest"] = "" }, constraints[0].LabelSelector.MatchLabels);
        Assert.Null(constraints[0].LabelSelector.MatchExpressions);

        Assert.Equal([DefaultTopology.HostnameKey, DefaultTopology.ZoneKey], constraints.Skip(1).Select(c => c.TopologyKey));
        Assert.All(constraints.Skip(1), c =>
        {
            Assert.Equal((1, "ScheduleAnyway"), (c.MaxSkew, c.WhenUnsatisfiable));
            Assert.Equal(new Dictionary<string, string> { [Labels.Cluster] = "hippo" }, c.LabelSelector.MatchLabels);
            var expression = Assert.Single(c.LabelSelector.MatchExpressions);
            Assert.Equal((Labels.Data, "In"), (expression.Key, expression.OperatorProperty));
            Assert.Equal(["ivory", "pgbackrest"], expression.Values);
        });
    }

    [Fact]
    public void Only_the_user_constraints_when_default_scheduling_is_disabled()
    {
        var cluster = BackupClusters.Hippo(BackupClusters.VolumeRepo());
        cluster.Spec.DisableDefaultPodScheduling = true;
        var tutorial = BackupClusters.TutorialConstraint();
        cluster.Spec.Backups.PgBackRest.RepoHost = new PgBackRestRepoHost { TopologySpreadConstraints = [tutorial] };

        var constraints = RepoHostStatefulSet.Build(BackupClusters.Inputs(cluster), BackupClusters.Image)!.Spec.Template.Spec.TopologySpreadConstraints;

        Assert.Same(tutorial, Assert.Single(constraints));

        cluster.Spec.Backups.PgBackRest.RepoHost = null;
        Assert.Null(RepoHostStatefulSet.Build(BackupClusters.Inputs(cluster), BackupClusters.Image)!.Spec.Template.Spec.TopologySpreadConstraints);
    }

    [Fact]
    public void Shutdown_stops_the_repo_host_once_no_instance_pod_is_left()
    {
        var cluster = BackupClusters.Hippo(BackupClusters.VolumeRepo());
        cluster.Spec.Shutdown = true;

        Assert.Equal(0, RepoHostStatefulSet.Build(BackupClusters.Inputs(cluster), BackupClusters.Image)!.Spec.Replicas);
        Assert.Equal(1, RepoHostStatefulSet.Build(BackupClusters.Inputs(cluster), BackupClusters.Image, instancePodsExist: true)!.Spec.Replicas);
    }

    [Fact]
    public void Image_comes_from_the_spec_before_the_default()
    {
        var cluster = BackupClusters.Hippo(BackupClusters.VolumeRepo());
        Assert.Equal(BackupClusters.Image, PgBackRestImage.Resolve(cluster, BackupClusters.Image));
        Assert.Throws<InvalidOperationException>(() => PgBackRestImage.Resolve(cluster, null));

        cluster.Spec.Backups.PgBackRest.Image = "example.com/pgbackrest:custom";
        Assert.Equal("example.com/pgbackrest:custom", PgBackRestImage.Resolve(cluster, BackupClusters.Image));
        Assert.Equal("example.com/pgbackrest:custom",
            RepoHostStatefulSet.Build(BackupClusters.Inputs(cluster), null)!.Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public void One_claim_per_volume_repo()
    {
        var cluster = BackupClusters.Hippo(BackupClusters.VolumeRepo("repo1"), BackupClusters.S3Repo("repo2"), BackupClusters.VolumeRepo("repo3"));
        cluster.Spec.Backups.PgBackRest.Repos[2].Volume!.VolumeClaimSpec.StorageClassName = "fast";

        var claims = PgBackRestRepoVolumes.Build(BackupClusters.Inputs(cluster));

        Assert.Equal(["hippo-repo1", "hippo-repo3"], claims.Select(c => c.Metadata.Name));
        Assert.All(claims, c => Assert.Equal(("v1", "PersistentVolumeClaim"), (c.ApiVersion, c.Kind)));
        Assert.Equal(new Dictionary<string, string>
        {
            ["ivory-operator.ivorysql.org/cluster"] = "hippo",
            ["ivory-operator.ivorysql.org/pgbackrest"] = "",
            ["ivory-operator.ivorysql.org/pgbackrest-repo"] = "repo3",
            ["ivory-operator.ivorysql.org/pgbackrest-volume"] = "",
            ["ivory-operator.ivorysql.org/data"] = "pgbackrest",
        }, claims[1].Metadata.Labels);
        Assert.Equal("fast", claims[1].Spec.StorageClassName);
        Assert.Equal(["ReadWriteOnce"], claims[0].Spec.AccessModes);
        Assert.Equal("1Gi", claims[0].Spec.Resources.Requests["storage"].ToString());
        Assert.True(Assert.Single(claims[0].Metadata.OwnerReferences).Controller);
    }
}
