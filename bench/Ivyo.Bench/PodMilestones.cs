using System.Diagnostics;
using k8s.Models;

namespace Ivyo.Bench;

/// <summary>
/// One pod as a <see cref="PodWatch"/> saw it: the latest object, and the <see cref="Stopwatch"/> timestamps at which it
/// was first seen bound, Running, Ready and deleted.
/// </summary>
public sealed record PodMilestones(string Name, V1Pod Latest, long? Bound = null, long? Running = null, long? Ready = null, long? Deleted = null)
{
    public string? Phase => Latest.Status?.Phase;

    public string? NodeName => Latest.Spec?.NodeName;

    public string? PodIp => Latest.Status?.PodIP;
}
