using System.Text.Json.Nodes;

namespace Ivyo.ControllerRuntime.Informers;

/// <summary>A handler made of optional delegates, as client-go's <c>cache.ResourceEventHandlerFuncs</c>.</summary>
public sealed record ResourceEventHandler : IResourceEventHandler
{
    /// <summary>Called for an added object.</summary>
    public Action<JsonObject>? Added { get; init; }

    /// <summary>Called with the old and the new state of an updated object.</summary>
    public Action<JsonObject, JsonObject>? Updated { get; init; }

    /// <summary>Called with the last known state of a deleted object.</summary>
    public Action<JsonObject>? Deleted { get; init; }

    /// <summary>A handler that calls <paramref name="any"/> with the (new) object of every notification.</summary>
    public static ResourceEventHandler ForAll(Action<JsonObject> any) => new() { Added = any, Updated = (_, n) => any(n), Deleted = any };

    /// <inheritdoc />
    public void OnAdd(JsonObject obj) => Added?.Invoke(obj);

    /// <inheritdoc />
    public void OnUpdate(JsonObject oldObj, JsonObject newObj) => Updated?.Invoke(oldObj, newObj);

    /// <inheritdoc />
    public void OnDelete(JsonObject obj) => Deleted?.Invoke(obj);
}
