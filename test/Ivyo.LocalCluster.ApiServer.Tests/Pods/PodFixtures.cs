using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests.Pods;

internal static class PodFixtures
{
    public static async Task<string> NamespaceAsync(Kubernetes client)
    {
        var name = "p-" + Guid.NewGuid().ToString("N")[..8];
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public static V1Pod Pod(string name, string? node = null, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1PodSpec
        {
            NodeName = node,
            Containers = [new V1Container { Name = "main", Image = "debian:12", Command = ["sleep", "infinity"] }],
        },
    };

    public static async Task AssertGoneAsync(Kubernetes client, string ns, string name)
    {
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedPodAsync(name, ns));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
    }

    public static async Task RemoveFinalizersAsync(Kubernetes client, string ns, string name) =>
        await client.CoreV1.PatchNamespacedPodAsync(
            new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), name, ns);
}
