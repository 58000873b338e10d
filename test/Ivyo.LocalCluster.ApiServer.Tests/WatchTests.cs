using System.Globalization;
using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests;

/// <summary>Watches through the C# KubernetesClient: initial events, later changes, resume from a resourceVersion.</summary>
public sealed class WatchTests : IClassFixture<TestServer>
{
    private readonly Kubernetes _client;

    public WatchTests(TestServer server) => _client = server.Client;

    [Fact]
    public async Task Watch_from_a_resource_version_sees_later_changes_in_order()
    {
        var ns = "w-" + Guid.NewGuid().ToString("N")[..8];
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var list = await _client.CoreV1.ListNamespacedConfigMapAsync(ns);

        var events = Channel.CreateUnbounded<(WatchEventType, V1ConfigMap)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var watchTask = Task.Run(async () =>
        {
            // Only "w": the namespace's kube-root-ca.crt ConfigMap, which a controller publishes in every new namespace
            // as in Kubernetes, may arrive after the list.
            await foreach (var (type, item) in _client.CoreV1.WatchListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=w",
                resourceVersion: list.Metadata.ResourceVersion, cancellationToken: timeout.Token))
            {
                await events.Writer.WriteAsync((type, item));
            }
        }, timeout.Token);

        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "w" } }, ns);
        created.Data = new Dictionary<string, string> { ["k"] = "v" };
        var updated = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "w", ns);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("w", ns);

        var received = new List<(WatchEventType Type, V1ConfigMap Item)>();
        while (received.Count < 3)
        {
            received.Add(await events.Reader.ReadAsync(timeout.Token));
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], received.Select(e => e.Type));
        Assert.Equal(created.Metadata.ResourceVersion, received[0].Item.Metadata.ResourceVersion);
        Assert.Equal(updated.Metadata.ResourceVersion, received[1].Item.Metadata.ResourceVersion);
        Assert.True(long.Parse(received[2].Item.Metadata.ResourceVersion, CultureInfo.InvariantCulture)
            > long.Parse(updated.Metadata.ResourceVersion, CultureInfo.InvariantCulture));
        await timeout.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => watchTask);
    }

    [Fact]
    public async Task Watch_without_a_resource_version_starts_with_existing_objects()
    {
        var ns = "w-" + Guid.NewGuid().ToString("N")[..8];
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "before" } }, ns);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var (type, item) in _client.CoreV1.WatchListNamespacedConfigMapAsync(ns, cancellationToken: timeout.Token))
        {
            Assert.Equal((WatchEventType.Added, "before"), (type, item.Metadata.Name));
            break;
        }
    }

    [Fact]
    public async Task Watch_with_timeout_seconds_ends_the_stream()
    {
        var ns = "w-" + Guid.NewGuid().ToString("N")[..8];
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "only" } }, ns);

        // KubernetesClient reads the first line of a watch before returning; one existing object gives it one.
        var started = DateTimeOffset.UtcNow;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var names = new List<string>();
        await foreach (var (_, item) in _client.CoreV1.WatchListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=only", timeoutSeconds: 2, cancellationToken: timeout.Token))
        {
            names.Add(item.Metadata.Name);
        }

        Assert.Equal(["only"], names);
        Assert.InRange(DateTimeOffset.UtcNow - started, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(15));
    }
}
