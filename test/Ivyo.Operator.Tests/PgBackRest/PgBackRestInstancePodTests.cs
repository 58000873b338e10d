using System.Text;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Naming;
using Ivyo.Operator.PgBackRest;
using k8s.Models;

namespace Ivyo.Operator.Tests.PgBackRest;

public sealed class PgBackRestInstancePodTests
{
    /// <summary>An instance pod as the lead builds it: database and cert-copy containers, data and WAL volumes.</summary>
    private static V1PodTemplateSpec BasePod() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Labels = Labels.ForInstance("hippo", "instance1", "hippo-instance1-abcd"),
        },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container { Name = "database", VolumeMounts = [new V1VolumeMount { Name = "ivory-data", MountPath = "/pgdata" }] },
                new V1Container { Name = "replication-cert-copy" },
            ],
            InitContainers = [new V1Container { Name = "ivory-startup" }],
            Volumes =
            [
                new V1Volume { Name = "cert-volume" },
                new V1Volume { Name = "ivory-data" },
                new V1Volume { Name = "ivory-wal" },
                new V1Volume { Name = "tablespace-trial" },
            ],
        },
    };

    [Fact]
    public void Without_a_repo_host_only_the_configuration_is_added()
    {
        var template = BasePod();
        PgBackRestInstancePod.AddToInstancePod(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.S3Repo("repo1"))), template);

        Assert.Equal(["database", "replication-cert-copy"], template.Spec.Containers.Select(c => c.Name));
        var volume = template.Spec.Volumes.Last();
        Assert.Equal("pgbackrest-config", volume.Name);
        var configMap = Assert.Single(volume.Projected.Sources).ConfigMap;
        Assert.Equal("hippo-pgbackrest-config", configMap.Name);
        Assert.Equal([("pgbackrest_instance.conf", "pgbackrest_instance.conf"), ("config-hash", "config-hash")],
            configMap.Items.Select(i => (i.Key, i.Path)));

        var mount = template.Spec.Containers[0].VolumeMounts.Last();
        Assert.Equal(("pgbackrest-config", "/etc/pgbackrest/conf.d", true), (mount.Name, mount.MountPath, mount.ReadOnlyProperty == true));
        Assert.Null(template.Spec.Containers[1].VolumeMounts);
    }

    [Fact]
    public void User_configuration_projections_come_first()
    {
        var cluster = BackupClusters.Hippo(BackupClusters.S3Repo("repo1"));
        var custom = new V1VolumeProjection { Secret = new V1SecretProjection { Name = "s3-credentials" } };
        cluster.Spec.Backups.PgBackRest.Configuration = [custom];
        var template = BasePod();

        PgBackRestInstancePod.AddToInstancePod(BackupClusters.Inputs(cluster), template);

        var sources = template.Spec.Volumes.Last().Projected.Sources;
        Assert.Same(custom, sources[0]);
        Assert.Equal("hippo-pgbackrest-config", sources[1].ConfigMap.Name);
    }

    [Fact]
    public void With_a_repo_host_each_instance_runs_the_tls_server()
    {
        var cluster = BackupClusters.Hippo(BackupClusters.VolumeRepo());
        cluster.Spec.Instances[0].TablespaceVolumes = [new TablespaceVolume { Name = "trial", DataVolumeClaimSpec = Ivyo.Operator.Instances.InstanceVolumes.ToCore(BackupClusters.Claim("1Gi")) }];
        var resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m") } };
        cluster.Spec.Backups.PgBackRest.Sidecars = new PgBackRestSidecars { PgBackRest = new Sidecar { Resources = resources } };
        var template = BasePod();

        PgBackRestInstancePod.AddToInstancePod(BackupClusters.Inputs(cluster), template, BackupClusters.Image);

        var pod = template.Spec;
        Assert.Equal(["database", "replication-cert-copy", "pgbackrest", "pgbackrest-config"], pod.Containers.Select(c => c.Name));
        var server = pod.Containers[2];
        Assert.Equal(BackupClusters.Image, server.Image);
        Assert.Same(resources, server.Resources);
        Assert.Equal(
            [("pgbackrest-server", "/etc/pgbackrest/server"), ("ivory-data", "/pgdata"), ("ivory-wal", "/pgwal"),
             ("tablespace-trial", "/tablespaces/trial"), ("pgbackrest-config", "/etc/pgbackrest/conf.d")],
            server.VolumeMounts.Select(m => (m.Name, m.MountPath)));
        Assert.Equal(["pgbackrest-server", "pgbackrest-config"], pod.Containers[3].VolumeMounts.Select(m => m.Name));
        Assert.Equal("pgbackrest-config", pod.Containers[3].Command[4]);

        var certificates = Assert.Single(pod.Volumes.Single(v => v.Name == "pgbackrest-server").Projected.Sources).Secret;
        Assert.Equal("hippo-instance1-abcd-certs", certificates.Name);
        Assert.Equal([("pgbackrest-server.crt", "server-tls.crt"), ("pgbackrest-server.key", "server-tls.key")],
            certificates.Items.Select(i => (i.Key, i.Path)));

        var config = pod.Volumes.Single(v => v.Name == "pgbackrest-config").Projected.Sources;
        Assert.Equal(["pgbackrest_instance.conf", "config-hash", "pgbackrest-server.conf"], config[0].ConfigMap.Items.Select(i => i.Key));
        Assert.Equal("hippo-pgbackrest", config[1].Secret.Name);
        Assert.True(config[1].Secret.Optional);
        Assert.Equal(384, config[1].Secret.Items.Single(i => i.Key == "pgbackrest-client.key").Mode);
    }

    [Fact]
    public void A_repo_host_needs_the_instance_label()
    {
        var template = BasePod();
        template.Metadata.Labels.Remove(Labels.Instance);

        Assert.Throws<ArgumentException>(() =>
            PgBackRestInstancePod.AddToInstancePod(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo())), template, BackupClusters.Image));
    }

    [Fact]
    public void Instance_certificates_gain_the_server_keys_with_a_repo_host()
    {
        V1Secret Certificates() => new()
        {
            Data = new Dictionary<string, byte[]> { ["dns.crt"] = Encoding.UTF8.GetBytes("certificate"), ["dns.key"] = Encoding.UTF8.GetBytes("key") },
        };

        var withHost = Certificates();
        PgBackRestInstancePod.AddToInstanceCertificates(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo())), withHost);
        Assert.Equal("certificate", BackupClusters.Text(withHost.Data["pgbackrest-server.crt"]));
        Assert.Equal("key", BackupClusters.Text(withHost.Data["pgbackrest-server.key"]));

        var withoutHost = Certificates();
        PgBackRestInstancePod.AddToInstanceCertificates(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.S3Repo("repo1"))), withoutHost);
        Assert.Equal(["dns.crt", "dns.key"], withoutHost.Data.Keys);
    }
}
