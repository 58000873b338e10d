using System.Text.Json;
using System.Text.Json.Nodes;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.Controllers.Patroni;

/// <summary>What IVYO reads from instance pods: whether Patroni's container runs, who leads, what Patroni reports.</summary>
public static class InstancePods
{
    /// <summary>Whether <paramref name="pod"/> is an instance pod whose <c>database</c> container is running and that is not going away.</summary>
    public static bool IsRunning(V1Pod pod) =>
        pod.Metadata.DeletionTimestamp is null
        && pod.Metadata.Labels?.ContainsKey(Labels.Instance) == true
        && pod.Status?.ContainerStatuses?.Any(status => status.Name == Names.ContainerDatabase && status.State?.Running is not null) == true;

    /// <summary>Whether the pod's Ready condition is True.</summary>
    public static bool IsReady(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>Whether Patroni labelled <paramref name="pod"/> as the leader (<c>master</c> in Patroni 3, <c>primary</c> in 4).</summary>
    public static bool IsPrimary(V1Pod pod) => Labels.IsPrimaryRole(Value(pod.Metadata.Labels, Labels.Role));

    /// <summary>The instance (StatefulSet) name of <paramref name="pod"/>.</summary>
    public static string? Instance(V1Pod pod) => Value(pod.Metadata.Labels, Labels.Instance);

    /// <summary>Running instance pods, the primary first, then by name (so the choice is stable).</summary>
    public static IReadOnlyList<V1Pod> Running(IEnumerable<V1Pod> pods) =>
        [.. pods.Where(IsRunning).OrderBy(pod => IsPrimary(pod) ? 0 : 1).ThenBy(pod => pod.Metadata.Name, StringComparer.Ordinal)];

    /// <summary>The running primary when it is also Ready (it accepts writes), if one is known.</summary>
    public static V1Pod? ReadyPrimary(IEnumerable<V1Pod> pods) => Running(pods).FirstOrDefault(pod => IsPrimary(pod) && IsReady(pod));

    /// <summary>The running primary, if one is known.</summary>
    public static V1Pod? RunningPrimary(IEnumerable<V1Pod> pods) => Running(pods).FirstOrDefault(IsPrimary);

    /// <summary>Whether Patroni reports (in the pod's <c>status</c> annotation) settings that wait for a restart.</summary>
    public static bool PendingRestart(V1Pod pod)
    {
        if (Value(pod.Metadata.Annotations, "status") is not { } status)
        {
            return false;
        }

        try
        {
            return JsonNode.Parse(status) is JsonObject state && state["pending_restart"] is JsonValue pending
                && pending.GetValueKind() == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The value of a label or annotation, or null.</summary>
    public static string? Value(IDictionary<string, string>? map, string key) => map is not null && map.TryGetValue(key, out var value) ? value : null;
}
