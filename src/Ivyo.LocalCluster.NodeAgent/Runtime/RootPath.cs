namespace Ivyo.LocalCluster.NodeAgent.Runtime;

/// <summary>
/// Resolves a path as the container will see it, following symlinks inside its root instead of the host's (what
/// runc's securejoin does). A mount path such as <c>/var/run/secrets/...</c>, where <c>/var/run</c> is a symlink to
/// <c>/run</c>, must become <c>/run/secrets/...</c>: creating or mounting through the symlink would escape to the
/// host's <c>/run</c>.
/// </summary>
public static class RootPath
{
    private const int MaxSymlinks = 40;

    /// <summary>The symlink-free path of <paramref name="path"/> inside <paramref name="root"/> (absolute, root-relative).</summary>
    public static string Resolve(string root, string path)
    {
        var pending = new LinkedList<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var resolved = new List<string>();
        var hops = 0;
        while (pending.First is { } first)
        {
            var part = first.Value;
            pending.RemoveFirst();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = Path.Combine([root, .. resolved, part]);
            if (new FileInfo(candidate).LinkTarget is not { } target)
            {
                resolved.Add(part);
                continue;
            }

            if (++hops > MaxSymlinks)
            {
                throw new IOException($"too many levels of symbolic links resolving {path}");
            }

            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            foreach (var segment in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.AddFirst(segment);
            }
        }

        return "/" + string.Join('/', resolved);
    }
}
