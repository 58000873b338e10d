using System.Net;
using Ivyo.LocalCluster.Storage;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests;

/// <summary>KubernetesClient's bookmarks, its 410 handling, and its patch and server-side-apply calls.</summary>
public sealed class ClientWatchAndApplyTests : IClassFixture<TestServer>
{
    private readonly Kubernetes _client;

    public ClientWatchAndApplyTests(TestServer server) => _client = server.Client;

    private async Task<string> NamespaceAsync()
    {
        var ns = "c-" + Guid.NewGuid().ToString("N")[..8];
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        return ns;
    }

    [Fact]
    public async Task Strategic_merge_patch_through_the_client_merges_containers_by_name()
    {
        var ns = await NamespaceAsync();
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "a", Image = "one" }, new V1Container { Name = "b", Image = "two" }] },
        }, ns);
        var patch = new V1Patch("{\"spec\":{\"containers\":[{\"name\":\"b\",\"image\":\"three\"}]}}", V1Patch.PatchType.StrategicMergePatch);
        var patched = await _client.CoreV1.PatchNamespacedPodAsync(patch, "p", ns);
        Assert.Equal(["a:one", "b:three"], patched.Spec.Containers.Select(c => $"{c.Name}:{c.Image}"));
    }

    [Fact]
    public async Task Server_side_apply_through_the_client_creates_then_conflicts_then_forces()
    {
        var ns = await NamespaceAsync();
        var applied = new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = "cfg" }, Data = new Dictionary<string, string> { ["k"] = "v1" } };
        var created = await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(applied, V1Patch.PatchType.ApplyPatch), "cfg", ns, fieldManager: "first");
        Assert.Equal("first", created.Metadata.ManagedFields.Single().Manager);

        applied.Data["k"] = "v2";
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() =>
            _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(applied, V1Patch.PatchType.ApplyPatch), "cfg", ns, fieldManager: "second"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Contains("conflict with \\\"first\\\": .data.k", conflict.Response.Content, StringComparison.Ordinal);

        var forced = await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(applied, V1Patch.PatchType.ApplyPatch), "cfg", ns, fieldManager: "second", force: true);
        Assert.Equal("v2", forced.Data["k"]);
        Assert.Contains(forced.Metadata.ManagedFields, m => m.Manager == "second" && m.Operation == "Apply");
    }

    [Fact]
    public async Task Watch_with_bookmarks_receives_a_bookmark()
    {
        var ns = await NamespaceAsync();
        var server = new TestServer();
        await server.InitializeAsync();
        try
        {
            await server.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
            await server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "first" } }, ns);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var types = new List<WatchEventType>();
            await foreach (var (type, _) in server.Client.CoreV1.WatchListNamespacedConfigMapAsync(
                ns, fieldSelector: "metadata.name=first", allowWatchBookmarks: true, cancellationToken: timeout.Token))
            {
                types.Add(type);
                if (type == WatchEventType.Bookmark)
                {
                    break;
                }
            }

            Assert.Equal([WatchEventType.Added, WatchEventType.Bookmark], types);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_watch_from_expired_history_gets_410_gone()
    {
        await using var store = new MemoryObjectStore(new MemoryObjectStoreOptions { HistoryLimit = 3 });
        var server = new TestServer { Store = store };
        await server.InitializeAsync();
        try
        {
            var ns = "gone";
            await server.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
            for (var i = 0; i < 10; i++)
            {
                await server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" + i } }, ns);
            }

            // KubernetesClient hands the ERROR event's Status to onError as a KubernetesException and ends the watch.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            Exception? error = null;
            await foreach (var _ in server.Client.CoreV1.WatchListNamespacedConfigMapAsync(
                ns, resourceVersion: "2", onError: e => error = e, cancellationToken: timeout.Token))
            {
            }

            var status = Assert.IsType<KubernetesException>(error).Status;
            Assert.Equal((410, "Expired"), (status.Code, status.Reason));
            Assert.StartsWith("too old resource version: 2", status.Message, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
