namespace Ivyo.LocalCluster.Controllers.Workloads.Shared;

/// <summary>
/// What a controller expects its informer to show after it created or deleted pods, as pkg/controller's
/// <c>UIDTrackingControllerExpectations</c>: a controller that created pods from a template (generated names) must not
/// count again before its cache has seen them, or it would create too many. Creations are counted down by pod add
/// events, deletions by the deleted pods' UIDs; a key is satisfied when nothing is pending or its expectations are
/// older than five minutes (a lost event must not block the controller for ever).
/// </summary>
internal sealed class ControllerExpectations(TimeProvider time)
{
    /// <summary>How long expectations hold (<c>ExpectationsTimeout</c>).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Whether the controller of <paramref name="key"/> may act on its cache.</summary>
    public bool Satisfied(string key)
    {
        lock (_lock)
        {
            return !_entries.TryGetValue(key, out var entry) || IsSatisfied(entry);
        }
    }

    /// <summary>Expects <paramref name="count"/> more pod creations to be observed.</summary>
    public void ExpectCreations(string key, int count)
    {
        lock (_lock)
        {
            var entry = Fresh(key);
            entry.Adds += count;
        }
    }

    /// <summary>Expects the deletions of the pods with <paramref name="uids"/> to be observed.</summary>
    public void ExpectDeletions(string key, IEnumerable<string> uids)
    {
        lock (_lock)
        {
            Fresh(key).Deletes.UnionWith(uids);
        }
    }

    /// <summary>A pod creation was observed, or one failed and will never be (<c>CreationObserved</c>, <c>LowerExpectations</c>).</summary>
    public void CreationObserved(string key)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Adds > 0)
            {
                entry.Adds--;
            }
        }
    }

    /// <summary>The deletion of the pod with <paramref name="uid"/> was observed, or failed.</summary>
    public void DeletionObserved(string key, string uid)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                entry.Deletes.Remove(uid);
            }
        }
    }

    /// <summary>Drops the expectations of a controller that is gone (<c>DeleteExpectations</c>).</summary>
    public void Forget(string key)
    {
        lock (_lock)
        {
            _entries.Remove(key);
        }
    }

    private bool IsSatisfied(Entry entry) =>
        (entry.Adds <= 0 && entry.Deletes.Count == 0) || time.GetUtcNow() - entry.Since > Timeout;

    /// <summary>The key's entry; a satisfied or expired one starts over.</summary>
    private Entry Fresh(string key)
    {
        if (!_entries.TryGetValue(key, out var entry) || IsSatisfied(entry))
        {
            entry = new Entry { Since = time.GetUtcNow() };
            _entries[key] = entry;
        }

        return entry;
    }

    private sealed class Entry
    {
        public int Adds { get; set; }

        public HashSet<string> Deletes { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset Since { get; init; }
    }
}
