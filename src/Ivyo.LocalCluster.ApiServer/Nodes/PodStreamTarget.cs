using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;

namespace Ivyo.LocalCluster.ApiServer.Nodes;

/// <summary>
/// Which container of which node a log or exec request reaches, checked as the pod registry's LogLocation and
/// ExecLocation do: a named container must exist; without a name, a pod with one container means that one.
/// </summary>
public sealed record PodStreamTarget(string Namespace, string Pod, string Container, string? NodeName)
{
    public static PodStreamTarget Resolve(JsonObject pod, string? container)
    {
        var name = (string?)pod["metadata"]?["name"] ?? "";
        var ns = (string?)pod["metadata"]?["namespace"] ?? "";
        var names = ContainerNames(pod);
        if (string.IsNullOrEmpty(container))
        {
            var regular = (pod["spec"]?["containers"] as JsonArray ?? []).Select(c => (string?)c?["name"] ?? "").ToList();
            container = regular.Count switch
            {
                1 => regular[0],
                0 => throw ApiException.BadRequest($"a container name must be specified for pod {name}"),
                _ => throw ApiException.BadRequest($"a container name must be specified for pod {name}, choose one of: [{string.Join(' ', names)}]"),
            };
        }
        else if (!names.Contains(container))
        {
            throw ApiException.BadRequest($"container {container} is not valid for pod {name}");
        }

        return new PodStreamTarget(ns, name, container, (string?)pod["spec"]?["nodeName"] is { Length: > 0 } node ? node : null);
    }

    /// <summary>Init, regular and ephemeral containers, in the order Kubernetes lists them in its error.</summary>
    private static List<string> ContainerNames(JsonObject pod) =>
        [.. ((string[])["initContainers", "containers", "ephemeralContainers"])
            .SelectMany(kind => pod["spec"]?[kind] as JsonArray ?? [])
            .Select(c => (string?)c?["name"] ?? "")];

    /// <summary>The kubelet path for this container, with an escaped query.</summary>
    public string KubeletPath(string endpoint, IEnumerable<KeyValuePair<string, string>> query)
    {
        var path = $"{endpoint}/{Uri.EscapeDataString(Namespace)}/{Uri.EscapeDataString(Pod)}/{Uri.EscapeDataString(Container)}";
        var parameters = string.Join('&', query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        return parameters.Length > 0 ? path + "?" + parameters : path;
    }
}
