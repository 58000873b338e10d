namespace Ivyo.LocalCluster.Patching;

/// <summary>Looks metadata up by a path of field names, such as <c>["spec", "template", "spec", "containers"]</c>.</summary>
public static class PatchMetaPaths
{
    /// <summary>The tags of the last field of <paramref name="path"/>; list fields on the way step into their items.</summary>
    public static FieldPatchMeta GetField(this IPatchMeta meta, IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(meta);
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count == 0)
        {
            return FieldPatchMeta.None;
        }

        return meta.GetChild(path.Take(path.Count - 1)).GetField(path[^1]);
    }

    /// <summary>The metadata of the value at <paramref name="path"/>.</summary>
    public static IPatchMeta GetChild(this IPatchMeta meta, IEnumerable<string> path)
    {
        ArgumentNullException.ThrowIfNull(meta);
        ArgumentNullException.ThrowIfNull(path);
        foreach (var name in path)
        {
            meta = meta.GetChild(name);
        }

        return meta;
    }
}
