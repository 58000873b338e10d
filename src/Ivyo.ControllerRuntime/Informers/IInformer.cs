namespace Ivyo.ControllerRuntime.Informers;

/// <summary>What a controller needs of an informer before it starts: client-go's <c>HasSynced</c> / <c>WaitForCacheSync</c>.</summary>
public interface IInformer
{
    /// <summary>Whether the first list has been stored and its notifications delivered.</summary>
    bool HasSynced { get; }

    /// <summary>Completes once <see cref="HasSynced"/> is true.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);
}
