namespace Ivyo.LocalCluster.Storage;

/// <summary>
/// One write as the memory store records it. For a deletion, <see cref="Value"/> and <see cref="CreateRevision"/> are
/// the deleted object's, and <see cref="Revision"/> is the deletion's.
/// </summary>
internal sealed record StoreChange(StoreEventType Type, string Key, byte[] Value, long CreateRevision, long Revision)
{
    public StoreEvent ToEvent() =>
        new(Type, StoredJson.ToStoredObject(Key, Value, CreateRevision, Revision), Revision);
}
