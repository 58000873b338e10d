using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests;

/// <summary>
/// A token bound to a pod stays valid while the pod terminates gracefully (its deletionTimestamp lies in the future),
/// as kube-apiserver's validator allows until a minute after the deletionTimestamp: Patroni releases its leader key
/// with it while it stops. Once the pod is gone, the token is refused.
/// </summary>
public sealed class BoundTokenLifetimeTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task A_pod_bound_token_works_while_its_pod_terminates_and_not_after()
    {
        var admin = server.Client;
        var ns = "tokens-" + Guid.NewGuid().ToString("N")[..6];
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "patroni" } }, ns);
        // Bound to a node, so that its deletion is graceful (the kubelet would finish it); no kubelet runs here.
        var pod = await admin.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "db-0" },
            Spec = new V1PodSpec { NodeName = "node-x", ServiceAccountName = "patroni", Containers = [new V1Container { Name = "db", Image = "db" }] },
        }, ns);
        var token = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec
            {
                BoundObjectRef = new V1BoundObjectReference { Kind = "Pod", ApiVersion = "v1", Name = "db-0", Uid = pod.Metadata.Uid },
                ExpirationSeconds = 3600,
            },
        }, "patroni", ns);
        using var patroni = new Kubernetes(new KubernetesClientConfiguration
        {
            Host = server.Server.Url.ToString(),
            AccessToken = token.Status.Token,
            SslCaCerts = [server.Server.Credentials.Authority.Certificate],
        });
        Assert.Equal($"system:serviceaccount:{ns}:patroni", await WhoAmIAsync(patroni));

        await admin.CoreV1.DeleteNamespacedPodAsync("db-0", ns, gracePeriodSeconds: 30);
        Assert.NotNull((await admin.CoreV1.ReadNamespacedPodAsync("db-0", ns)).Metadata.DeletionTimestamp);
        Assert.Equal($"system:serviceaccount:{ns}:patroni", await WhoAmIAsync(patroni));

        await admin.CoreV1.DeleteNamespacedPodAsync("db-0", ns, gracePeriodSeconds: 0);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => WhoAmIAsync(patroni));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Response.StatusCode);
    }

    private static async Task<string> WhoAmIAsync(Kubernetes client) =>
        (await client.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview())).Status.UserInfo.Username;
}
