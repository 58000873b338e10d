using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Json;

namespace Ivyo.LocalCluster.Registry.Defaulting;

/// <summary>
/// What a Pod gets on create beyond its PodSpec defaults: the admission plugins ServiceAccount (serviceAccountName
/// default), Priority (priority 0 and preemptionPolicy PreemptLowerPriority without a priority class) and
/// DefaultTolerationSeconds (not-ready and unreachable NoExecute tolerations of 300s), and the strategy's initial
/// status (phase Pending, qosClass from pkg/apis/core/helper/qos).
/// The projected kube-api-access volume of the ServiceAccount plugin needs the store: the API server's
/// ServiceAccountAdmission adds it.
/// </summary>
internal static class PodDefaults
{
    public static void Apply(JsonObject pod)
    {
        var spec = JsonAccess.Ensure(pod, "spec");
        JsonAccess.Default(spec, "serviceAccountName", "default");
        PodSpecDefaults.Apply(spec);
        JsonAccess.Default(spec, "priority", 0);
        JsonAccess.Default(spec, "preemptionPolicy", "PreemptLowerPriority");
        AddToleration(spec, "node.kubernetes.io/not-ready");
        AddToleration(spec, "node.kubernetes.io/unreachable");

        var status = JsonAccess.Ensure(pod, "status");
        JsonAccess.Default(status, "phase", "Pending");
        JsonAccess.Default(status, "qosClass", QosClass(spec));
    }

    private static void AddToleration(JsonObject spec, string key)
    {
        var tolerations = spec["tolerations"] as JsonArray;
        if (tolerations?.OfType<JsonObject>().Any(t =>
                (JsonAccess.String(t, "key") == key || (JsonAccess.String(t, "key") ?? string.Empty).Length == 0 && JsonAccess.String(t, "operator") == "Exists")
                && (JsonAccess.String(t, "effect") ?? string.Empty) is "NoExecute" or "") == true)
        {
            return;
        }

        tolerations ??= [];
        spec["tolerations"] = tolerations;
        tolerations.Add(new JsonObject
        {
            ["key"] = key,
            ["operator"] = "Exists",
            ["effect"] = "NoExecute",
            ["tolerationSeconds"] = 300L,
        });
    }

    /// <summary>BestEffort without requests or limits; Guaranteed when every container limits cpu and memory with equal requests; else Burstable.</summary>
    public static string QosClass(JsonObject spec)
    {
        var containers = JsonAccess.Objects(spec, "initContainers").Concat(JsonAccess.Objects(spec, "containers")).ToList();
        var any = false;
        var guaranteed = true;
        foreach (var container in containers)
        {
            var resources = JsonAccess.Object(container, "resources");
            var requests = JsonAccess.Object(resources, "requests") ?? new JsonObject();
            var limits = JsonAccess.Object(resources, "limits") ?? new JsonObject();
            any |= requests.Any(p => p.Key is "cpu" or "memory") || limits.Any(p => p.Key is "cpu" or "memory");
            foreach (var name in new[] { "cpu", "memory" })
            {
                var limit = limits[name]?.ToJsonString();
                var request = requests[name]?.ToJsonString() ?? limit;
                if (limit is null || request != limit)
                {
                    guaranteed = false;
                }
            }
        }

        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}
