using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.ApiServer.Strategies;

/// <summary>
/// A pod's QoS class as Kubernetes computes it (pkg/apis/core/helper/qos): BestEffort without any CPU or memory
/// request or limit, Guaranteed when every container limits both and requests what it limits, else Burstable.
/// </summary>
public static class PodQualityOfService
{
    private static readonly string[] s_tracked = ["cpu", "memory"];

    public static string Of(JsonObject pod)
    {
        var containers = (pod["spec"]?["containers"] as JsonArray ?? [])
            .Concat(pod["spec"]?["initContainers"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .ToList();
        var any = false;
        var guaranteed = true;
        foreach (var container in containers)
        {
            var requests = container["resources"]?["requests"] as JsonObject;
            var limits = container["resources"]?["limits"] as JsonObject;
            foreach (var name in s_tracked)
            {
                var request = (string?)requests?[name]?.ToString();
                var limit = (string?)limits?[name]?.ToString();
                any |= IsSet(request) || IsSet(limit);
                // A request left out defaults to the limit, so only a different one breaks Guaranteed.
                guaranteed &= IsSet(limit) && (request is null || request == limit);
            }
        }

        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    /// <summary>A non-zero quantity: after its leading zeros and point comes another digit, not the suffix.</summary>
    private static bool IsSet(string? quantity) => quantity?.TrimStart('0', '.') is { Length: > 0 } rest && char.IsAsciiDigit(rest[0]);
}
