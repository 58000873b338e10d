using k8s;
using k8s.Models;

namespace Ivyo.Operator.Controllers.Tests.Infrastructure;

/// <summary>
/// Instance pods as the StatefulSet controller and a kubelet would leave them, for tests against the API server alone
/// (no node runs them): created with IVYO's instance labels, then given a Running status with a ready
/// <c>database</c> container.
/// </summary>
public static class FakeInstancePods
{
    /// <summary>Creates pod <paramref name="pod"/> of instance <paramref name="instance"/> of hippo's <c>instance1</c>, labelled <paramref name="role"/>.</summary>
    public static async Task CreateRunningAsync(
        Kubernetes admin, string namespaceName, string pod, string instance, string role, bool ready, string? revision = null, string? node = null)
    {
        var labels = new Dictionary<string, string>
        {
            ["ivory-operator.ivorysql.org/cluster"] = "hippo",
            ["ivory-operator.ivorysql.org/instance-set"] = "instance1",
            ["ivory-operator.ivorysql.org/instance"] = instance,
            ["ivory-operator.ivorysql.org/role"] = role,
        };
        if (revision is not null)
        {
            labels["controller-revision-hash"] = revision;
        }

        await admin.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = pod, Labels = labels },
            Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "database", Image = "ivorysql" }] },
        }, namespaceName);
        var conditions = ready ? ""","conditions":[{"type":"Ready","status":"True"}]""" : "";
        await admin.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(
            "{\"status\":{\"phase\":\"Running\"" + conditions + ""","containerStatuses":[{"name":"database","image":"ivorysql","imageID":"","ready":true,"restartCount":0,"state":{"running":{"startedAt":"2026-01-01T00:00:00Z"}}}]}}""",
            V1Patch.PatchType.MergePatch), pod, namespaceName);
    }
}
