using k8s;
using k8s.Models;
using static Ivyo.LocalCluster.ApiServer.Tests.Lifecycle.LifecycleObjects;

namespace Ivyo.LocalCluster.ApiServer.Tests.Lifecycle;

/// <summary>A custom resource as owner, as IVYO's IvoryCluster owns its Services and StatefulSets.</summary>
public sealed class CustomResourceOwnerTests(TestServer server) : IClassFixture<TestServer>
{
    private readonly Kubernetes _client = server.Client;

    [Fact]
    public async Task Deleting_a_custom_resource_deletes_the_service_it_owns()
    {
        await EnsureCrdAsync(_client);
        var ns = await NamespaceAsync(_client, "gc-cr");
        var uid = await IvoryClusterAsync(_client, ns, "hippo");
        var owner = Owner($"{Group}/{CrdVersion}", Kind, "hippo", uid, block: true);
        await ServiceAsync(_client, ns, "hippo-primary", [owner]);
        await ServiceAsync(_client, ns, "unrelated");

        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, CrdVersion, ns, Plural, "hippo");

        await Eventually.GoneAsync(() => _client.CoreV1.ReadNamespacedServiceAsync("hippo-primary", ns), "the owned Service");
        Assert.True(await ServiceExistsAsync(_client, ns, "unrelated"));
    }

    [Fact]
    public async Task Foreground_deletion_of_a_custom_resource_waits_for_its_service()
    {
        await EnsureCrdAsync(_client);
        var ns = await NamespaceAsync(_client, "gc-cr-fg");
        var uid = await IvoryClusterAsync(_client, ns, "hippo");
        var owner = Owner($"{Group}/{CrdVersion}", Kind, "hippo", uid, block: true);
        await ServiceAsync(_client, ns, "hippo-replicas", [owner]);

        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, CrdVersion, ns, Plural, "hippo", propagationPolicy: "Foreground");

        await Eventually.GoneAsync(() => _client.CustomObjects.GetNamespacedCustomObjectAsync(Group, CrdVersion, ns, Plural, "hippo"), "the IvoryCluster");
        Assert.False(await ServiceExistsAsync(_client, ns, "hippo-replicas"));
    }
}
