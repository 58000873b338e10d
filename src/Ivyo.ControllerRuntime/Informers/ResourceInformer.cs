using System.Text.Json;
using System.Text.Json.Nodes;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Metrics;
using Ivyo.ControllerRuntime.Resources;
using Ivyo.ControllerRuntime.Timing;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ivyo.ControllerRuntime.Informers;

/// <summary>
/// An informer for one resource over untyped objects, as client-go's <c>SharedIndexInformer</c> with its
/// <c>Reflector</c> (and the shape of YARP's <c>ResourceInformer</c>): it lists in pages (<c>limit</c>/<c>continue</c>),
/// then watches from the list's resourceVersion with bookmarks, which advance the resourceVersion. When the
/// resourceVersion is gone (HTTP 410, or an ERROR event with code 410) it lists again and turns the difference into
/// notifications: synthetic deletes for objects that disappeared, updates for those that changed, adds for new ones.
/// A watch the server ends is reopened at once from the last resourceVersion; a watch on which nothing arrives for
/// <see cref="InformerOptions.NoEventTimeout"/> is dropped and reopened (the watchdog); failures back off exponentially
/// with jitter. The cache is updated before the handlers run, and handlers run one at a time in event order.
/// </summary>
public sealed class ResourceInformer : IInformer
{
    private readonly ResourceHttpClient _http;
    private readonly InformerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ControllerRuntimeMetrics? _metrics;
    private readonly ObjectCache _cache = new();
    private readonly Lock _dispatch = new();
    private readonly List<IResourceEventHandler> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _resource;
    private string _resourceVersion = "";
    private int _running;
    private long _lists;
    private long _watchRestarts;
    private long _gone;
    private long _watchdogFirings;
    private long _failures;

    /// <summary>Creates an informer; nothing happens until <see cref="RunAsync"/>.</summary>
    public ResourceInformer(
        Kubernetes client,
        ResourceType type,
        InformerOptions? options = null,
        ILogger<ResourceInformer>? logger = null,
        TimeProvider? time = null,
        ControllerRuntimeMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        Type = type ?? throw new ArgumentNullException(nameof(type));
        _http = new ResourceHttpClient(client);
        _options = options ?? new InformerOptions();
        _logger = logger ?? NullLogger<ResourceInformer>.Instance;
        _time = time ?? TimeProvider.System;
        _metrics = metrics;
        _resource = type.ToString();
    }

    /// <summary>The resource this informer lists and watches.</summary>
    public ResourceType Type { get; }

    /// <summary>The cache: copies of the objects as last seen, with the namespace index and any added with <see cref="AddIndex"/>.</summary>
    public IReadOnlyObjectCache Cache => _cache;

    /// <inheritdoc />
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion the next watch starts from: the last list's, event's or bookmark's.</summary>
    public string LastSyncResourceVersion => Volatile.Read(ref _resourceVersion);

    /// <summary>How many full lists were made (the first one included).</summary>
    internal long Lists => Interlocked.Read(ref _lists);

    /// <summary>How many watches were opened again after the first one.</summary>
    internal long WatchRestarts => Interlocked.Read(ref _watchRestarts);

    /// <summary>How many times the resourceVersion was gone (410).</summary>
    internal long GoneCount => Interlocked.Read(ref _gone);

    /// <summary>How many lists or watches failed (and were retried after a back-off).</summary>
    internal long Failures => Interlocked.Read(ref _failures);

    /// <summary>How many times the watchdog fired.</summary>
    internal long WatchdogFirings => Interlocked.Read(ref _watchdogFirings);

    /// <summary>Adds an index to the cache (client-go's <c>AddIndexers</c>).</summary>
    public void AddIndex(string name, IndexFunction function) => _cache.AddIndex(name, function);

