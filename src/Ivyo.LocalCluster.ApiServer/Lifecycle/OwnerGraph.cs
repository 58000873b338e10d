namespace Ivyo.LocalCluster.ApiServer.Lifecycle;

/// <summary>
/// The garbage collector's view of ownership: every object by uid, and the dependents of every owner uid (whether the
/// owner exists or not). Changes report the work they make necessary, as kube-controller-manager's graph builder does.
/// Not thread-safe: the collector serializes access.
/// </summary>
internal sealed class OwnerGraph
{
    private readonly Dictionary<string, GraphNode> _byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _uidByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _dependents = new(StringComparer.Ordinal);

    public GraphNode? Node(string uid) => _byUid.GetValueOrDefault(uid);

    /// <summary>The known dependents of an owner uid.</summary>
    public IReadOnlyList<GraphNode> Dependents(string ownerUid) =>
        _dependents.TryGetValue(ownerUid, out var uids) ? [.. uids.Select(Node).OfType<GraphNode>()] : [];

    /// <summary>Replaces the whole graph (after a list) and reports everything that needs a look.</summary>
    public void Reset(IEnumerable<GraphNode> nodes, List<GarbageCollectionWork> work)
    {
        _byUid.Clear();
        _uidByKey.Clear();
        _dependents.Clear();
        foreach (var node in nodes)
        {
            Link(node);
        }

        foreach (var node in _byUid.Values)
        {
            Inspect(node, null, work);
        }
    }

    /// <summary>An object was created or changed.</summary>
    public void Upsert(GraphNode node, List<GarbageCollectionWork> work)
    {
        if (_uidByKey.TryGetValue(node.Key, out var previousUid) && previousUid != node.Uid)
        {
            Remove(node.Key, work);
        }

        var old = Node(node.Uid);
        if (old is not null)
        {
            Unlink(old);
            foreach (var owner in old.Owners)
            {
                // An owner waiting for its blocking dependents stops waiting for one that no longer blocks it.
                var releasedBlock = !node.IsOwnedBy(owner.Uid) || (owner.BlockOwnerDeletion && !node.BlocksOwner(owner.Uid));
                if (releasedBlock && Node(owner.Uid) is { DeletingDependents: true } waiting)
                {
                    work.Add(new(GarbageCollectionAction.AttemptToDelete, waiting.Uid));
                }
            }
        }

        Link(node);
        Inspect(node, old, work);
    }

    /// <summary>The object at this key was deleted.</summary>
    public void Remove(string key, List<GarbageCollectionWork> work)
    {
        if (!_uidByKey.Remove(key, out var uid) || !_byUid.Remove(uid, out var node))
        {
            return;
        }

        Unlink(node);
        foreach (var owner in node.Owners)
        {
            if (Node(owner.Uid) is { DeletingDependents: true } waiting)
            {
                work.Add(new(GarbageCollectionAction.AttemptToDelete, waiting.Uid));
            }
        }

        if (_dependents.TryGetValue(uid, out var dependents))
        {
            work.AddRange(dependents.Select(d => new GarbageCollectionWork(GarbageCollectionAction.AttemptToDelete, d)));
        }
    }

    private void Inspect(GraphNode node, GraphNode? old, List<GarbageCollectionWork> work)
    {
        if (node.Owners.Any(o => !_byUid.ContainsKey(o.Uid)))
        {
            // An owner we have not seen: it may be gone.
            work.Add(new(GarbageCollectionAction.AttemptToDelete, node.Uid));
        }

        if (node.DeletingDependents && old is not { DeletingDependents: true })
        {
            work.Add(new(GarbageCollectionAction.AttemptToDelete, node.Uid));
            work.AddRange(Dependents(node.Uid).Select(d => new GarbageCollectionWork(GarbageCollectionAction.AttemptToDelete, d.Uid)));
        }

        if (node.Orphaning && old is not { Orphaning: true })
        {
            work.Add(new(GarbageCollectionAction.Orphan, node.Uid));
        }
    }

    private void Link(GraphNode node)
    {
        _byUid[node.Uid] = node;
        _uidByKey[node.Key] = node.Uid;
        foreach (var owner in node.Owners)
        {
            if (!_dependents.TryGetValue(owner.Uid, out var dependents))
            {
                dependents = new HashSet<string>(StringComparer.Ordinal);
                _dependents[owner.Uid] = dependents;
            }

            dependents.Add(node.Uid);
        }
    }

    private void Unlink(GraphNode node)
    {
        foreach (var owner in node.Owners)
        {
            if (_dependents.TryGetValue(owner.Uid, out var dependents) && dependents.Remove(node.Uid) && dependents.Count == 0)
            {
                _dependents.Remove(owner.Uid);
            }
        }
    }
}
