using System.Globalization;
using System.Text;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Pods;

/// <summary>
/// The downward API: a pod field (<c>fieldRef</c>) or a container's resource (<c>resourceFieldRef</c>) as text, for
/// environment variables and downwardAPI volume files, as pkg/fieldpath and the kubelet format them.
/// </summary>
public static class FieldPaths
{
    public static string PodField(V1Pod pod, string path, string? hostIp)
    {
        var metadata = pod.Metadata;
        if (TryMapKey(path, "metadata.labels", out var label))
        {
            return metadata.Labels?.TryGetValue(label, out var value) == true ? value : "";
        }

        if (TryMapKey(path, "metadata.annotations", out var annotation))
        {
            return metadata.Annotations?.TryGetValue(annotation, out var value) == true ? value : "";
        }

        return path switch
        {
            "metadata.name" => metadata.Name,
            "metadata.namespace" => metadata.NamespaceProperty,
            "metadata.uid" => metadata.Uid,
            "metadata.labels" => FormatMap(metadata.Labels),
            "metadata.annotations" => FormatMap(metadata.Annotations),
            "spec.nodeName" => pod.Spec.NodeName ?? "",
            "spec.serviceAccountName" => pod.Spec.ServiceAccountName ?? "",
            "status.hostIP" or "status.hostIPs" => hostIp ?? "",
            "status.podIP" => pod.Status?.PodIP ?? "",
            "status.podIPs" => string.Join(',', pod.Status?.PodIPs?.Select(i => i.Ip) ?? []),
            _ => throw new InvalidOperationException($"unsupported fieldPath: {path}"),
        };
    }

    /// <summary>
    /// A container resource in units of <paramref name="divisor"/>, rounded up; a limit the container does not set is the
    /// node's allocatable, as the kubelet substitutes it.
    /// </summary>
    public static string ContainerResource(V1Container container, string resource, ResourceQuantity? divisor, IReadOnlyDictionary<string, decimal> allocatable)
    {
        var (kind, name) = resource.Split('.', 2) switch
        {
            [var k, var n] => (k, n),
            _ => throw new InvalidOperationException($"unsupported resource: {resource}"),
        };
        var limits = container.Resources?.Limits;
        var requests = container.Resources?.Requests;
        decimal amount;
        if ((kind == "limits" ? limits : requests)?.TryGetValue(name, out var quantity) == true && quantity is not null)
        {
            amount = quantity.ToDecimal();
        }
        else if (kind == "limits")
        {
            amount = allocatable.GetValueOrDefault(name);
        }
        else
        {
            // A request left out defaults to the limit.
            amount = limits?.TryGetValue(name, out var limit) == true && limit is not null ? limit.ToDecimal() : 0;
        }

        var unit = divisor?.ToDecimal() is { } d and > 0 ? d : 1m;
        return decimal.Ceiling(amount / unit).ToString(CultureInfo.InvariantCulture);
    }

    private static bool TryMapKey(string path, string map, out string key)
    {
        key = "";
        if (!path.StartsWith(map + "['", StringComparison.Ordinal) || !path.EndsWith("']", StringComparison.Ordinal))
        {
            return false;
        }

        key = path[(map.Length + 2)..^2];
        return true;
    }

    /// <summary>A map as downwardAPI files show it: sorted <c>key="value"</c> lines.</summary>
    private static string FormatMap(IDictionary<string, string>? map)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in (map ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{key}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"\n");
        }

        return text.ToString().TrimEnd('\n');
    }
}
