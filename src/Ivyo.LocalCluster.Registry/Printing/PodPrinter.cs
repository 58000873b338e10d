using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Catalog;
using Ivyo.LocalCluster.Registry.Json;

namespace Ivyo.LocalCluster.Registry.Printing;

/// <summary>printPod of pkg/printers/internalversion/printers.go: READY, STATUS (with init container and waiting/terminated reasons), RESTARTS with the last restart's age.</summary>
internal static class PodPrinter
{
    public static ResourcePrinter Printer { get; } = new(
        [
            new("Name", "string", ObjectMetaDocs.Name, Format: "name"),
            new("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
            new("Status", "string", "The aggregate status of the containers in this pod."),
            new("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            new("Age", "string", ObjectMetaDocs.CreationTimestamp),
            new("IP", "string", "podIP is the IP address allocated to the pod.", 1),
            new("Node", "string", "NodeName indicates in which node this pod is scheduled.", 1),
            new("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node.", 1),
            new("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness.", 1),
        ],
        Cells);

    private static List<JsonNode?> Cells(JsonObject pod, DateTimeOffset now)
    {
        var spec = JsonAccess.Object(pod, "spec");
        var status = JsonAccess.Object(pod, "status");
        var metadata = JsonAccess.Object(pod, "metadata");
        var total = JsonAccess.Objects(spec, "containers").Count();
        var ready = 0;
        long restarts = 0;
        DateTimeOffset? lastRestart = null;

        var reason = JsonAccess.String(status, "phase") ?? string.Empty;
        if (JsonAccess.String(status, "reason") is { Length: > 0 } statusReason)
        {
            reason = statusReason;
        }

        var conditions = JsonAccess.Objects(status, "conditions").ToList();
        if (conditions.Any(c => JsonAccess.String(c, "type") == "PodScheduled" && JsonAccess.String(c, "reason") == "SchedulingGated"))
        {
            reason = "SchedulingGated";
        }

        void NoteRestart(JsonObject containerStatus)
        {
            restarts += Printing.Cells.Int(containerStatus, "restartCount");
            var finished = JsonAccess.String(JsonAccess.Object(JsonAccess.Object(containerStatus, "lastState"), "terminated"), "finishedAt");
            if (HumanDuration.TryParseTime(finished, out var time) && (lastRestart is null || time > lastRestart))
            {
                lastRestart = time;
            }
        }

        var initializing = false;
        var initStatuses = JsonAccess.Objects(status, "initContainerStatuses").ToList();
        var initCount = JsonAccess.Objects(spec, "initContainers").Count();
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            NoteRestart(container);
            var state = JsonAccess.Object(container, "state");
            var terminated = JsonAccess.Object(state, "terminated");
            var waiting = JsonAccess.Object(state, "waiting");
            if (terminated is not null && Printing.Cells.Int(terminated, "exitCode") == 0)
            {
                continue;
            }

            if (terminated is not null)
            {
                reason = JsonAccess.String(terminated, "reason") is { Length: > 0 } r ? "Init:" + r
                    : Printing.Cells.Int(terminated, "signal") != 0 ? "Init:Signal:" + Printing.Cells.Text(Printing.Cells.Int(terminated, "signal"))
                    : "Init:ExitCode:" + Printing.Cells.Text(Printing.Cells.Int(terminated, "exitCode"));
            }
            else if (waiting is not null && JsonAccess.String(waiting, "reason") is { Length: > 0 } w && w != "PodInitializing")
            {
                reason = "Init:" + w;
            }
            else
            {
                reason = "Init:" + Printing.Cells.Text(i) + "/" + Printing.Cells.Text(initCount);
            }

            initializing = true;
            break;
        }

        if (!initializing)
        {
            restarts = 0;
            lastRestart = null;
            var hasRunning = false;
            foreach (var container in JsonAccess.Objects(status, "containerStatuses").Reverse())
            {
                NoteRestart(container);
                var state = JsonAccess.Object(container, "state");
                var terminated = JsonAccess.Object(state, "terminated");
                if (JsonAccess.String(JsonAccess.Object(state, "waiting"), "reason") is { Length: > 0 } waitingReason)
                {
                    reason = waitingReason;
                }
                else if (terminated is not null && JsonAccess.String(terminated, "reason") is { Length: > 0 } terminatedReason)
                {
                    reason = terminatedReason;
                }
                else if (terminated is not null)
                {
                    reason = Printing.Cells.Int(terminated, "signal") != 0 ? "Signal:" + Printing.Cells.Text(Printing.Cells.Int(terminated, "signal"))
                        : "ExitCode:" + Printing.Cells.Text(Printing.Cells.Int(terminated, "exitCode"));
                }
                else if (JsonAccess.Object(state, "running") is not null && JsonAccess.Boolean(container, "ready") == true)
                {
                    hasRunning = true;
                    ready++;
                }
            }

            if (reason == "Completed" && hasRunning)
            {
                reason = conditions.Any(c => JsonAccess.String(c, "type") == "Ready" && JsonAccess.String(c, "status") == "True") ? "Running" : "NotReady";
            }
        }

        if (JsonAccess.String(metadata, "deletionTimestamp") is { Length: > 0 })
        {
            reason = JsonAccess.String(status, "reason") == "NodeLost" ? "Unknown" : "Terminating";
        }

        var restartText = Printing.Cells.Text(restarts) + (lastRestart is { } last ? " (" + HumanDuration.Format(now - last) + " ago)" : string.Empty);

        var gates = JsonAccess.Objects(spec, "readinessGates").Select(g => JsonAccess.String(g, "conditionType")).ToList();
        var readinessGates = Printing.Cells.None;
        if (gates.Count > 0)
        {
            var trueGates = gates.Count(g => conditions.Any(c => JsonAccess.String(c, "type") == g && JsonAccess.String(c, "status") == "True"));
            readinessGates = Printing.Cells.Text(trueGates) + "/" + Printing.Cells.Text(gates.Count);
        }

        return
        [
            Printing.Cells.Name(pod),
            Printing.Cells.Text(ready) + "/" + Printing.Cells.Text(total),
            reason,
            restartText,
            Printing.Cells.Age(pod, now),
            Printing.Cells.OrNone(JsonAccess.String(status, "podIP")),
            Printing.Cells.OrNone(JsonAccess.String(spec, "nodeName")),
            Printing.Cells.OrNone(JsonAccess.String(status, "nominatedNodeName")),
            readinessGates,
        ];
    }
}
