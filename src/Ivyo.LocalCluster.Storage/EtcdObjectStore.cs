using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Net.Client;
using Mvccpb;
using CompareResult = Etcdserverpb.Compare.Types.CompareResult;
using CompareTarget = Etcdserverpb.Compare.Types.CompareTarget;
using EtcdEventType = Mvccpb.Event.Types.EventType;

namespace Ivyo.LocalCluster.Storage;

/// <summary>
/// An <see cref="IObjectStore"/> on etcd 3.4+, laid out as Kubernetes' etcd3 store lays it out: the key is the given key,
/// the value the object's JSON without <c>metadata.resourceVersion</c>, and the resource version etcd's mod_revision.
/// </summary>
/// <remarks>
/// <para>
/// Every write is one etcd transaction guarded by a compare (create: <c>create_revision == 0</c>; update:
/// <c>mod_revision == expected</c>; delete: optionally the same), so a write is acknowledged only once etcd has
/// committed it — and etcd fsyncs its write-ahead log before it answers (this store's <see cref="EtcdProcess"/> runs etcd
/// with its default, fsyncing configuration). Calls are not retried: a write whose answer is lost may or may not have
/// happened, as with Kubernetes.
/// </para>
/// <para>
/// Each watch is its own etcd watch stream starting at <c>afterRevision + 1</c>, with <c>prev_kv</c> so deletions carry
/// the deleted object. A start revision etcd has compacted ends the stream with <see cref="StoreCompactedException"/>;
/// cancellation ends it with <see cref="OperationCanceledException"/>; a lost connection ends it with
/// <see cref="Grpc.Core.RpcException"/> (watch again from the last revision seen).
/// </para>
/// </remarks>
public sealed class EtcdObjectStore : IObjectStore
{
    private readonly GrpcChannel _channel;
    private readonly EtcdClient _client;
    private readonly Watch.WatchClient _watchClient;
    private long _revision;
    private int _disposed;

    private EtcdObjectStore(GrpcChannel channel)
    {
        _channel = channel;
        _client = new EtcdClient(channel.CreateCallInvoker());
        _watchClient = new Watch.WatchClient(channel);
    }

    /// <summary>The latest revision etcd reported in any response to this store.</summary>
    public long CurrentRevision => Interlocked.Read(ref _revision);

