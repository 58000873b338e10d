using Ivyo.LocalCluster.Auth;
using static Ivyo.LocalCluster.Auth.Tests.Rbac;

namespace Ivyo.LocalCluster.Auth.Tests;

public sealed class ForbiddenMessageTests
{
    private static readonly UserInfo s_sa = ServiceAccount("ns", "sa");

    [Fact]
    public void Named_namespaced_resource()
    {
        Assert.Equal(
            """pods "hippo-0" is forbidden: User "system:serviceaccount:ns:sa" cannot get resource "pods" in API group "" in the namespace "ns" """.TrimEnd(),
            RbacAuthorizer.ForbiddenMessage(RequestAttributes.ForResource(s_sa, "get", "", "pods", "ns", "hippo-0")));
    }

    [Fact]
    public void Collection()
    {
        Assert.Equal(
            """pods is forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "ns" """.TrimEnd(),
            RbacAuthorizer.ForbiddenMessage(RequestAttributes.ForResource(User("x"), "list", "", "pods", "ns")));
    }

    [Fact]
    public void Cluster_scope_with_an_api_group_qualifies_the_resource()
    {
        Assert.Equal(
            """clusterroles.rbac.authorization.k8s.io "admin" is forbidden: User "x" cannot delete resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope""",
            RbacAuthorizer.ForbiddenMessage(RequestAttributes.ForResource(User("x"), "delete", "rbac.authorization.k8s.io", "clusterroles", "", "admin")));
        Assert.Equal(
            """deployments.apps is forbidden: User "x" cannot list resource "deployments" in API group "apps" at the cluster scope""",
            RbacAuthorizer.ForbiddenMessage(RequestAttributes.ForResource(User("x"), "list", "apps", "deployments")));
    }

    [Fact]
    public void Subresource_is_named_in_the_sentence_but_not_in_the_prefix()
    {
        Assert.Equal(
            """pods "hippo-0" is forbidden: User "x" cannot create resource "pods/exec" in API group "" in the namespace "ns" """.TrimEnd(),
            RbacAuthorizer.ForbiddenMessage(RequestAttributes.ForResource(User("x"), "create", "", "pods", "ns", "hippo-0", "exec")));
    }

    [Fact]
    public void Non_resource_path()
    {
        Assert.Equal(
            """forbidden: User "system:anonymous" cannot get path "/metrics" """.TrimEnd(),
            RbacAuthorizer.ForbiddenMessage(RequestAttributes.ForPath(UserInfo.Anonymous, "get", "/metrics")));
    }

    [Fact]
    public void Reason_is_appended_and_html_is_escaped_and_quotes_are_go_quoted()
    {
        Assert.Equal(
            """forbidden: User "a\"b" cannot get path "/x&lt;y&gt;": RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found""",
            RbacAuthorizer.ForbiddenMessage(
                RequestAttributes.ForPath(User("a\"b"), "get", "/x<y>"),
                """RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found"""));
    }
}
