using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests.Pods;

/// <summary>
/// In-cluster credentials as Kubernetes provides them: every namespace gets a <c>default</c> ServiceAccount and the
/// <c>kube-root-ca.crt</c> ConfigMap, and pods get the projected token volume at the well-known path.
/// </summary>
public sealed class ServiceAccountTests(TestServer server) : IClassFixture<TestServer>
{
    private readonly Kubernetes _client = server.Client;

    [Fact]
    public async Task Every_namespace_gets_a_default_service_account_and_the_root_ca_again_after_deletion()
    {
        var ns = await PodFixtures.NamespaceAsync(_client);

        await EventuallyAsync(async () => await ExistsAsync(() => _client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns)));
        await EventuallyAsync(async () => await ExistsAsync(() => _client.CoreV1.ReadNamespacedConfigMapAsync("kube-root-ca.crt", ns)));
        var ca = await _client.CoreV1.ReadNamespacedConfigMapAsync("kube-root-ca.crt", ns);
        Assert.Equal(server.Server.Credentials.Authority.CertificatePem.Trim(), ca.Data["ca.crt"].Trim());

        await _client.CoreV1.DeleteNamespacedServiceAccountAsync("default", ns);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("kube-root-ca.crt", ns);

        await EventuallyAsync(async () => await ExistsAsync(() => _client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns)));
        await EventuallyAsync(async () => await ExistsAsync(() => _client.CoreV1.ReadNamespacedConfigMapAsync("kube-root-ca.crt", ns)));
    }

    [Fact]
    public async Task A_pod_gets_the_token_volume_in_every_container()
    {
        var ns = await PodFixtures.NamespaceAsync(_client);
        var pod = PodFixtures.Pod("db-0");
        pod.Spec.InitContainers = [new V1Container { Name = "init", Image = "debian:12" }];

        var created = await _client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        var volume = Assert.Single(created.Spec.Volumes, v => v.Name.StartsWith("kube-api-access-", StringComparison.Ordinal));
        Assert.Equal(3607, volume.Projected.Sources[0].ServiceAccountToken.ExpirationSeconds);
        Assert.Equal("kube-root-ca.crt", volume.Projected.Sources[1].ConfigMap.Name);
        Assert.Equal("metadata.namespace", volume.Projected.Sources[2].DownwardAPI.Items[0].FieldRef.FieldPath);
        foreach (var container in created.Spec.InitContainers.Concat(created.Spec.Containers))
        {
            var mount = Assert.Single(container.VolumeMounts);
            Assert.Equal((volume.Name, "/var/run/secrets/kubernetes.io/serviceaccount", true), (mount.Name, mount.MountPath, mount.ReadOnlyProperty == true));
        }
    }

    [Fact]
    public async Task Automount_false_on_the_pod_or_its_service_account_means_no_token()
    {
        var ns = await PodFixtures.NamespaceAsync(_client);
        await _client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "quiet" }, AutomountServiceAccountToken = false }, ns);
        var onPod = PodFixtures.Pod("on-pod");
        onPod.Spec.AutomountServiceAccountToken = false;
        var onAccount = PodFixtures.Pod("on-account");
        onAccount.Spec.ServiceAccountName = "quiet";

        Assert.Null((await _client.CoreV1.CreateNamespacedPodAsync(onPod, ns)).Spec.Volumes);
        Assert.Null((await _client.CoreV1.CreateNamespacedPodAsync(onAccount, ns)).Spec.Volumes);
    }

    private static async Task<bool> ExistsAsync(Func<Task> read)
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

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(20);
        }
    }
}
