using System.Text;

namespace Ivyo.LocalCluster.Storage.Tests;

/// <summary>The contract against a private etcd per test (started in about 0.1 s), plus what only etcd has.</summary>
public sealed class EtcdObjectStoreTests : ObjectStoreContractTests
{
    private EtcdTestServer? _server;

    protected override int WritesPerWriter => 100;

    private EtcdTestServer Server => _server ?? throw new InvalidOperationException("etcd is not started yet.");

    [Fact]
    public async Task The_stored_value_is_the_objects_JSON_without_its_resourceVersion()
    {
        await Store.CreateAsync("/registry/configmaps/default/a", Objects.ConfigMap("a", "x", resourceVersion: "42"));

        var raw = Encoding.UTF8.GetString((await Server.RawValueAsync("/registry/configmaps/default/a"))!);

        Assert.Equal("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"default"},"data":{"value":"x"}}""", raw);
    }

    [Fact]
    public async Task A_new_store_starts_at_etcds_current_revision()
    {
        var created = await Store.CreateAsync("/registry/configmaps/default/a", Objects.ConfigMap("a"));

        await using var second = await EtcdObjectStore.ConnectAsync(Server.Process.ClientUrl);

        Assert.Equal(created.ModRevision, second.CurrentRevision);
    }

    [Fact]
    public async Task A_watch_catches_up_on_more_than_grpcs_default_4_MB_of_history()
    {
        // 30 objects of 100 KB, each updated once: with the previous values, the catch-up is about 9 MB, which etcd
        // sends in one message (up to 1000 revisions each). gRPC's default 4 MB limit made every such watch fail.
        var start = Store.CurrentRevision;
        var big = new string('x', 100_000);
        for (var i = 0; i < 30; i++)
        {
            var key = "/registry/configmaps/default/big-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var created = await Store.CreateAsync(key, Objects.ConfigMap("big-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), big));
            await Store.UpdateAsync(key, created.ModRevision, Objects.ConfigMap("big-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), big + "y"));
        }

        await using var watch = new WatchSession(Store, "/registry/configmaps/", start);
        var events = await watch.NextAsync(60);

        Assert.Equal(30, events.Count(e => e.Type == StoreEventType.Added));
        Assert.Equal(30, events.Count(e => e.Type == StoreEventType.Modified));
    }

    protected override async Task<IObjectStore> CreateStoreAsync()
    {
        _server = await EtcdTestServer.StartAsync();
        return _server.Store;
    }

    protected override async Task CompactHistoryAsync()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.CreateAsync($"/registry/filler/{i}", Objects.ConfigMap($"f{i}"));
        }

        await Server.CompactAsync(Store.CurrentRevision);
    }

    protected override async Task CleanUpAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
