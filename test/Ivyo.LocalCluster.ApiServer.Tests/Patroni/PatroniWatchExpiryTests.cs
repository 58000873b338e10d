using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.LocalCluster.Storage;

namespace Ivyo.LocalCluster.ApiServer.Tests.Patroni;

/// <summary>
/// <c>ObjectCache._do_watch</c> (patroni/dcs/kubernetes.py l.652-654) stops at an event whose object has
/// <c>code == 410</c>, and <c>run</c>/<c>_build_cache</c> (l.657-673, 692-697) lists again and watches from the new
/// list's resourceVersion. The watch on an expired resourceVersion must therefore be a 200 stream whose event is an
/// ERROR with a 410 Status, as kube-apiserver sends it.
/// </summary>
public sealed class PatroniWatchExpiryTests
{
    [Fact]
    public async Task A_watch_from_an_expired_resource_version_gets_a_410_event_and_a_relist_recovers()
    {
        await using var store = new MemoryObjectStore(new MemoryObjectStoreOptions { HistoryLimit = 3 });
        await using var server = await Hosting.ApiServer.StartAsync(new ApiServerOptions { Store = store });
        using var patroni = new PatroniHttp(server);
        var collection = $"/api/v1/namespaces/default/endpoints?{PatroniHttp.LabelSelector("batman")}";
        const string Labels = """{"application": "patroni", "cluster-name": "batman"}""";
        string Create(string name) => $$$$"""{"metadata": {"namespace": "default", "name": "{{{{name}}}}", "labels": {{{{Labels}}}}, "annotations": {}}}""";

        var listed = await patroni.SendAsync(HttpMethod.Get, collection);
        Assert.Equal(200, listed.Status);
        foreach (var name in new[] { "batman", "batman-config", "batman-sync", "batman-failover", "batman-1" })
        {
            Assert.Equal(201, (await patroni.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/endpoints", Create(name))).Status);
        }

        using (var expired = await patroni.WatchAsync($"{collection}&watch=True&resourceVersion={listed.ResourceVersion}"))
        {
            Assert.Equal(200, (int)expired.Response.StatusCode);
            Assert.True(expired.Response.Headers.TransferEncodingChunked);
            var error = await expired.NextAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("ERROR", (string?)error["type"]);
            Assert.Equal("Status", (string?)error["object"]!["kind"]);
            Assert.Equal(410, (int?)error["object"]!["code"]);
        }

        var relisted = await patroni.SendAsync(HttpMethod.Get, collection);
        Assert.Equal(5, relisted.Body["items"]!.AsArray().Count);
        using var watch = await patroni.WatchAsync($"{collection}&watch=True&resourceVersion={relisted.ResourceVersion}");
        var patched = await patroni.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/endpoints/batman-sync",
            $$$$"""{"metadata": {"namespace": "default", "name": "batman-sync", "labels": {{{{Labels}}}}, "annotations": {"leader": "batman-0", "sync_standby": null}}}""",
            PatroniHttp.StrategicMergePatch);
        Assert.Equal(200, patched.Status);
        var modified = await watch.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("MODIFIED", (string?)modified["type"]);
        Assert.Equal(patched.ResourceVersion, (string?)modified["object"]!["metadata"]!["resourceVersion"]);
    }
}
