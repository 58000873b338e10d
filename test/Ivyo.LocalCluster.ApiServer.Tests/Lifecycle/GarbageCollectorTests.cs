using k8s;
using k8s.Models;
using static Ivyo.LocalCluster.ApiServer.Tests.Lifecycle.LifecycleObjects;

namespace Ivyo.LocalCluster.ApiServer.Tests.Lifecycle;

/// <summary>Cascading deletes by ownerReferences: background, foreground and orphan propagation, several owners.</summary>
public sealed class GarbageCollectorTests(TestServer server) : IClassFixture<TestServer>
{
    private readonly Kubernetes _client = server.Client;

    [Fact]
    public async Task Background_deletion_of_the_owner_deletes_its_dependent()
    {
        var ns = await NamespaceAsync(_client, "gc-bg");
        var owner = await SecretAsync(_client, ns, "owner");
        await ConfigMapAsync(_client, ns, "dependent", [OwnedBy(owner)]);

        await _client.CoreV1.DeleteNamespacedSecretAsync("owner", ns);

        await Eventually.GoneAsync(() => _client.CoreV1.ReadNamespacedConfigMapAsync("dependent", ns), "the dependent ConfigMap");
    }

    [Fact]
    public async Task A_dependent_created_for_an_owner_that_is_already_gone_is_deleted()
    {
        var ns = await NamespaceAsync(_client, "gc-absent");
        var owner = await SecretAsync(_client, ns, "owner");
        await _client.CoreV1.DeleteNamespacedSecretAsync("owner", ns);

        await ConfigMapAsync(_client, ns, "late", [OwnedBy(owner)]);

        await Eventually.GoneAsync(() => _client.CoreV1.ReadNamespacedConfigMapAsync("late", ns), "the dependent of an absent owner");
    }

    [Fact]
    public async Task Foreground_deletion_deletes_the_dependents_before_the_owner()
    {
        var ns = await NamespaceAsync(_client, "gc-fg");
        var owner = await SecretAsync(_client, ns, "owner");
        await ConfigMapAsync(_client, ns, "blocking", [OwnedBy(owner, block: true)]);
        await ConfigMapAsync(_client, ns, "not-blocking", [OwnedBy(owner)]);

        var deleting = await _client.CoreV1.DeleteNamespacedSecretAsync("owner", ns, propagationPolicy: "Foreground");
        Assert.NotNull(deleting);

        await Eventually.GoneAsync(() => _client.CoreV1.ReadNamespacedSecretAsync("owner", ns), "the owner");
        Assert.False(await ConfigMapExistsAsync(_client, ns, "blocking"));
        await Eventually.GoneAsync(() => _client.CoreV1.ReadNamespacedConfigMapAsync("not-blocking", ns), "the non-blocking dependent");
    }

    [Fact]
    public async Task A_blocking_dependent_with_its_own_finalizer_keeps_a_foreground_owner_until_it_is_gone()
    {
        var ns = await NamespaceAsync(_client, "gc-fg-hold");
        var owner = await SecretAsync(_client, ns, "owner");
        await ConfigMapAsync(_client, ns, "held", [OwnedBy(owner, block: true)], ["example.com/hold"]);

        await _client.CoreV1.DeleteNamespacedSecretAsync("owner", ns, propagationPolicy: "Foreground");

        // The garbage collector deleted the dependent, which waits for its finalizer; the owner waits for it.
        await Eventually.TrueAsync(async () => (await _client.CoreV1.ReadNamespacedConfigMapAsync("held", ns)).Metadata.DeletionTimestamp is not null,
            "the dependent is being deleted");
        var waiting = await _client.CoreV1.ReadNamespacedSecretAsync("owner", ns);
        Assert.NotNull(waiting.Metadata.DeletionTimestamp);
        Assert.Contains("foregroundDeletion", waiting.Metadata.Finalizers);

        await ReleaseAsync(_client, ns, "held");

        await Eventually.GoneAsync(() => _client.CoreV1.ReadNamespacedSecretAsync("owner", ns), "the owner");
        Assert.False(await ConfigMapExistsAsync(_client, ns, "held"));
    }

    [Fact]
    public async Task Orphan_deletion_keeps_the_dependent_and_removes_its_owner_reference()
    {
        var ns = await NamespaceAsync(_client, "gc-orphan");
        var owner = await SecretAsync(_client, ns, "owner");
        var other = await SecretAsync(_client, ns, "other");
        await ConfigMapAsync(_client, ns, "orphan", [OwnedBy(owner, block: true), OwnedBy(other)]);

        await _client.CoreV1.DeleteNamespacedSecretAsync("owner", ns, body: new V1DeleteOptions { PropagationPolicy = "Orphan" });

        await Eventually.GoneAsync(() => _client.CoreV1.ReadNamespacedSecretAsync("owner", ns), "the owner");
        var orphan = await _client.CoreV1.ReadNamespacedConfigMapAsync("orphan", ns);
        Assert.Equal([other.Metadata.Uid], orphan.Metadata.OwnerReferences.Select(o => o.Uid));
    }

    [Fact]
    public async Task Orphan_deletion_of_the_only_owner_leaves_the_dependent_without_owner_references()
    {
        var ns = await NamespaceAsync(_client, "gc-orphan1");
        var owner = await SecretAsync(_client, ns, "owner");
        await ConfigMapAsync(_client, ns, "orphan", [OwnedBy(owner)]);

        await _client.CoreV1.DeleteNamespacedSecretAsync("owner", ns, propagationPolicy: "Orphan");

        await Eventually.GoneAsync(() => _client.CoreV1.ReadNamespacedSecretAsync("owner", ns), "the owner");
        var orphan = await _client.CoreV1.ReadNamespacedConfigMapAsync("orphan", ns);
        Assert.Null(orphan.Metadata.OwnerReferences);
    }

    [Fact]
    public async Task A_dependent_with_another_live_owner_survives_and_only_loses_the_reference()
    {
        var ns = await NamespaceAsync(_client, "gc-two");
        var first = await SecretAsync(_client, ns, "first");
        var second = await SecretAsync(_client, ns, "second");
        await ConfigMapAsync(_client, ns, "shared", [OwnedBy(first), OwnedBy(second)]);

        await _client.CoreV1.DeleteNamespacedSecretAsync("first", ns);

        await Eventually.TrueAsync(async () => (await _client.CoreV1.ReadNamespacedConfigMapAsync("shared", ns)).Metadata.OwnerReferences is [var only]
            && only.Uid == second.Metadata.Uid, "the reference to the deleted owner is removed");

        await _client.CoreV1.DeleteNamespacedSecretAsync("second", ns);
        await Eventually.GoneAsync(() => _client.CoreV1.ReadNamespacedConfigMapAsync("shared", ns), "the dependent of both deleted owners");
    }
}
