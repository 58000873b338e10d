using System.Collections.Concurrent;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.ControllerRuntime.Tests.Support;
using k8s.Models;

namespace Ivyo.ControllerRuntime.Tests.Informers;

public sealed class TypedInformerTests
{
    [Fact]
    public async Task A_typed_informer_converts_cached_objects_and_notifications_to_the_model_type()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ns = await cluster.CreateNamespaceAsync();
        await cluster.CreateConfigMapAsync(ns, "a", labels: new Dictionary<string, string> { ["app"] = "db" });

        var informer = new Informer<V1ConfigMap>(cluster.Client, namespaced: true, new InformerOptions { Namespace = ns });
        informer.Untyped.AddIndex(IndexFunctions.LabelIndex("app"), IndexFunctions.ByLabel("app"));
        var events = new ConcurrentQueue<string>();
        informer.AddEventHandler(new ResourceEventHandler<V1ConfigMap>
        {
            Added = c => events.Enqueue($"Added {c.Metadata.Name} {c.Data["v"]}"),
            Updated = (o, n) => events.Enqueue($"Updated {n.Metadata.Name} {o.Data["v"]}->{n.Data["v"]}"),
            Deleted = c => events.Enqueue($"Deleted {c.Metadata.Name}"),
        });
        await using var running = Background.Run(informer.RunAsync);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        var cached = informer.Get($"{ns}/a");
        Assert.NotNull(cached);
        Assert.Equal("1", cached.Data["v"]);
        Assert.Equal(["a"], informer.ByIndex(IndexFunctions.LabelIndex("app"), "db").Select(c => c.Metadata.Name));
        cached.Data["v"] = "changed locally";
        Assert.Equal("1", informer.Get($"{ns}/a")!.Data["v"]);

        await cluster.UpdateConfigMapAsync(ns, "a", "2");
        await Eventually.TrueAsync(() => events.Contains("Updated a 1->2"), "the typed update");
        Assert.Contains("Added a 1", events);
        await Eventually.TrueAsync(() => informer.List().Any(c => c.Metadata.Name == "kube-root-ca.crt"), "the namespace's root CA ConfigMap");
    }
}
