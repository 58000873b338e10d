using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ivyo.Operator.Controllers.Patroni;

/// <summary>
/// The <c>patronictl</c> commands IVYO runs in an instance's <c>database</c> container (where
/// <c>PATRONICTL_CONFIG_FILE</c> points at the Patroni configuration), and how their output is read. They are the
/// commands ivory-operator's Patroni executor runs. Input goes in an argument rather than stdin: stdin over
/// <c>v4.channel.k8s.io</c>, what KubernetesClient speaks, cannot be closed.
/// </summary>
public static class PatroniCommands
{
    /// <summary>Replaces the whole dynamic configuration in the DCS with <paramref name="configuration"/>.</summary>
    public static IReadOnlyList<string> ReplaceConfiguration(JsonObject configuration) =>
    [
        "bash", "-ceu", "--", "printf '%s\\n' \"$1\" | patronictl edit-config --replace=- --force", "-",
        configuration.ToJsonString(),
    ];

    /// <summary>The members of the cluster as JSON.</summary>
    public static IReadOnlyList<string> ListMembers() => ["patronictl", "list", "--format=json"];

    /// <summary>A switchover now, to <paramref name="candidate"/> when given (else Patroni picks a healthy replica).</summary>
    public static IReadOnlyList<string> Switchover(string? candidate) =>
        candidate is null
            ? ["patronictl", "switchover", "--scheduled=now", "--force"]
            : ["patronictl", "switchover", "--scheduled=now", "--force", "--candidate=" + candidate];

    /// <summary>A failover to <paramref name="candidate"/>, whatever the state of the leader.</summary>
    public static IReadOnlyList<string> Failover(string candidate) => ["patronictl", "failover", "--force", "--candidate=" + candidate];

    /// <summary>Restarts <paramref name="member"/> if (and only if) it has settings waiting for a restart.</summary>
    public static IReadOnlyList<string> RestartPending(string scope, string member) => ["patronictl", "restart", "--pending", "--force", scope, member];

    /// <summary>Whether a switchover's output says it happened.</summary>
    public static bool SwitchedOver(string output) => output.Contains("switched over to", StringComparison.Ordinal);

    /// <summary>Whether a failover's output says it happened.</summary>
    public static bool FailedOver(string output) => output.Contains("failed over to", StringComparison.Ordinal);

    /// <summary>
    /// What a switchover or failover said of its result: its last line that is not part of the topology tables
    /// patronictl prints before and after (<c>... Successfully switched over to "x"</c>, or why it failed).
    /// </summary>
    public static string Outcome(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.LastOrDefault(line => line.Contains("switched over", StringComparison.OrdinalIgnoreCase)
                || line.Contains("failed over", StringComparison.OrdinalIgnoreCase)
                || line.Contains("failed", StringComparison.OrdinalIgnoreCase)
                || line.StartsWith("Error", StringComparison.OrdinalIgnoreCase))
            ?? lines.LastOrDefault() ?? "";
    }

    /// <summary>The leader's timeline from <see cref="ListMembers"/>' output; 0 when there is no leader or no timeline.</summary>
    public static long LeaderTimeline(string output)
    {
        try
        {
            if (JsonNode.Parse(output) is not JsonArray members)
            {
                return 0;
            }

            foreach (var member in members.OfType<JsonObject>())
            {
                if ((string?)member["Role"] == "Leader" && member["TL"] is JsonValue timeline && timeline.TryGetValue<long>(out var value))
                {
                    return value;
                }
            }
        }
        catch (JsonException)
        {
        }

        return 0;
    }
}
