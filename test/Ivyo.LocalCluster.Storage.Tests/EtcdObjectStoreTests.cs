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
