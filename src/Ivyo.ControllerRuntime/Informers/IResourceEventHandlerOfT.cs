namespace Ivyo.ControllerRuntime.Informers;

/// <summary>The typed counterpart of <see cref="IResourceEventHandler"/>, for an <see cref="Informer{T}"/>.</summary>
public interface IResourceEventHandler<in T>
{
    /// <summary>An object appeared.</summary>
    void OnAdd(T obj);

    /// <summary>An object changed.</summary>
    void OnUpdate(T oldObj, T newObj);

    /// <summary>An object went away (possibly a synthetic delete after a relist).</summary>
    void OnDelete(T obj);
}
