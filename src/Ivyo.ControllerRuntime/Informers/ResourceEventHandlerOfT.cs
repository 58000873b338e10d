namespace Ivyo.ControllerRuntime.Informers;

/// <summary>A typed handler made of optional delegates (client-go's <c>ResourceEventHandlerFuncs</c>).</summary>
public sealed record ResourceEventHandler<T> : IResourceEventHandler<T>
{
    /// <summary>Called for an added object.</summary>
    public Action<T>? Added { get; init; }

    /// <summary>Called with the old and the new state of an updated object.</summary>
    public Action<T, T>? Updated { get; init; }

    /// <summary>Called with the last known state of a deleted object.</summary>
    public Action<T>? Deleted { get; init; }

    /// <inheritdoc />
    public void OnAdd(T obj) => Added?.Invoke(obj);

    /// <inheritdoc />
    public void OnUpdate(T oldObj, T newObj) => Updated?.Invoke(oldObj, newObj);

    /// <inheritdoc />
    public void OnDelete(T obj) => Deleted?.Invoke(obj);
}
