using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static Ivyo.LocalCluster.ApiServer.Tests.Lifecycle.LifecycleObjects;

namespace Ivyo.LocalCluster.ApiServer.Tests.Lifecycle;

/// <summary>Namespace deletion: Terminating, no new content, everything inside deleted (finalizers honoured), then the namespace.</summary>
public sealed class NamespaceLifecycleTests(TestServer server) : IClassFixture<TestServer>
{
    private readonly Kubernetes _client = server.Client;

    [Fact]
    public async Task A_new_namespace_has_the_kubernetes_finalizer_and_is_active()
    {
        var ns = await NamespaceAsync(_client, "ns-new");

        var created = await _client.CoreV1.ReadNamespaceAsync(ns);

        Assert.Equal(["kubernetes"], created.Spec.Finalizers);
        Assert.Equal("Active", created.Status.Phase);
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_its_content_then_the_namespace()
    {
        await EnsureCrdAsync(_client);
        var ns = await NamespaceAsync(_client, "ns-del");
        await ConfigMapAsync(_client, ns, "config");
        await ConfigMapAsync(_client, ns, "held", finalizers: ["example.com/hold"]);
        await SecretAsync(_client, ns, "secret");
        await ServiceAsync(_client, ns, "service");
        await IvoryClusterAsync(_client, ns, "hippo");

        await _client.CoreV1.DeleteNamespaceAsync(ns);

        var terminating = await _client.CoreV1.ReadNamespaceAsync(ns);
        Assert.Equal("Terminating", terminating.Status.Phase);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => ConfigMapAsync(_client, ns, "late"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        Assert.Contains($"unable to create new content in namespace {ns} because it is being terminated", refused.Response.Content, StringComparison.Ordinal);

        await Eventually.GoneAsync(() => _client.CoreV1.ReadNamespacedConfigMapAsync("config", ns), "the ConfigMap");
        await Eventually.GoneAsync(() => _client.CoreV1.ReadNamespacedSecretAsync("secret", ns), "the Secret");
        await Eventually.GoneAsync(() => _client.CoreV1.ReadNamespacedServiceAsync("service", ns), "the Service");
        await Eventually.GoneAsync(() => _client.CustomObjects.GetNamespacedCustomObjectAsync(Group, CrdVersion, ns, Plural, "hippo"), "the IvoryCluster");

        // The ConfigMap with a finalizer keeps the namespace, which says why.
        await Eventually.TrueAsync(async () => (await _client.CoreV1.ReadNamespaceAsync(ns)).Status.Conditions?
            .Any(c => c.Type == "NamespaceFinalizersRemaining" && c.Status == "True" && c.Message.Contains("example.com/hold in 1 resource instances", StringComparison.Ordinal)) == true,
            "the namespace reports the remaining finalizer");
        var waiting = await _client.CoreV1.ReadNamespaceAsync(ns);
        Assert.Equal("Terminating", waiting.Status.Phase);
        Assert.Contains(waiting.Status.Conditions, c => c.Type == "NamespaceContentRemaining" && c.Reason == "SomeResourcesRemain"
            && c.Message == "Some resources are remaining: configmaps has 1 resource instances");
        Assert.NotNull((await _client.CoreV1.ReadNamespacedConfigMapAsync("held", ns)).Metadata.DeletionTimestamp);

        await ReleaseAsync(_client, ns, "held");

        await Eventually.GoneAsync(() => _client.CoreV1.ReadNamespaceAsync(ns), "the namespace");
        Assert.False(await ConfigMapExistsAsync(_client, ns, "held"));
    }

    [Fact]
    public async Task An_empty_namespace_goes_soon_after_its_deletion()
    {
        var ns = await NamespaceAsync(_client, "ns-empty");

        await _client.CoreV1.DeleteNamespaceAsync(ns);

        await Eventually.GoneAsync(() => _client.CoreV1.ReadNamespaceAsync(ns), "the namespace");
    }

    [Fact]
    public async Task The_finalize_subresource_removes_the_kubernetes_finalizer()
    {
        var ns = await NamespaceAsync(_client, "ns-fin");
        var current = await _client.CoreV1.ReadNamespaceAsync(ns);
        current.Spec.Finalizers = [];

        var finalized = await _client.CoreV1.ReplaceNamespaceFinalizeAsync(current, ns);

        Assert.Empty(finalized.Spec.Finalizers ?? []);
        Assert.Equal("Active", finalized.Status.Phase);
    }
}
