using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests;

/// <summary>
/// A ServiceAccount bound to a namespaced Role can do exactly what the Role grants; everything else is 403 with
/// Kubernetes' message. Its token comes from the TokenRequest API, as <c>kubectl create token</c> gets one.
/// </summary>
public sealed class RbacTests : IClassFixture<TestServer>
{
    private readonly TestServer _server;

    public RbacTests(TestServer server) => _server = server;

    private async Task<(Kubernetes Client, string Namespace)> ServiceAccountClientAsync()
    {
        var admin = _server.Client;
        var ns = "rbac-" + Guid.NewGuid().ToString("N")[..8];
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "patroni" } }, ns);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "endpoints-only" },
            Rules =
            [
                new V1PolicyRule { ApiGroups = [""], Resources = ["endpoints"], Verbs = ["get", "list", "create", "patch"] },
                new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], Verbs = ["get"], ResourceNames = ["allowed"] },
            ],
        }, ns);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "patroni" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "endpoints-only" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "patroni", NamespaceProperty = ns }],
        }, ns);

        var token = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 3600 } }, "patroni", ns);
        var config = new KubernetesClientConfiguration
        {
            Host = _server.Server.Url.ToString(),
            AccessToken = token.Status.Token,
            SslCaCerts = [_server.Server.Credentials.Authority.Certificate],
        };
        return (new Kubernetes(config), ns);
    }

    [Fact]
    public async Task A_role_grants_exactly_its_rules()
    {
        var (client, ns) = await ServiceAccountClientAsync();
        using (client)
        {
            await client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints { Metadata = new V1ObjectMeta { Name = "hippo-ha" } }, ns);
            Assert.Single((await client.CoreV1.ListNamespacedEndpointsAsync(ns)).Items);

            var delete = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.DeleteNamespacedEndpointsAsync("hippo-ha", ns));
            Assert.Equal(HttpStatusCode.Forbidden, delete.Response.StatusCode);
            Assert.Contains(
                $"endpoints \\\"hippo-ha\\\" is forbidden: User \\\"system:serviceaccount:{ns}:patroni\\\" cannot delete resource \\\"endpoints\\\" in API group \\\"\\\" in the namespace \\\"{ns}\\\"",
                delete.Response.Content, StringComparison.Ordinal);

            var pods = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedPodAsync(ns));
            Assert.Equal(HttpStatusCode.Forbidden, pods.Response.StatusCode);
            Assert.Contains($"pods is forbidden: User \\\"system:serviceaccount:{ns}:patroni\\\" cannot list resource \\\"pods\\\" in API group \\\"\\\" in the namespace \\\"{ns}\\\"",
                pods.Response.Content, StringComparison.Ordinal);

            var otherNamespace = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedEndpointsAsync("default"));
            Assert.Equal(HttpStatusCode.Forbidden, otherNamespace.Response.StatusCode);
        }
    }

    [Fact]
    public async Task Resource_names_restrict_a_rule_to_named_objects()
    {
        var (client, ns) = await ServiceAccountClientAsync();
        using (client)
        {
            await _server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "allowed" } }, ns);
            await _server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "secret-ish" } }, ns);

            Assert.Equal("allowed", (await client.CoreV1.ReadNamespacedConfigMapAsync("allowed", ns)).Metadata.Name);
            var other = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("secret-ish", ns));
            Assert.Equal(HttpStatusCode.Forbidden, other.Response.StatusCode);
            var list = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedConfigMapAsync(ns));
            Assert.Equal(HttpStatusCode.Forbidden, list.Response.StatusCode);
        }
    }

    [Fact]
    public async Task Self_subject_access_review_answers_can_i()
    {
        var (client, ns) = await ServiceAccountClientAsync();
        using (client)
        {
            async Task<bool> CanAsync(string verb, string resource) => (await client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
            {
                Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = new V1ResourceAttributes { Verb = verb, Resource = resource, NamespaceProperty = ns } },
            })).Status.Allowed;

            Assert.True(await CanAsync("patch", "endpoints"));
            Assert.False(await CanAsync("delete", "endpoints"));
            Assert.False(await CanAsync("get", "secrets"));
        }
    }

    [Fact]
    public async Task A_bad_token_is_401()
    {
        var config = new KubernetesClientConfiguration
        {
            Host = _server.Server.Url.ToString(),
            AccessToken = "not-a-token",
            SslCaCerts = [_server.Server.Credentials.Authority.Certificate],
        };
        using var client = new Kubernetes(config);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespaceAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.Response.StatusCode);
    }

    [Fact]
    public async Task A_deleted_service_account_token_stops_working()
    {
        var (client, ns) = await ServiceAccountClientAsync();
        using (client)
        {
            Assert.Empty((await client.CoreV1.ListNamespacedEndpointsAsync(ns)).Items);
            await _server.Client.CoreV1.DeleteNamespacedServiceAccountAsync("patroni", ns);
            var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedEndpointsAsync(ns));
            Assert.Equal(HttpStatusCode.Unauthorized, error.Response.StatusCode);
        }
    }

    [Fact]
    public async Task An_apply_that_creates_needs_create_as_well_as_patch()
    {
        var (client, ns) = await ServiceAccountClientAsync();
        using (client)
        {
            var admin = _server.Client;
            await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
            {
                Metadata = new V1ObjectMeta { Name = "patch-configmaps" },
                Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], Verbs = ["patch"] }],
            }, ns);
            await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = "patch-configmaps" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "patch-configmaps" },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "patroni", NamespaceProperty = ns }],
            }, ns);
            var apply = new V1Patch("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"applied"},"data":{"a":"1"}}""", V1Patch.PatchType.ApplyPatch);

            var denied = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(apply, "applied", ns, fieldManager: "test"));
            Assert.Equal(HttpStatusCode.Forbidden, denied.Response.StatusCode);
            Assert.Contains(
                $"configmaps \\\"applied\\\" is forbidden: User \\\"system:serviceaccount:{ns}:patroni\\\" cannot create resource \\\"configmaps\\\" in API group \\\"\\\" in the namespace \\\"{ns}\\\"",
                denied.Response.Content, StringComparison.Ordinal);
            Assert.Empty((await admin.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=applied")).Items);

            // Once it exists, applying to it is a patch.
            await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "applied" } }, ns);
            var applied = await client.CoreV1.PatchNamespacedConfigMapAsync(apply, "applied", ns, fieldManager: "test");
            Assert.Equal("1", applied.Data["a"]);
        }
    }
}
