using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Matching;

/// <summary>
/// Whether tolerations tolerate taints, as Kubernetes' <c>Toleration.ToleratesTaint</c> and
/// <c>FindMatchingUntoleratedTaint</c>: an empty effect matches every effect, an empty key with Exists matches every
/// key, Exists ignores the value and Equal (or empty) compares it.
/// </summary>
public static class Tolerations
{
    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }

        return toleration.OperatorProperty switch
        {
            "Exists" => true,
            "Equal" or "" or null => (toleration.Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }

    public static bool TolerateAny(IEnumerable<V1Toleration>? tolerations, V1Taint taint) =>
        tolerations?.Any(t => Tolerates(t, taint)) == true;

    /// <summary>The first taint passing <paramref name="consider"/> that no toleration tolerates, or null.</summary>
    public static V1Taint? FirstUntolerated(IEnumerable<V1Taint> taints, IList<V1Toleration>? tolerations, Func<V1Taint, bool> consider) =>
        taints.FirstOrDefault(t => consider(t) && !TolerateAny(tolerations, t));

    /// <summary>NoSchedule and NoExecute taints: those that keep pods off a node (<c>DoNotScheduleTaintsFilterFunc</c>).</summary>
    public static bool DoNotSchedule(V1Taint taint) => taint.Effect is "NoSchedule" or "NoExecute";
}
