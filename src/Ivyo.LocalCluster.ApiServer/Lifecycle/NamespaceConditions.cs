using System.Globalization;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.ApiServer.Lifecycle;

/// <summary>
/// The conditions the namespace controller sets on a terminating namespace: each type is <c>True</c> with a reason
/// while its problem lasts, and <c>False</c> with the "ok" reason otherwise; a condition keeps its
/// <c>lastTransitionTime</c> while it does not change.
/// </summary>
internal static class NamespaceConditions
{
    private static readonly (string Type, string OkReason, string OkMessage)[] Types =
    [
        ("NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"),
        ("NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        ("NamespaceDeletionContentFailure", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        ("NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"),
        ("NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
    ];

    /// <summary>What one pass over the namespace's content found.</summary>
    public sealed record Totals(
        IReadOnlyDictionary<string, int> RemainingByResource, IReadOnlyDictionary<string, int> RemainingByFinalizer, IReadOnlyList<string> Failures);

    /// <summary>The conditions for these totals, reusing unchanged ones from <paramref name="existing"/>.</summary>
    public static JsonArray For(Totals totals, JsonArray? existing, DateTimeOffset now)
    {
        var failing = new Dictionary<string, (string Reason, string Message)>(StringComparer.Ordinal);
        if (totals.Failures.Count > 0)
        {
            failing["NamespaceDeletionContentFailure"] = ("ContentDeletionFailed",
                $"Failed to delete all resource types, {totals.Failures.Count} remaining: {string.Join(", ", totals.Failures)}");
        }

        if (totals.RemainingByResource.Count > 0)
        {
            failing["NamespaceContentRemaining"] = ("SomeResourcesRemain", "Some resources are remaining: " + string.Join(", ",
                totals.RemainingByResource.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} has {p.Value} resource instances"))));
        }

        if (totals.RemainingByFinalizer.Count > 0)
        {
            failing["NamespaceFinalizersRemaining"] = ("SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: " + string.Join(", ",
                totals.RemainingByFinalizer.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} in {p.Value} resource instances"))));
        }

        var conditions = new JsonArray();
        foreach (var (type, okReason, okMessage) in Types)
        {
            var (status, reason, message) = failing.TryGetValue(type, out var failure) ? ("True", failure.Reason, failure.Message) : ("False", okReason, okMessage);
            var old = existing?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);
            if (old is not null && (string?)old["status"] == status && (string?)old["reason"] == reason && (string?)old["message"] == message)
            {
                conditions.Add(old.DeepClone());
                continue;
            }

            conditions.Add(new JsonObject
            {
                ["type"] = type,
                ["status"] = status,
                ["lastTransitionTime"] = Objects.ObjectMetadata.Timestamp(now),
                ["reason"] = reason,
                ["message"] = message,
            });
        }

        return conditions;
    }
}
