using Ivyo.LocalCluster.ApiServer.Objects;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.ApiServer.Lifecycle;

/// <summary>
/// The controllers kube-controller-manager runs for the API's own semantics: the garbage collector (cascading
/// deletes by ownerReferences), the namespace controller (emptying and finalizing terminating namespaces), and the
/// controllers that put a <c>default</c> ServiceAccount and the <c>kube-root-ca.crt</c> ConfigMap in every namespace.
/// </summary>
internal sealed class LifecycleControllers(ObjectService objects, ResourceTable table, string caPem, TimeProvider time, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly GarbageCollector _garbageCollector = new(objects, table, time, loggers.CreateLogger<GarbageCollector>());
    private readonly NamespaceController _namespaces = new(objects, table, time, loggers.CreateLogger<NamespaceController>());
    private readonly NamespaceDefaultsController _defaults = new(objects, table, caPem, time, loggers.CreateLogger<NamespaceDefaultsController>());

    public void Start()
    {
        _garbageCollector.Start();
        _namespaces.Start();
        _defaults.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await _defaults.DisposeAsync();
        await _namespaces.DisposeAsync();
        await _garbageCollector.DisposeAsync();
    }
}