    /// <summary>
    /// Adds a handler. A handler added after the informer synced first gets an add for every cached object, as
    /// client-go replays the store to late handlers.
    /// </summary>
    public void AddEventHandler(IResourceEventHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_dispatch)
        {
            _handlers.Add(handler);
            foreach (var obj in _cache.List())
            {
                Call(handler, obj, h => h.OnAdd(obj));
            }
        }
    }

    /// <inheritdoc />
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> is cancelled; runs once per informer.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("The informer runs already.");
        }

        var backoff = new Backoff(_options.Backoff);
        var needList = true;
        var firstWatch = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await ListAndReplaceAsync(cancellationToken).ConfigureAwait(false);
                    needList = false;
                    backoff.Reset();
                }

                if (!firstWatch)
                {
                    Interlocked.Increment(ref _watchRestarts);
                }

                firstWatch = false;
                var end = await WatchAsync(backoff, cancellationToken).ConfigureAwait(false);
                _metrics?.WatchRestarted(_resource, end.ToString().ToLowerInvariant());
                switch (end)
                {
                    case WatchEnd.Gone:
                        needList = OnGone();
                        break;
                    case WatchEnd.Watchdog:
                        InformerLog.Watchdog(_logger, _resource, _options.NoEventTimeout, LastSyncResourceVersion);
                        break;
                    default:
                        InformerLog.WatchClosed(_logger, _resource, LastSyncResourceVersion);
                        break;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (ApiStatusException e) when (e.IsGone)
            {
                _metrics?.WatchRestarted(_resource, "gone");
                needList = OnGone();
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _failures);
                _metrics?.WatchRestarted(_resource, "error");
                var delay = backoff.Next();
                InformerLog.Failed(_logger, e, _resource, delay);
                try
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private bool OnGone()
    {
        Interlocked.Increment(ref _gone);
        InformerLog.Gone(_logger, _resource, LastSyncResourceVersion);
        return true;
    }

    private async Task ListAndReplaceAsync(CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        int? limit = _options.PageSize > 0 ? _options.PageSize : null;
        string? continueToken = null;
        var resourceVersion = "";
        while (true)
        {
            JsonObject page;
            try
            {
                page = await _http.ListAsync(Type, _options.Namespace, _options.LabelSelector, _options.FieldSelector, limit, continueToken, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (ApiStatusException e) when (e.IsGone && continueToken is not null)
            {
                // The continue token outlived the server's history: list everything in one go, as the reflector falls back to.
                items.Clear();
                continueToken = null;
                limit = null;
                continue;
            }

            if (continueToken is null)
            {
                resourceVersion = (string?)page["metadata"]?["resourceVersion"] ?? "";
            }

            var kind = (string?)page["kind"] is { } listKind && listKind.EndsWith("List", StringComparison.Ordinal) ? listKind[..^4] : null;
            if (page["items"] is JsonArray array)
            {
                var nodes = array.ToList();
                array.Clear();
                foreach (var item in nodes.OfType<JsonObject>())
                {
                    // List items carry no kind or apiVersion; the informer's objects always do, as watch events' objects.
                    item["apiVersion"] ??= Type.ApiVersion;
                    if (kind is not null)
                    {
                        item["kind"] ??= kind;
                    }

                    items.Add(item);
                }
            }

            continueToken = (string?)page["metadata"]?["continue"];
            if (string.IsNullOrEmpty(continueToken))
            {
                break;
            }
        }

        Interlocked.Increment(ref _lists);
        _metrics?.Listed(_resource);
        lock (_dispatch)
        {
            var changes = _cache.Replace(items);
            Volatile.Write(ref _resourceVersion, resourceVersion);
            InformerLog.Listed(_logger, _resource, items.Count, resourceVersion, changes.Count);
            foreach (var change in changes)
            {
                Dispatch(change.Old, change.New);
            }
        }

        if (_synced.TrySetResult())
        {
            InformerLog.Synced(_logger, _resource, items.Count);
        }
    }

    private async Task<WatchEnd> WatchAsync(Backoff backoff, CancellationToken cancellationToken)
    {
        var timeout = _options.MinWatchTimeout * (1 + Random.Shared.NextDouble());
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        using var counting = idle.Token.Register(() => Interlocked.Increment(ref _watchdogFirings));
        void Arm()
        {
            if (_options.NoEventTimeout != Timeout.InfiniteTimeSpan)
            {
                idle.CancelAfter(_options.NoEventTimeout);
            }
        }

        Arm();
        try
        {
            using var response = await _http.WatchAsync(
                Type, _options.Namespace, _options.LabelSelector, _options.FieldSelector, LastSyncResourceVersion, timeout, linked.Token).ConfigureAwait(false);
            using var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            while (true)
            {
                // A line may already be buffered: check the token even when the read would not.
                linked.Token.ThrowIfCancellationRequested();
                var line = await reader.ReadLineAsync(linked.Token).ConfigureAwait(false);
                if (line is null)
                {
                    return WatchEnd.Closed;
                }

                Arm();
                if (line.Length == 0)
                {
                    continue;
                }

                if (HandleEvent(line) is { } end)
                {
                    return end;
                }

                backoff.Reset();
            }
        }
        catch (Exception) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return WatchEnd.Watchdog;
        }
    }

    /// <summary>Applies one watch event; returns how the watch ends if it does.</summary>
    private WatchEnd? HandleEvent(string line)
    {
        if (JsonNode.Parse(line) is not JsonObject watchEvent || watchEvent["object"] is not JsonObject obj)
        {
            throw new JsonException("A watch event is not {type, object}: " + line);
        }

        var type = (string?)watchEvent["type"];
        watchEvent.Remove("object");
        switch (type)
        {
            case "ADDED":
            case "MODIFIED":
                lock (_dispatch)
                {
                    var old = _cache.Upsert(obj);
                    Volatile.Write(ref _resourceVersion, Metadata.ResourceVersion(obj));
                    Dispatch(old, obj);
                }

                return null;
            case "DELETED":
                lock (_dispatch)
                {
                    var old = _cache.Delete(ObjectKeys.Of(obj));
                    Volatile.Write(ref _resourceVersion, Metadata.ResourceVersion(obj));
                    if (old is not null)
                    {
                        Dispatch(obj, null);
                    }
                }

                return null;
            case "BOOKMARK":
                Volatile.Write(ref _resourceVersion, Metadata.ResourceVersion(obj));
                return null;
            case "ERROR":
                var error = ResourceHttpClient.StatusError(500, obj);
                return error.IsGone ? WatchEnd.Gone : throw error;
            default:
                throw new JsonException($"Unknown watch event type {type}.");
        }
    }

    /// <summary>Calls the handlers for a change; each gets its own copies. Runs under the dispatch lock.</summary>
    private void Dispatch(JsonObject? oldObj, JsonObject? newObj)
    {
        foreach (var handler in _handlers)
        {
            switch (oldObj, newObj)
            {
                case (null, { } added):
                    Call(handler, added, h => h.OnAdd(Copy(added)));
                    break;
                case ({ } before, { } after):
                    Call(handler, after, h => h.OnUpdate(Copy(before), Copy(after)));
                    break;
                case ({ } deleted, null):
                    Call(handler, deleted, h => h.OnDelete(Copy(deleted)));
                    break;
            }
        }
    }

    private void Call(IResourceEventHandler handler, JsonObject obj, Action<IResourceEventHandler> call)
    {
        try
        {
            call(handler);
        }
        catch (Exception e)
        {
            InformerLog.HandlerFailed(_logger, e, _resource, ObjectKeys.Of(obj));
        }
    }

    private static JsonObject Copy(JsonObject obj) => (JsonObject)obj.DeepClone();
}
