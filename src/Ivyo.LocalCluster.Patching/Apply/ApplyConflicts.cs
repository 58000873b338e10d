using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>The 409 Kubernetes answers conflicting applies with (apiserver fieldmanager <c>NewConflictError</c>).</summary>
public static class ApplyConflicts
{
    /// <summary>
    /// <c>Apply failed with 1 conflict: conflict with "m" using v1: .data.key</c>, or for several
    /// <c>Apply failed with 2 conflicts: conflicts with "m":\n- .a\n- .b</c> grouped by manager.
    /// </summary>
    public static string Message(IReadOnlyList<FieldConflict> conflicts)
    {
        ArgumentNullException.ThrowIfNull(conflicts);
        if (conflicts.Count == 1)
        {
            return $"Apply failed with 1 conflict: {conflicts[0].Message}: {conflicts[0].Field}";
        }

        var lines = conflicts
            .GroupBy(c => c.Owner.Describe(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.Select(c => "- " + c.Field).Prepend($"conflicts with {g.Key}:"));
        return $"Apply failed with {conflicts.Count} conflicts: {string.Join('\n', lines)}";
    }

    /// <summary>The meta/v1 Status: <c>reason: Conflict</c>, code 409, one <c>FieldManagerConflict</c> cause per field.</summary>
    public static JsonObject ToStatus(IReadOnlyList<FieldConflict> conflicts)
    {
        ArgumentNullException.ThrowIfNull(conflicts);
        var causes = new JsonArray();
        foreach (var conflict in conflicts)
        {
            causes.Add(new JsonObject
            {
                ["reason"] = "FieldManagerConflict",
                ["message"] = conflict.Message,
                ["field"] = conflict.Field,
            });
        }

        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message(conflicts),
            ["reason"] = "Conflict",
            ["details"] = new JsonObject { ["causes"] = causes },
            ["code"] = 409,
        };
    }
}