    /// <summary>Connects to etcd at <paramref name="clientUrl"/> (e.g. <c>http://127.0.0.1:2379</c>) and reads its current revision.</summary>
    public static async Task<EtcdObjectStore> ConnectAsync(Uri clientUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientUrl);
        var store = new EtcdObjectStore(GrpcChannel.ForAddress(clientUrl, new GrpcChannelOptions
        {
            ThrowOperationCanceledOnCancellation = true,
            // As kube-apiserver's etcd client (MaxCallRecvMsgSize math.MaxInt32): a watch that catches up sends the
            // events of up to 1000 revisions, with their previous values, in one message, far past gRPC's 4 MB
            // default; the watch then failed on every retry until the revision was compacted.
            MaxReceiveMessageSize = int.MaxValue,
            // Reconnect soon after etcd restarts (the default backoff grows to two minutes).
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(100),
            MaxReconnectBackoff = TimeSpan.FromSeconds(1),
        }));
        try
        {
            var response = await store._client.GetAsync(
                new RangeRequest { Key = EtcdKeys.Key("/"), CountOnly = true }, cancellationToken: cancellationToken).ConfigureAwait(false);
            store.Observe(response.Header);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var response = await _client.GetAsync(new RangeRequest { Key = EtcdKeys.Key(key) }, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        Observe(response.Header);
        return response.Kvs.Count == 0 ? null : ToStoredObject(response.Kvs[0]);
    }

    public async Task<StoreList> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        // One range request is served at one revision, sorted by key.
        var response = await _client.GetAsync(
            new RangeRequest { Key = EtcdKeys.RangeStart(prefix), RangeEnd = EtcdKeys.RangeEnd(prefix) },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        Observe(response.Header);
        return new StoreList([.. response.Kvs.Select(ToStoredObject)], response.Header.Revision);
    }

    public async Task<StoredObject> CreateAsync(string key, JsonObject value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bytes = StoredJson.Serialize(value);
        var etcdKey = EtcdKeys.Key(key);
        var request = new TxnRequest();
        request.Compare.Add(new Compare { Key = etcdKey, Target = CompareTarget.Create, Result = CompareResult.Equal, CreateRevision = 0 });
        request.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = etcdKey, Value = UnsafeByteOperations.UnsafeWrap(bytes) } });
        request.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = etcdKey } });
        var response = await TransactAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.Succeeded)
        {
            throw new StoreConflictException(StoreConflictKind.AlreadyExists, key, ModRevisionOnFailure(response));
        }

        var revision = response.Header.Revision;
        return StoredJson.ToStoredObject(key, bytes, revision, revision);
    }

    public async Task<StoredObject> UpdateAsync(string key, long expectedRevision, JsonObject value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bytes = StoredJson.Serialize(value);
        var etcdKey = EtcdKeys.Key(key);
        var request = Guarded(etcdKey, expectedRevision);
        request.Success.Add(new RequestOp
        {
            RequestPut = new PutRequest { Key = etcdKey, Value = UnsafeByteOperations.UnsafeWrap(bytes), PrevKv = true },
        });
        var response = await TransactAsync(request, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(key, response);
        var revision = response.Header.Revision;
        return StoredJson.ToStoredObject(key, bytes, response.Responses[0].ResponsePut.PrevKv.CreateRevision, revision);
    }

    public async Task<StoredObject> DeleteAsync(string key, long? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var etcdKey = EtcdKeys.Key(key);
        var request = Guarded(etcdKey, expectedRevision);
        request.Success.Add(new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = etcdKey, PrevKv = true } });
        var response = await TransactAsync(request, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(key, response);
        return ToStoredObject(response.Responses[0].ResponseDeleteRange.PrevKvs[0]);
    }

    public async IAsyncEnumerable<StoreEvent> WatchAsync(
        string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);
        using var call = _watchClient.Watch(cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest
            {
                Key = EtcdKeys.RangeStart(prefix),
                RangeEnd = EtcdKeys.RangeEnd(prefix),
                StartRevision = afterRevision + 1,
                PrevKv = true,
            },
        }, cancellationToken).ConfigureAwait(false);

        var responses = call.ResponseStream;
        while (await responses.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var response = responses.Current;
            Observe(response.Header);
            if (response.CompactRevision > 0)
            {
                throw new StoreCompactedException(afterRevision, response.CompactRevision);
            }

            if (response.Canceled)
            {
                throw new InvalidOperationException($"etcd cancelled the watch on {prefix}: {response.CancelReason}");
            }

            foreach (var change in response.Events)
            {
                yield return ToStoreEvent(change);
            }
        }

        // etcd ends a watch stream only when it goes away (a caller's cancellation throws above): that is a failure,
        // not the end of the changes.
        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException($"etcd ended the watch on {prefix}.");
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return ValueTask.CompletedTask;
        }

        _client.Dispose();
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A transaction that requires the key to exist and, if given, to be at <paramref name="expectedRevision"/>.</summary>
    private static TxnRequest Guarded(ByteString etcdKey, long? expectedRevision)
    {
        var request = new TxnRequest();
        // A missing key's mod_revision is 0, so existence is checked on its own.
        request.Compare.Add(new Compare { Key = etcdKey, Target = CompareTarget.Version, Result = CompareResult.Greater, Version = 0 });
        if (expectedRevision is { } expected)
        {
            request.Compare.Add(new Compare { Key = etcdKey, Target = CompareTarget.Mod, Result = CompareResult.Equal, ModRevision = expected });
        }

        request.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = etcdKey } });
        return request;
    }

    private static void ThrowIfFailed(string key, TxnResponse response)
    {
        if (!response.Succeeded)
        {
            var current = ModRevisionOnFailure(response);
            throw new StoreConflictException(current == 0 ? StoreConflictKind.NotFound : StoreConflictKind.Conflict, key, current);
        }
    }

    /// <summary>The key's mod_revision as the failure branch's range read it, or 0 when it does not exist.</summary>
    private static long ModRevisionOnFailure(TxnResponse response) =>
        response.Responses[0].ResponseRange.Kvs is [var kv, ..] ? kv.ModRevision : 0;

    private static StoredObject ToStoredObject(KeyValue kv) =>
        StoredJson.ToStoredObject(kv.Key.ToStringUtf8(), kv.Value.Span, kv.CreateRevision, kv.ModRevision);

    private static StoreEvent ToStoreEvent(Event change)
    {
        var kv = change.Kv;
        if (change.Type == EtcdEventType.Delete)
        {
            var previous = change.PrevKv
                ?? throw new InvalidOperationException($"etcd sent the deletion of {kv.Key.ToStringUtf8()} without the deleted object.");
            return new StoreEvent(
                StoreEventType.Deleted,
                StoredJson.ToStoredObject(kv.Key.ToStringUtf8(), previous.Value.Span, previous.CreateRevision, kv.ModRevision),
                kv.ModRevision);
        }

        var type = kv.CreateRevision == kv.ModRevision ? StoreEventType.Added : StoreEventType.Modified;
        return new StoreEvent(type, ToStoredObject(kv), kv.ModRevision);
    }

    private async Task<TxnResponse> TransactAsync(TxnRequest request, CancellationToken cancellationToken)
    {
        var response = await _client.TransactionAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        Observe(response.Header);
        return response;
    }

    private void Observe(ResponseHeader? header)
    {
        if (header is null)
        {
            return;
        }

        var seen = Interlocked.Read(ref _revision);
        while (header.Revision > seen)
        {
            var previous = Interlocked.CompareExchange(ref _revision, header.Revision, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
