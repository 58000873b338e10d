namespace Ivyo.LocalCluster.Controllers.Workloads.Jobs;

/// <summary>
/// The pods whose tracking finalizer the job controller removed but whose change its cache has not shown yet (the
/// controller's <c>finalizerExpectations</c>): such a pod must not be counted a second time.
/// </summary>
internal sealed class FinalizerRemovals
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<string>> _pending = new(StringComparer.Ordinal);

    public void Expect(string key, string uid)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(key, out var uids))
            {
                _pending[key] = uids = new HashSet<string>(StringComparer.Ordinal);
            }

            uids.Add(uid);
        }
    }

    /// <summary>The cache shows the pod without the finalizer, or gone.</summary>
    public void Observed(string key, string uid)
    {
        lock (_lock)
        {
            if (_pending.TryGetValue(key, out var uids) && uids.Remove(uid) && uids.Count == 0)
            {
                _pending.Remove(key);
            }
        }
    }

    public bool IsPending(string key, string uid)
    {
        lock (_lock)
        {
            return _pending.TryGetValue(key, out var uids) && uids.Contains(uid);
        }
    }

    public void Forget(string key)
    {
        lock (_lock)
        {
            _pending.Remove(key);
        }
    }
}
