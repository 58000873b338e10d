using System.Text.Json.Nodes;

namespace Ivyo.ControllerRuntime.Informers;

/// <summary>
/// Receives an informer's notifications, as client-go's <c>cache.ResourceEventHandler</c>. An informer calls its
/// handlers one at a time, in the order of the changes; each call gets its own copy of the objects. Handlers should be
/// quick — typically they add a key to a work queue — because the informer does not read on while they run.
/// </summary>
public interface IResourceEventHandler
{
    /// <summary>An object appeared (listed or watched).</summary>
    void OnAdd(JsonObject obj);

    /// <summary>An object changed; after a relist, <paramref name="oldObj"/> is the last state the informer had seen.</summary>
    void OnUpdate(JsonObject oldObj, JsonObject newObj);

    /// <summary>
    /// An object went away. After a relist that no longer lists it this is a synthetic delete carrying the last state
    /// the informer had seen (client-go's <c>DeletedFinalStateUnknown</c>, unwrapped).
    /// </summary>
    void OnDelete(JsonObject obj);
}
