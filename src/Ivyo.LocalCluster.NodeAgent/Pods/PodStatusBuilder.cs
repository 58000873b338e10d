using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Pods;

/// <summary>
/// A pod's status from its containers, as the kubelet's generateAPIPodStatus computes it: the phase, the
/// PodReadyToStartContainers, Initialized, ContainersReady and Ready conditions (keeping conditions others own, such as
/// PodScheduled), and a status per container.
/// </summary>
public static class PodStatusBuilder
{
    private static readonly string[] s_owned = ["PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready"];

    public static V1PodStatus Build(
        V1Pod pod, IReadOnlyList<ContainerSlot> initContainers, IReadOnlyList<ContainerSlot> containers, bool sandboxReady,
        string? hostIp, string? podIp, DateTimeOffset startTime, DateTimeOffset now, V1PodStatus? previous)
    {
        var phase = Phase(pod.Spec.RestartPolicy ?? "Always", initContainers, containers);
        var initialized = initContainers.All(c => c.Succeeded);
        var ready = phase == "Running" && containers.All(c => c.IsReady);
        var conditions = (previous?.Conditions ?? []).Where(c => !s_owned.Contains(c.Type)).ToList();
        conditions.Add(Condition("PodReadyToStartContainers", sandboxReady, previous, now));
        conditions.Add(Condition("Initialized", initialized, previous, now, initialized ? null : "ContainersNotInitialized",
            initialized ? null : $"containers with incomplete status: [{string.Join(' ', initContainers.Where(c => !c.Succeeded).Select(c => c.Name))}]"));
        var notReady = containers.Where(c => !c.IsReady).Select(c => c.Name).ToList();
        var notReadyMessage = notReady.Count > 0 ? $"containers with unready status: [{string.Join(' ', notReady)}]" : null;
        conditions.Add(Condition("ContainersReady", ready, previous, now, ready ? null : "ContainersNotReady", notReadyMessage));
        conditions.Add(Condition("Ready", ready, previous, now, ready ? null : "ContainersNotReady", notReadyMessage));
        if (!conditions.Any(c => c.Type == "PodScheduled"))
        {
            // A pod on a node is scheduled, whoever put it there: the kubelet says so when nobody did.
            conditions.Add(Condition("PodScheduled", true, previous, now));
        }

        return new V1PodStatus
        {
            Phase = phase,
            Conditions = [.. conditions.OrderBy(c => Array.IndexOf(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"], c.Type))],
            HostIP = hostIp,
            HostIPs = hostIp is null ? null : [new V1HostIP { Ip = hostIp }],
            PodIP = podIp,
            PodIPs = podIp is null ? null : [new V1PodIP { Ip = podIp }],
            StartTime = startTime.UtcDateTime,
            QosClass = previous?.QosClass ?? pod.Status?.QosClass,
            InitContainerStatuses = initContainers.Count == 0 ? null : [.. initContainers.Select(ContainerStatus)],
            ContainerStatuses = [.. containers.Select(ContainerStatus)],
        };
    }

    /// <summary>The kubelet's getPhase: Pending until every container has started, then Running, or a final phase.</summary>
    public static string Phase(string restartPolicy, IReadOnlyList<ContainerSlot> initContainers, IReadOnlyList<ContainerSlot> containers)
    {
        if (initContainers.Any(c => c.Terminated is { ExitCode: not 0 } && c.Process is null && restartPolicy == "Never"))
        {
            return "Failed";
        }

        if (!initContainers.All(c => c.Succeeded))
        {
            return "Pending";
        }

        var running = containers.Count(c => c.IsRunning);
        var waiting = containers.Count(c => !c.IsRunning && c.Terminated is null && c.LastTermination is null);
        var stopped = containers.Count(c => !c.IsRunning && (c.Terminated is not null || c.LastTermination is not null));
        var failed = containers.Count(c => !c.IsRunning && c.Terminated is { ExitCode: not 0 });
        if (waiting > 0)
        {
            return "Pending";
        }

        if (running > 0)
        {
            return "Running";
        }

        if (stopped == containers.Count && containers.All(c => c.Terminated is not null && c.Waiting is null))
        {
            return restartPolicy == "Always" ? "Running" : failed > 0 ? "Failed" : "Succeeded";
        }

        // Restarting after an exit (back-off): still Running.
        return "Running";
    }

    private static V1PodCondition Condition(string type, bool value, V1PodStatus? previous, DateTimeOffset now, string? reason = null, string? message = null)
    {
        var status = value ? "True" : "False";
        var before = previous?.Conditions?.FirstOrDefault(c => c.Type == type);
        return new V1PodCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastProbeTime = null,
            LastTransitionTime = before?.Status == status ? before.LastTransitionTime : now.UtcDateTime,
        };
    }

    private static V1ContainerStatus ContainerStatus(ContainerSlot slot)
    {
        var state = new V1ContainerState();
        if (slot.IsRunning)
        {
            state.Running = new V1ContainerStateRunning { StartedAt = slot.StartedAt?.UtcDateTime };
        }
        else if (slot.Waiting is { } waiting)
        {
            state.Waiting = new V1ContainerStateWaiting { Reason = waiting.Reason, Message = waiting.Message };
        }
        else if (slot.Terminated is { } terminated)
        {
            state.Terminated = Terminated(terminated);
        }
        else
        {
            state.Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" };
        }

        return new V1ContainerStatus
        {
            Name = slot.Name,
            Image = slot.Spec.Image,
            ImageID = "ivyo-local://" + slot.Spec.Image,
            ContainerID = slot.ContainerId.Length > 0 ? slot.ContainerId : null,
            Ready = slot.IsReady,
            Started = slot.IsStarted,
            RestartCount = slot.RestartCount,
            State = state,
            LastState = slot.LastTermination is { } last ? new V1ContainerState { Terminated = Terminated(last) } : new V1ContainerState(),
        };
    }

    private static V1ContainerStateTerminated Terminated(ContainerTermination termination) => new()
    {
        ExitCode = termination.ExitCode,
        Reason = termination.Reason,
        StartedAt = termination.StartedAt.UtcDateTime,
        FinishedAt = termination.FinishedAt.UtcDateTime,
        ContainerID = termination.ContainerId,
    };
}
