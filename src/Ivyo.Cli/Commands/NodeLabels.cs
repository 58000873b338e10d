namespace Ivyo.Cli.Commands;

/// <summary>
/// <c>--node-labels node-2=workload-role=db,node-3=workload-role=db</c>: labels by node, each
/// <c>&lt;node&gt;=&lt;key&gt;=&lt;value&gt;</c>, comma-separated, the option repeatable.
/// </summary>
internal static class NodeLabels
{
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Parse(IEnumerable<string> values)
    {
        var labels = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var item in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var parts = item.Split('=', 3);
            if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new FormatException($"--node-labels: \"{item}\" is not <node>=<key>=<value> (for example node-2=workload-role=db)");
            }

            if (!labels.TryGetValue(parts[0], out var node))
            {
                labels[parts[0]] = node = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            node[parts[1]] = parts[2];
        }

        return labels.ToDictionary(n => n.Key, n => (IReadOnlyDictionary<string, string>)n.Value, StringComparer.Ordinal);
    }
}
