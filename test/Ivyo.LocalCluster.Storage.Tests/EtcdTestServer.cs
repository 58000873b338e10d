using Etcdserverpb;
using Grpc.Net.Client;

namespace Ivyo.LocalCluster.Storage.Tests;

/// <summary>A private etcd in a temporary directory and a store on it; disposing kills etcd and deletes the directory.</summary>
internal sealed class EtcdTestServer : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;

    private EtcdTestServer(DirectoryInfo directory, EtcdProcess process, EtcdObjectStore store)
    {
        _directory = directory;
        Process = process;
        Store = store;
    }

    public EtcdProcess Process { get; }

    public EtcdObjectStore Store { get; }

    public static async Task<EtcdTestServer> StartAsync()
    {
        if (!File.Exists(EtcdProcess.DefaultExecutable))
        {
            Assert.Fail($"etcd is not installed at {EtcdProcess.DefaultExecutable}; the etcd store's tests need it. " +
                "Run scripts/install-prerequisites.sh (as root) to install Debian's etcd-server package.");
        }

        var directory = Directory.CreateTempSubdirectory("ivyo-etcd-test-");
        EtcdProcess? process = null;
        try
        {
            process = await EtcdProcess.StartAsync(Path.Combine(directory.FullName, "data"));
            var store = await EtcdObjectStore.ConnectAsync(process.ClientUrl);
            return new EtcdTestServer(directory, process, store);
        }
        catch
        {
            process?.Dispose();
            directory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Compacts etcd's history up to <paramref name="revision"/>, as the API server's compactor would.</summary>
    public async Task CompactAsync(long revision)
    {
        using var channel = GrpcChannel.ForAddress(Process.ClientUrl);
        using var client = new dotnet_etcd.EtcdClient(channel.CreateCallInvoker());
        await client.CompactAsync(new CompactionRequest { Revision = revision, Physical = true });
    }

    /// <summary>The bytes etcd holds for <paramref name="key"/>, or null.</summary>
    public async Task<byte[]?> RawValueAsync(string key)
    {
        using var channel = GrpcChannel.ForAddress(Process.ClientUrl);
        using var client = new dotnet_etcd.EtcdClient(channel.CreateCallInvoker());
        var response = await client.GetAsync(new RangeRequest { Key = Google.Protobuf.ByteString.CopyFromUtf8(key) });
        return response.Kvs.Count == 0 ? null : response.Kvs[0].Value.ToByteArray();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Store.DisposeAsync();
        }
        finally
        {
            try
            {
                Process.Dispose();
            }
            finally
            {
                _directory.Delete(recursive: true);
            }
        }
    }
}
