namespace Ivyo.LocalCluster.ApiServer.Lifecycle;

internal enum GarbageCollectionAction
{
    /// <summary>Check whether the object's owners are all gone (delete it), or whether it waits for its own dependents.</summary>
    AttemptToDelete,

    /// <summary>The object is being deleted with the <c>orphan</c> finalizer: release its dependents.</summary>
    Orphan,
}

/// <summary>One item of the garbage collector's queue: an action on the object with this uid.</summary>
internal readonly record struct GarbageCollectionWork(GarbageCollectionAction Action, string Uid);
