using Ivyo.LocalCluster.ApiServer.Objects;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.ApiServer.Lifecycle;

/// <summary>
/// The controllers kube-controller-manager runs for the API's own semantics: the garbage collector (cascading
/// deletes by ownerReferences) and the namespace controller (emptying and finalizing terminating namespaces).
/// </summary>
internal sealed class LifecycleControllers(ObjectService objects, ResourceTable table, TimeProvider time, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly GarbageCollector _garbageCollector = new(objects, table, time, loggers.CreateLogger<GarbageCollector>());
    private readonly NamespaceController _namespaces = new(objects, table, time, loggers.CreateLogger<NamespaceController>());

    public void Start()
    {
        _garbageCollector.Start();
        _namespaces.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await _namespaces.DisposeAsync();
        await _garbageCollector.DisposeAsync();
    }
}
