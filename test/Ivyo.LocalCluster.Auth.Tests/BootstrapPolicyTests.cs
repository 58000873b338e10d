using Ivyo.LocalCluster.Auth;
using static Ivyo.LocalCluster.Auth.Tests.Rbac;

namespace Ivyo.LocalCluster.Auth.Tests;

public sealed class BootstrapPolicyTests
{
    private static readonly RbacAuthorizer s_authorizer = new(RbacPolicySnapshot.Create(BootstrapPolicy.Objects()));

    private static bool Allowed(UserInfo user, string verb, string path) =>
        s_authorizer.Authorize(RequestAttributes.ForPath(user, verb, path)).Allowed;

    [Theory]
    [InlineData("/version")]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    public void Everyone_reads_public_info(string path)
    {
        Assert.True(Allowed(UserInfo.Anonymous, "get", path));
        Assert.True(Allowed(User("jane"), "get", path));
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/api/v1")]
    [InlineData("/apis")]
    [InlineData("/apis/apps/v1")]
    [InlineData("/openapi/v3")]
    public void Authenticated_users_discover_and_anonymous_does_not(string path)
    {
        Assert.True(Allowed(User("jane"), "get", path));
        Assert.True(Allowed(ServiceAccount("db", "patroni"), "get", path));
        Assert.False(Allowed(UserInfo.Anonymous, "get", path));
    }

    [Fact]
    public void Authenticated_users_may_review_themselves()
    {
        var review = RequestAttributes.ForResource(User("jane"), "create", "authorization.k8s.io", "selfsubjectaccessreviews");
        Assert.True(s_authorizer.Authorize(review).Allowed);
        Assert.True(s_authorizer.Authorize(review with { Resource = "selfsubjectrulesreviews" }).Allowed);
        Assert.True(s_authorizer.Authorize(review with { ApiGroup = "authentication.k8s.io", Resource = "selfsubjectreviews" }).Allowed);
        Assert.False(s_authorizer.Authorize(review with { Resource = "subjectaccessreviews" }).Allowed);
        Assert.False(s_authorizer.Authorize(review with { User = UserInfo.Anonymous }).Allowed);
    }

    [Fact]
    public void Nobody_but_masters_reads_resources()
    {
        Assert.False(s_authorizer.Authorize(RequestAttributes.ForResource(User("jane"), "list", "", "pods", "ns")).Allowed);
        Assert.True(s_authorizer.Authorize(RequestAttributes.ForResource(User("admin", KnownGroups.Masters), "list", "", "pods", "ns")).Allowed);
    }

    [Fact]
    public void Cluster_admin_binding_allows_system_masters_by_RBAC_too()
    {
        var objects = BootstrapPolicy.Objects();
        var binding = Assert.Single(objects, o => (string?)o["kind"] == "ClusterRoleBinding" && (string?)o["metadata"]!["name"] == "cluster-admin");
        Assert.Equal("system:masters", (string?)binding["subjects"]![0]!["name"]);
        var role = Assert.Single(objects, o => (string?)o["kind"] == "ClusterRole" && (string?)o["metadata"]!["name"] == "cluster-admin");
        Assert.Equal(
            """[{"verbs":["*"],"apiGroups":["*"],"resources":["*"]},{"verbs":["*"],"nonResourceURLs":["*"]}]""",
            role["rules"]!.ToJsonString());
        Assert.Equal("rbac-defaults", (string?)role["metadata"]!["labels"]!["kubernetes.io/bootstrapping"]);
        // An ordinary user bound to cluster-admin can do anything.
        var authorizer = new RbacAuthorizer(RbacPolicySnapshot.Create(
            [.. BootstrapPolicy.Objects(), ClusterRoleBinding("jane-admin", "cluster-admin", UserSubject("jane"))]));
        Assert.True(authorizer.Authorize(RequestAttributes.ForResource(User("jane"), "delete", "apps", "deployments", "x", "y")).Allowed);
        Assert.True(authorizer.Authorize(RequestAttributes.ForPath(User("jane"), "get", "/metrics")).Allowed);
    }

    [Fact]
    public void Each_call_returns_new_objects()
    {
        var first = BootstrapPolicy.Objects();
        first[0]["metadata"]!["name"] = "changed";
        Assert.Equal("cluster-admin", (string?)BootstrapPolicy.Objects()[0]["metadata"]!["name"]);
    }
}
