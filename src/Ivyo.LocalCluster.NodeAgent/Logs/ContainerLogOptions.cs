namespace Ivyo.LocalCluster.NodeAgent.Logs;

/// <summary>The options of <c>kubectl logs</c> (PodLogOptions), as the kubelet applies them to a log file.</summary>
public sealed record ContainerLogOptions
{
    public bool Follow { get; init; }

    public bool Timestamps { get; init; }

    /// <summary>Only the last N lines; null for all.</summary>
    public long? TailLines { get; init; }

    /// <summary>Only lines at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Stop after this many bytes of output.</summary>
    public long? LimitBytes { get; init; }
}
