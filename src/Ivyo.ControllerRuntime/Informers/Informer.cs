using System.Text.Json.Nodes;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Metrics;
using Ivyo.ControllerRuntime.Resources;
using k8s;
using Microsoft.Extensions.Logging;

namespace Ivyo.ControllerRuntime.Informers;

/// <summary>
/// A typed view of a <see cref="ResourceInformer"/>, as client-go's generated informers and listers are over the
/// shared informer: objects are converted from the untyped cache with KubernetesClient's serializer on every read, so
/// each caller gets its own instance. Run, sync and indexes are those of <see cref="Untyped"/>.
/// </summary>
public sealed class Informer<T> : IInformer
    where T : IKubernetesObject
{
    /// <summary>Wraps an untyped informer.</summary>
    public Informer(ResourceInformer untyped) => Untyped = untyped ?? throw new ArgumentNullException(nameof(untyped));

    /// <summary>Creates the untyped informer for <typeparamref name="T"/>'s resource (see <see cref="ResourceType.Of{T}"/>).</summary>
    public Informer(
        Kubernetes client,
        bool namespaced,
        InformerOptions? options = null,
        ILogger<ResourceInformer>? logger = null,
        TimeProvider? time = null,
        ControllerRuntimeMetrics? metrics = null)
        : this(new ResourceInformer(client, ResourceType.Of<T>(namespaced), options, logger, time, metrics))
    {
    }

    /// <summary>The untyped informer underneath.</summary>
    public ResourceInformer Untyped { get; }

    /// <inheritdoc />
    public bool HasSynced => Untyped.HasSynced;

    /// <inheritdoc />
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Untyped.WaitForSyncAsync(cancellationToken);

    /// <summary>Lists and watches until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Untyped.RunAsync(cancellationToken);

    /// <summary>The cached object with <paramref name="key"/>, or null.</summary>
    public T? Get(string key) => Untyped.Cache.Get(key) is { } obj ? Convert(obj) : default;

    /// <summary>Every cached object.</summary>
    public IReadOnlyList<T> List() => [.. Untyped.Cache.List().Select(Convert)];

    /// <summary>The cached objects under <paramref name="value"/> in index <paramref name="indexName"/>.</summary>
    public IReadOnlyList<T> ByIndex(string indexName, string value) => [.. Untyped.Cache.ByIndex(indexName, value).Select(Convert)];

    /// <summary>Adds a typed handler.</summary>
    public void AddEventHandler(IResourceEventHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Untyped.AddEventHandler(new ResourceEventHandler
        {
            Added = obj => handler.OnAdd(Convert(obj)),
            Updated = (oldObj, newObj) => handler.OnUpdate(Convert(oldObj), Convert(newObj)),
            Deleted = obj => handler.OnDelete(Convert(obj)),
        });
    }

    /// <summary>Converts an untyped object with KubernetesClient's serializer.</summary>
    public static T Convert(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return KubernetesJson.Deserialize<T>(obj.ToJsonString());
    }
}
