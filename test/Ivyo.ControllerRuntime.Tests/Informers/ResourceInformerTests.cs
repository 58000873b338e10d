using Ivyo.ControllerRuntime.Informers;
using Ivyo.ControllerRuntime.Resources;
using Ivyo.ControllerRuntime.Tests.Support;
using Ivyo.LocalCluster.Storage;
using k8s;
using k8s.Models;

namespace Ivyo.ControllerRuntime.Tests.Informers;

public sealed class ResourceInformerTests
{
    private static readonly ResourceType s_configMaps = new("", "v1", "configmaps", Namespaced: true);
    private static readonly Dictionary<string, string> s_mine = new() { ["set"] = "mine" };

    [Fact]
    public async Task Informer_lists_in_pages_syncs_then_sees_adds_updates_and_deletes_in_order()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ns = await cluster.CreateNamespaceAsync();
        for (var i = 0; i < 5; i++)
        {
            await cluster.CreateConfigMapAsync(ns, "c" + i, labels: s_mine);
        }

        // The label keeps out the namespace's kube-root-ca.crt.
        var informer = new ResourceInformer(cluster.Client, s_configMaps, new InformerOptions { Namespace = ns, PageSize = 2, LabelSelector = "set=mine" });
        var handler = new RecordingHandler();
        informer.AddEventHandler(handler);
        await using var running = Background.Run(informer.RunAsync);

        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(informer.HasSynced);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"Added {ns}/c{i}").Order(), handler.Events.Order());
        var listed = informer.Cache.Get($"{ns}/c3");
        Assert.NotNull(listed);
        Assert.Equal(("ConfigMap", "v1"), ((string?)listed["kind"], (string?)listed["apiVersion"]));

        await cluster.CreateConfigMapAsync(ns, "c5", labels: s_mine);
        await cluster.UpdateConfigMapAsync(ns, "c1", "2");
        await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("c2", ns);
        await Eventually.TrueAsync(() => handler.Events.Count == 8, "three more notifications");

        Assert.Equal([$"Added {ns}/c5", $"Updated {ns}/c1 1->2", $"Deleted {ns}/c2"], handler.Events.Skip(5));
        Assert.Equal(new[] { "c0", "c1", "c3", "c4", "c5" }.Select(n => $"{ns}/{n}"), informer.Cache.ListKeys().Order());
        Assert.Equal("2", (string?)informer.Cache.Get($"{ns}/c1")!["data"]!["v"]);
        Assert.Equal(1, informer.Lists);
    }

    [Fact]
    public async Task Informer_of_a_grouped_resource_across_namespaces_honours_the_label_selector()
    {
        await using var cluster = await TestCluster.StartAsync();
        var first = await cluster.CreateNamespaceAsync();
        var second = await cluster.CreateNamespaceAsync();
        async Task LeaseAsync(string ns, string name, string? app) => await cluster.Client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease { Metadata = new V1ObjectMeta { Name = name, Labels = app is null ? null : new Dictionary<string, string> { ["app"] = app } } }, ns);
        await LeaseAsync(first, "a", "db");
        await LeaseAsync(first, "b", "web");
        await LeaseAsync(second, "c", "db");

        var informer = new ResourceInformer(
            cluster.Client, new ResourceType("coordination.k8s.io", "v1", "leases", Namespaced: true), new InformerOptions { LabelSelector = "app=db" });
        var handler = new RecordingHandler();
        informer.AddEventHandler(handler);
        await using var running = Background.Run(informer.RunAsync);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(new[] { $"{first}/a", $"{second}/c" }.Order(), informer.Cache.ListKeys().Order());
        Assert.Equal("coordination.k8s.io/v1", (string?)informer.Cache.Get($"{first}/a")!["apiVersion"]);
        await LeaseAsync(second, "d", "web");
        await LeaseAsync(second, "e", "db");
        await Eventually.TrueAsync(() => handler.Events.Count == 3, "the add of the labelled lease");
        Assert.Equal($"Added {second}/e", handler.Events[^1]);
        Assert.Null(informer.Cache.Get($"{second}/d"));
    }

    [Fact]
    public async Task Informer_survives_410_by_relisting_and_emits_a_synthetic_delete_for_an_object_deleted_during_the_gap()
    {
        await using var store = new MemoryObjectStore(new MemoryObjectStoreOptions { HistoryLimit = 3 });
        await using var cluster = await TestCluster.StartAsync(store);
        var ns = await cluster.CreateNamespaceAsync();
        await cluster.CreateConfigMapAsync(ns, "doomed", labels: s_mine);
        await cluster.CreateConfigMapAsync(ns, "changed", labels: s_mine);
        await cluster.CreateConfigMapAsync(ns, "trigger", labels: s_mine);

        // The handler blocks on the trigger's update, so the informer stops reading its watch while the test writes more
        // than the server keeps in its history; the watchdog fires meanwhile, and the watch it reopens from the
        // trigger's resourceVersion gets 410 Gone.
        var informer = new ResourceInformer(cluster.Client, s_configMaps, new InformerOptions { Namespace = ns, LabelSelector = "set=mine", NoEventTimeout = TimeSpan.FromSeconds(1) });
        using var blocked = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var handler = new RecordingHandler();
        informer.AddEventHandler(handler);
        informer.AddEventHandler(new ResourceEventHandler
        {
            Updated = (_, n) =>
            {
                if ((string?)n["metadata"]!["name"] == "trigger")
                {
                    blocked.Set();
                    release.Wait(TimeSpan.FromSeconds(30));
                }
            },
        });
        await using var running = Background.Run(informer.RunAsync);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        await cluster.UpdateConfigMapAsync(ns, "trigger", "2");
        await Eventually.TrueAsync(() => blocked.IsSet, "the handler to block");
        var firings = informer.WatchdogFirings;
        await Eventually.TrueAsync(() => informer.WatchdogFirings > firings, "the watchdog to fire while the handler blocks");
        await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("doomed", ns);
        await cluster.UpdateConfigMapAsync(ns, "changed", "2");
        for (var i = 0; i < 4; i++)
        {
            await cluster.CreateConfigMapAsync(ns, "new" + i, labels: s_mine);
        }

        var eventsBefore = handler.Events.Count;
        release.Set();
        await Eventually.TrueAsync(() => handler.Events.Contains($"Deleted {ns}/doomed"), "the synthetic delete");
        await Eventually.TrueAsync(() => handler.Events.Count == eventsBefore + 6, "every change of the gap");

        Assert.True(informer.GoneCount >= 1, "the reopened watch was answered with 410");
        Assert.Equal(2, informer.Lists);
        Assert.Equal(
            new[] { $"Deleted {ns}/doomed", $"Updated {ns}/changed 1->2" }.Concat(Enumerable.Range(0, 4).Select(i => $"Added {ns}/new{i}")).Order(),
            handler.Events.Skip(eventsBefore).Order());
        var onServer = await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "set=mine");
        Assert.Equal(onServer.Items.Select(c => $"{ns}/{c.Metadata.Name}").Order(), informer.Cache.ListKeys().Order());

        // The informer watches on after the relist.
        await cluster.CreateConfigMapAsync(ns, "after", labels: s_mine);
        await Eventually.TrueAsync(() => handler.Events.Contains($"Added {ns}/after"), "an add after the relist");
    }

    [Fact]
    public async Task Watchdog_reconnects_a_watch_on_which_nothing_arrives_and_the_informer_keeps_working()
    {
        // The API server sends bookmarks only every 10 seconds, so within that time only the watchdog reopens the watch.
        await using var cluster = await TestCluster.StartAsync();
        var ns = await cluster.CreateNamespaceAsync();
        var informer = new ResourceInformer(cluster.Client, s_configMaps, new InformerOptions { Namespace = ns, NoEventTimeout = TimeSpan.FromMilliseconds(500) });
        var handler = new RecordingHandler();
        informer.AddEventHandler(handler);
        await using var running = Background.Run(informer.RunAsync);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        await Eventually.TrueAsync(() => informer.WatchRestarts >= 2, "two watchdog reconnects", TimeSpan.FromSeconds(8));
        Assert.True(informer.WatchdogFirings >= 2);
        Assert.Equal(0, informer.GoneCount);
        Assert.Equal(1, informer.Lists);

        await cluster.CreateConfigMapAsync(ns, "late");
        await Eventually.TrueAsync(() => handler.Events.Contains($"Added {ns}/late"), "an add on a reopened watch");
    }

    [Fact]
    public async Task Informer_retries_with_backoff_while_its_resource_is_not_served_then_syncs_once_it_is()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ns = await cluster.CreateNamespaceAsync();
        var informer = new ResourceInformer(
            cluster.Client,
            IvoryClusters.Type,
            new InformerOptions { Backoff = new Timing.BackoffPolicy { Initial = TimeSpan.FromMilliseconds(20), Max = TimeSpan.FromMilliseconds(200) } });
        var handler = new RecordingHandler();
        informer.AddEventHandler(handler);
        await using var running = Background.Run(informer.RunAsync);

        // Without the CRD the list answers 404; the informer keeps retrying and does not claim to be synced.
        await Eventually.TrueAsync(() => informer.Failures >= 3, "three failed lists");
        Assert.False(informer.HasSynced);

        await IvoryClusters.CreateCrdAsync(cluster.Client);
        await IvoryClusters.CreateAsync(cluster.Client, ns, "db");
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(() => handler.Events.Contains($"Added {ns}/db"), "the IvoryCluster");
        Assert.Equal(IvoryClusters.Kind, (string?)informer.Cache.Get($"{ns}/db")!["kind"]);
    }
}
