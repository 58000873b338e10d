using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Nodes;

/// <summary>The node condition taints and toleration matching (<c>v1helper.TolerationsTolerateTaint</c>).</summary>
internal static class Taints
{
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const string NotReady = "node.kubernetes.io/not-ready";

    /// <summary>An administrator's (or fencing agent's) statement that a node is shut down: non-graceful node shutdown.</summary>
    public const string OutOfService = "node.kubernetes.io/out-of-service";

    /// <summary>Whether <paramref name="toleration"/> tolerates <paramref name="taint"/>.</summary>
    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (string.IsNullOrEmpty(toleration.Key))
        {
            return toleration.OperatorProperty == "Exists";
        }

        return toleration.Key == taint.Key
            && (toleration.OperatorProperty == "Exists" || (toleration.Value ?? "") == (taint.Value ?? ""));
    }
}
