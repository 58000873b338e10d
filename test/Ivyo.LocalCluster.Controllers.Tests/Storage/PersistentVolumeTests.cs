using Ivyo.LocalCluster.Controllers.Hosting;
using Ivyo.LocalCluster.Controllers.Tests.Infrastructure;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Tests.Storage;

public sealed class PersistentVolumeTests
{
    private const string Ns = "default";

    private static V1PersistentVolumeClaim Claim(string name, string? storageClass = null, string size = "2Gi") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeClaimSpec
        {
            StorageClassName = storageClass,
            AccessModes = ["ReadWriteOnce"],
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
        },
    };

    private static async Task<bool> Exists(Func<Task> read)
    {
        try
        {
            await read();
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_claim_without_a_class_gets_a_hostpath_volume_of_the_default_class_and_both_are_bound()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.PersistentVolumes);
        var client = cluster.Client;
        var standard = await Eventually.Get(async () => (await client.StorageV1.ListStorageClassAsync()).Items, l => l.Count == 1, "the default class exists");
        Assert.Equal("standard", standard[0].Metadata.Name);
        Assert.Equal("ivyo.local/hostpath", standard[0].Provisioner);
        Assert.Equal("true", standard[0].Metadata.Annotations["storageclass.kubernetes.io/is-default-class"]);

        var created = await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("data"), Ns);
        var claim = await Eventually.Get(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", Ns), c => c.Status?.Phase == "Bound", "the claim is bound");
        Assert.Equal("pvc-" + created.Metadata.Uid, claim.Spec.VolumeName);
        Assert.Equal("2Gi", claim.Status.Capacity["storage"].ToString());
        Assert.Equal(["ReadWriteOnce"], claim.Status.AccessModes);
        Assert.Equal("yes", claim.Metadata.Annotations["pv.kubernetes.io/bind-completed"]);

        var volume = await Eventually.Get(() => client.CoreV1.ReadPersistentVolumeAsync(claim.Spec.VolumeName), v => v.Status?.Phase == "Bound", "the volume is bound");
        Assert.Equal("standard", volume.Spec.StorageClassName);
        Assert.Equal("Delete", volume.Spec.PersistentVolumeReclaimPolicy);
        Assert.Equal("2Gi", volume.Spec.Capacity["storage"].ToString());
        Assert.Equal(["ReadWriteOnce"], volume.Spec.AccessModes);
        Assert.Equal((created.Metadata.Uid, "data", Ns), (volume.Spec.ClaimRef.Uid, volume.Spec.ClaimRef.Name, volume.Spec.ClaimRef.NamespaceProperty));
        Assert.Equal(Path.Combine(cluster.DataDirectory, volume.Metadata.Name), volume.Spec.HostPath.Path);
        Assert.True(Directory.Exists(volume.Spec.HostPath.Path));
    }

    [Fact]
    public async Task Deleting_a_claim_releases_its_volume_and_reclaim_Delete_removes_the_volume_and_its_directory()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.PersistentVolumes);
        var client = cluster.Client;
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("scratch", "standard"), Ns);
        var claim = await Eventually.Get(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("scratch", Ns), c => c.Status?.Phase == "Bound", "the claim is bound");
        var path = (await client.CoreV1.ReadPersistentVolumeAsync(claim.Spec.VolumeName)).Spec.HostPath.Path;
        await File.WriteAllTextAsync(Path.Combine(path, "file"), "x");

        await client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync("scratch", Ns);
        await Eventually.Until(async () => !await Exists(() => client.CoreV1.ReadPersistentVolumeAsync(claim.Spec.VolumeName)), "the volume is deleted");
        Assert.False(Directory.Exists(path));
    }

    [Fact]
    public async Task A_volume_with_reclaim_Retain_is_released_and_kept_with_its_data()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.PersistentVolumes);
        var client = cluster.Client;
        await client.StorageV1.CreateStorageClassAsync(new V1StorageClass
        {
            Metadata = new V1ObjectMeta { Name = "keep" },
            Provisioner = "ivyo.local/hostpath",
            ReclaimPolicy = "Retain",
        });
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("kept", "keep"), Ns);
        var claim = await Eventually.Get(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("kept", Ns), c => c.Status?.Phase == "Bound", "the claim is bound");
        await client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync("kept", Ns);
        var volume = await Eventually.Get(() => client.CoreV1.ReadPersistentVolumeAsync(claim.Spec.VolumeName), v => v.Status?.Phase == "Released", "the volume is released");
        Assert.True(Directory.Exists(volume.Spec.HostPath.Path));
    }

    [Fact]
    public async Task WaitForFirstConsumer_provisions_only_once_a_pod_using_the_claim_has_a_node()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.PersistentVolumes);
        var client = cluster.Client;
        await client.StorageV1.CreateStorageClassAsync(new V1StorageClass
        {
            Metadata = new V1ObjectMeta { Name = "late" },
            Provisioner = "ivyo.local/hostpath",
            VolumeBindingMode = "WaitForFirstConsumer",
        });
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("later", "late"), Ns);

        // A claim of the Immediate default class created afterwards is bound; the waiting claim was synced before it.
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("now", "standard"), Ns);
        await Eventually.Until(async () => (await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("now", Ns)).Status?.Phase == "Bound", "the immediate claim is bound");
        var waiting = await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("later", Ns);
        Assert.Null(waiting.Spec.VolumeName);
        Assert.NotEqual("Bound", waiting.Status?.Phase);
        Assert.Single((await client.CoreV1.ListPersistentVolumeAsync()).Items);

        await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "user" },
            Spec = new V1PodSpec
            {
                NodeName = "node-a",
                Containers = [new V1Container { Name = "main", Image = "busybox:1" }],
                Volumes = [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "later" } }],
            },
        }, Ns);
        var claim = await Eventually.Get(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("later", Ns), c => c.Status?.Phase == "Bound", "the waiting claim is bound");
        Assert.Equal("node-a", claim.Metadata.Annotations["volume.kubernetes.io/selected-node"]);
        var volume = await client.CoreV1.ReadPersistentVolumeAsync(claim.Spec.VolumeName);
        Assert.Equal("node-a", volume.Spec.NodeAffinity.Required.NodeSelectorTerms[0].MatchExpressions[0].Values[0]);
    }

    [Fact]
    public async Task A_statefulset_pod_finds_its_data_again_after_it_is_deleted_and_recreated()
    {
        await using var cluster = await TestCluster.StartAsync(ManagedControllers.PersistentVolumes | ManagedControllers.StatefulSets);
        var client = cluster.Client;
        await client.AppsV1.CreateNamespacedStatefulSetAsync(new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "pg" },
            Spec = new V1StatefulSetSpec
            {
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = Pods.Labels("pg") },
                Template = Pods.Template(Pods.Labels("pg")),
                VolumeClaimTemplates = [Claim("pgdata", size: "1Gi")],
            },
        }, Ns);
        var claim = await Eventually.Get(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("pgdata-pg-0", Ns), c => c.Status?.Phase == "Bound", "the claim is bound");
        var path = (await client.CoreV1.ReadPersistentVolumeAsync(claim.Spec.VolumeName)).Spec.HostPath.Path;
        await File.WriteAllTextAsync(Path.Combine(path, "PG_VERSION"), "17");

        var pod = await Eventually.Get(() => Pods.TryGetAsync(client, Ns, "pg-0"), p => p is not null, "pg-0 exists");
        await client.CoreV1.DeleteNamespacedPodAsync("pg-0", Ns);
        var recreated = await Eventually.Get(() => Pods.TryGetAsync(client, Ns, "pg-0"), p => p is not null && p.Metadata.Uid != pod!.Metadata.Uid, "pg-0 is recreated");
        Assert.Equal("pgdata-pg-0", recreated!.Spec.Volumes.Single(v => v.Name == "pgdata").PersistentVolumeClaim.ClaimName);
        var again = await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("pgdata-pg-0", Ns);
        Assert.Equal(claim.Metadata.Uid, again.Metadata.Uid);
        Assert.Equal(claim.Spec.VolumeName, again.Spec.VolumeName);
        Assert.Equal("17", await File.ReadAllTextAsync(Path.Combine(path, "PG_VERSION")));
    }
}
