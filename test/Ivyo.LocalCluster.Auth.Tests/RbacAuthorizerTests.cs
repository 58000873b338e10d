using Ivyo.LocalCluster.Auth;
using static Ivyo.LocalCluster.Auth.Tests.Rbac;

namespace Ivyo.LocalCluster.Auth.Tests;

public sealed class RbacAuthorizerTests
{
    private static readonly UserInfo s_jane = User("jane");

    private static bool Allowed(RbacAuthorizer authorizer, UserInfo user, string verb, string group, string resource,
        string ns = "", string name = "", string subresource = "") =>
        authorizer.Authorize(RequestAttributes.ForResource(user, verb, group, resource, ns, name, subresource)).Allowed;

    private static RbacAuthorizer JaneWith(string rulesJson) => Authorizer(
        ClusterRole("r", rulesJson),
        ClusterRoleBinding("b", "r", UserSubject("jane")));

    [Fact]
    public void Nothing_is_allowed_without_bindings()
    {
        var decision = Authorizer().Authorize(RequestAttributes.ForResource(s_jane, "get", "", "pods", "ns", "p"));
        Assert.False(decision.Allowed);
        Assert.Equal("", decision.Reason);
    }

    [Fact]
    public void System_masters_is_allowed_everything_without_any_binding()
    {
        var admin = User("kubernetes-admin", KnownGroups.Masters);
        var authorizer = Authorizer();
        Assert.True(Allowed(authorizer, admin, "delete", "apps", "deployments", "ns", "d"));
        Assert.True(authorizer.Authorize(RequestAttributes.ForPath(admin, "get", "/metrics")).Allowed);
    }

    [Fact]
    public void ClusterRoleBinding_grants_in_every_namespace_and_at_cluster_scope_with_the_Kubernetes_reason()
    {
        var authorizer = JaneWith("""[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]}]""");
        Assert.True(Allowed(authorizer, s_jane, "get", "", "pods", "a", "p"));
        Assert.True(Allowed(authorizer, s_jane, "list", "", "pods", "b"));
        Assert.True(Allowed(authorizer, s_jane, "list", "", "pods"));
        Assert.False(Allowed(authorizer, s_jane, "delete", "", "pods", "a", "p"));
        Assert.False(Allowed(authorizer, User("joe"), "get", "", "pods", "a", "p"));
        Assert.Equal(
            """RBAC: allowed by ClusterRoleBinding "b" of ClusterRole "r" to User "jane" """.TrimEnd(),
            authorizer.Authorize(RequestAttributes.ForResource(s_jane, "get", "", "pods", "a", "p")).Reason);
    }

    [Fact]
    public void Verb_wildcard_matches_every_verb()
    {
        var authorizer = JaneWith("""[{"apiGroups":[""],"resources":["pods"],"verbs":["*"]}]""");
        Assert.True(Allowed(authorizer, s_jane, "deletecollection", "", "pods", "a"));
        Assert.True(Allowed(authorizer, s_jane, "patch", "", "pods", "a", "p"));
    }

    [Fact]
    public void ApiGroup_must_match_exactly_or_by_wildcard()
    {
        var core = JaneWith("""[{"apiGroups":[""],"resources":["deployments"],"verbs":["get"]}]""");
        Assert.False(Allowed(core, s_jane, "get", "apps", "deployments", "a", "d"));
        var apps = JaneWith("""[{"apiGroups":["apps"],"resources":["deployments"],"verbs":["get"]}]""");
        Assert.True(Allowed(apps, s_jane, "get", "apps", "deployments", "a", "d"));
        var any = JaneWith("""[{"apiGroups":["*"],"resources":["deployments"],"verbs":["get"]}]""");
        Assert.True(Allowed(any, s_jane, "get", "apps", "deployments", "a", "d"));
        Assert.True(Allowed(any, s_jane, "get", "", "deployments", "a", "d"));
        var none = JaneWith("""[{"resources":["deployments"],"verbs":["get"]}]""");
        Assert.False(Allowed(none, s_jane, "get", "", "deployments", "a", "d"));
    }

    [Fact]
    public void Resource_wildcard_matches_resources_and_their_subresources()
    {
        var authorizer = JaneWith("""[{"apiGroups":[""],"resources":["*"],"verbs":["get","create"]}]""");
        Assert.True(Allowed(authorizer, s_jane, "get", "", "secrets", "a", "s"));
        Assert.True(Allowed(authorizer, s_jane, "get", "", "pods", "a", "p", "log"));
        Assert.True(Allowed(authorizer, s_jane, "create", "", "pods", "a", "p", "exec"));
    }

    [Fact]
    public void A_resource_does_not_grant_its_subresources()
    {
        var authorizer = JaneWith("""[{"apiGroups":[""],"resources":["pods"],"verbs":["*"]}]""");
        Assert.False(Allowed(authorizer, s_jane, "create", "", "pods", "a", "p", "exec"));
        Assert.False(Allowed(authorizer, s_jane, "get", "", "pods", "a", "p", "log"));
    }

    [Fact]
    public void Resource_slash_subresource_grants_only_that_subresource()
    {
        var authorizer = JaneWith("""[{"apiGroups":[""],"resources":["pods/exec"],"verbs":["create"]}]""");
        Assert.True(Allowed(authorizer, s_jane, "create", "", "pods", "a", "p", "exec"));
        Assert.False(Allowed(authorizer, s_jane, "create", "", "pods", "a", "p", "attach"));
        Assert.False(Allowed(authorizer, s_jane, "create", "", "pods", "a", "p"));
    }

    [Fact]
    public void Star_slash_subresource_grants_that_subresource_of_every_resource()
    {
        var authorizer = JaneWith("""[{"apiGroups":["*"],"resources":["*/scale"],"verbs":["update"]}]""");
        Assert.True(Allowed(authorizer, s_jane, "update", "apps", "deployments", "a", "d", "scale"));
        Assert.True(Allowed(authorizer, s_jane, "update", "apps", "statefulsets", "a", "s", "scale"));
        Assert.False(Allowed(authorizer, s_jane, "update", "apps", "deployments", "a", "d"));
        Assert.False(Allowed(authorizer, s_jane, "update", "apps", "deployments", "a", "d", "status"));
    }

    [Fact]
    public void Resource_slash_star_is_not_a_wildcard_in_Kubernetes()
    {
        var authorizer = JaneWith("""[{"apiGroups":[""],"resources":["pods/*"],"verbs":["get"]}]""");
        Assert.False(Allowed(authorizer, s_jane, "get", "", "pods", "a", "p", "log"));
        Assert.False(Allowed(authorizer, s_jane, "get", "", "pods", "a", "p"));
    }

    [Fact]
    public void ResourceNames_restrict_named_requests_and_never_match_nameless_ones()
    {
        var authorizer = JaneWith("""[{"apiGroups":[""],"resources":["configmaps"],"resourceNames":["leader"],"verbs":["get","update","list","watch","create"]}]""");
        Assert.True(Allowed(authorizer, s_jane, "get", "", "configmaps", "a", "leader"));
        Assert.True(Allowed(authorizer, s_jane, "update", "", "configmaps", "a", "leader"));
        Assert.False(Allowed(authorizer, s_jane, "get", "", "configmaps", "a", "other"));
        Assert.False(Allowed(authorizer, s_jane, "list", "", "configmaps", "a"));
        Assert.False(Allowed(authorizer, s_jane, "watch", "", "configmaps", "a"));
        Assert.False(Allowed(authorizer, s_jane, "create", "", "configmaps", "a"));
        // A watch of one object (fieldSelector metadata.name) carries the name.
        Assert.True(Allowed(authorizer, s_jane, "watch", "", "configmaps", "a", "leader"));
    }

    [Fact]
    public void ResourceNames_apply_to_subresources_by_the_parent_name()
    {
        var authorizer = JaneWith("""[{"apiGroups":[""],"resources":["pods/exec"],"resourceNames":["hippo-0"],"verbs":["create"]}]""");
        Assert.True(Allowed(authorizer, s_jane, "create", "", "pods", "a", "hippo-0", "exec"));
        Assert.False(Allowed(authorizer, s_jane, "create", "", "pods", "a", "hippo-1", "exec"));
    }

    [Fact]
    public void NonResourceUrls_match_exactly_by_star_or_by_trailing_star_prefix()
    {
        var authorizer = JaneWith("""[{"nonResourceURLs":["/healthz","/apis/*"],"verbs":["get"]}]""");
        Assert.True(authorizer.Authorize(RequestAttributes.ForPath(s_jane, "get", "/healthz")).Allowed);
        Assert.False(authorizer.Authorize(RequestAttributes.ForPath(s_jane, "get", "/healthz/etcd")).Allowed);
        Assert.True(authorizer.Authorize(RequestAttributes.ForPath(s_jane, "get", "/apis/apps/v1")).Allowed);
        Assert.True(authorizer.Authorize(RequestAttributes.ForPath(s_jane, "get", "/apis/")).Allowed);
        Assert.False(authorizer.Authorize(RequestAttributes.ForPath(s_jane, "get", "/apis")).Allowed);
        Assert.False(authorizer.Authorize(RequestAttributes.ForPath(s_jane, "post", "/healthz")).Allowed);
        var all = JaneWith("""[{"nonResourceURLs":["*"],"verbs":["*"]}]""");
        Assert.True(all.Authorize(RequestAttributes.ForPath(s_jane, "post", "/anything/at/all")).Allowed);
    }

    [Fact]
    public void Resource_rules_do_not_grant_paths_and_path_rules_do_not_grant_resources()
    {
        var authorizer = JaneWith("""[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}]""");
        Assert.False(authorizer.Authorize(RequestAttributes.ForPath(s_jane, "get", "/healthz")).Allowed);
        var paths = JaneWith("""[{"nonResourceURLs":["*"],"verbs":["*"]}]""");
        Assert.False(Allowed(paths, s_jane, "get", "", "pods", "a", "p"));
    }

    [Fact]
    public void RoleBinding_to_a_ClusterRole_grants_only_in_its_namespace()
    {
        var authorizer = Authorizer(
            ClusterRole("pod-reader", """[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]}]"""),
            RoleBinding("team-a", "read-pods", "ClusterRole", "pod-reader", UserSubject("jane")));
        Assert.True(Allowed(authorizer, s_jane, "get", "", "pods", "team-a", "p"));
        Assert.True(Allowed(authorizer, s_jane, "list", "", "pods", "team-a"));
        Assert.False(Allowed(authorizer, s_jane, "get", "", "pods", "team-b", "p"));
        Assert.False(Allowed(authorizer, s_jane, "list", "", "pods"));
        Assert.Equal(
            """RBAC: allowed by RoleBinding "read-pods/team-a" of ClusterRole "pod-reader" to User "jane" """.TrimEnd(),
            authorizer.Authorize(RequestAttributes.ForResource(s_jane, "get", "", "pods", "team-a", "p")).Reason);
    }

    [Fact]
    public void RoleBinding_to_a_Role_uses_the_Role_of_its_own_namespace()
    {
        var authorizer = Authorizer(
            Role("team-a", "editor", """[{"apiGroups":[""],"resources":["configmaps"],"verbs":["*"]}]"""),
            Role("team-b", "editor", """[{"apiGroups":[""],"resources":["secrets"],"verbs":["*"]}]"""),
            RoleBinding("team-a", "edit", "Role", "editor", UserSubject("jane")));
        Assert.True(Allowed(authorizer, s_jane, "update", "", "configmaps", "team-a", "c"));
        Assert.False(Allowed(authorizer, s_jane, "get", "", "secrets", "team-a", "s"));
        Assert.False(Allowed(authorizer, s_jane, "update", "", "configmaps", "team-b", "c"));
    }

    [Fact]
    public void Group_subjects_match_the_users_groups()
    {
        var authorizer = Authorizer(
            ClusterRole("r", """[{"apiGroups":[""],"resources":["nodes"],"verbs":["list"]}]"""),
            ClusterRoleBinding("b", "r", """[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"ops"}]"""));
        Assert.True(Allowed(authorizer, User("jane", "ops"), "list", "", "nodes"));
        Assert.False(Allowed(authorizer, User("ops"), "list", "", "nodes"));
    }

    [Fact]
    public void ServiceAccount_subjects_default_to_the_RoleBindings_namespace()
    {
        var authorizer = Authorizer(
            ClusterRole("r", """[{"apiGroups":[""],"resources":["endpoints"],"verbs":["get"]}]"""),
            RoleBinding("db", "local", "ClusterRole", "r", """[{"kind":"ServiceAccount","name":"patroni"}]"""),
            RoleBinding("db", "remote", "ClusterRole", "r", """[{"kind":"ServiceAccount","name":"op","namespace":"ivyo-system"}]"""));
        Assert.True(Allowed(authorizer, ServiceAccount("db", "patroni"), "get", "", "endpoints", "db", "e"));
        Assert.True(Allowed(authorizer, ServiceAccount("ivyo-system", "op"), "get", "", "endpoints", "db", "e"));
        Assert.False(Allowed(authorizer, ServiceAccount("other", "patroni"), "get", "", "endpoints", "db", "e"));
        Assert.False(Allowed(authorizer, ServiceAccount("db", "op"), "get", "", "endpoints", "db", "e"));
        Assert.Equal(
            """RBAC: allowed by RoleBinding "local/db" of ClusterRole "r" to ServiceAccount "patroni/db" """.TrimEnd(),
            authorizer.Authorize(RequestAttributes.ForResource(ServiceAccount("db", "patroni"), "get", "", "endpoints", "db", "e")).Reason);
    }

    [Fact]
    public void ServiceAccount_subject_of_a_ClusterRoleBinding_needs_a_namespace()
    {
        var authorizer = Authorizer(
            ClusterRole("r", """[{"apiGroups":[""],"resources":["pods"],"verbs":["list"]}]"""),
            ClusterRoleBinding("no-ns", "r", """[{"kind":"ServiceAccount","name":"op"}]"""),
            ClusterRoleBinding("with-ns", "r", """[{"kind":"ServiceAccount","name":"op","namespace":"ivyo-system"}]"""));
        Assert.False(Allowed(authorizer, ServiceAccount("x", "op"), "list", "", "pods"));
        Assert.True(Allowed(authorizer, ServiceAccount("ivyo-system", "op"), "list", "", "pods"));
    }

    [Fact]
    public void Groups_of_ServiceAccounts_are_bindable()
    {
        var authorizer = Authorizer(
            ClusterRole("r", """[{"apiGroups":[""],"resources":["pods"],"verbs":["list"]}]"""),
            RoleBinding("db", "all-sa", "ClusterRole", "r", """[{"kind":"Group","name":"system:serviceaccounts:db"}]"""));
        Assert.True(Allowed(authorizer, ServiceAccount("db", "any"), "list", "", "pods", "db"));
        Assert.False(Allowed(authorizer, ServiceAccount("other", "any"), "list", "", "pods", "db"));
    }

    [Fact]
    public void Missing_roles_deny_with_the_Kubernetes_evaluation_errors()
    {
        var authorizer = Authorizer(
            ClusterRoleBinding("b1", "gone", UserSubject("jane")),
            RoleBinding("ns", "b2", "Role", "absent", UserSubject("jane")),
            RoleBinding("ns", "b3", "Role", "absent", UserSubject("jane")));
        var decision = authorizer.Authorize(RequestAttributes.ForResource(s_jane, "get", "", "pods", "ns", "p"));
        Assert.False(decision.Allowed);
        Assert.Equal(
            """RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, role.rbac.authorization.k8s.io "absent" not found]""",
            decision.Reason);
        var one = authorizer.Authorize(RequestAttributes.ForResource(s_jane, "get", "", "pods", "other", "p"));
        Assert.Equal("""RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found""", one.Reason);
        // Bindings to other subjects are not evaluated.
        Assert.Equal("", authorizer.Authorize(RequestAttributes.ForResource(User("joe"), "get", "", "pods", "ns", "p")).Reason);
    }

    [Fact]
    public void A_later_binding_still_allows_after_a_missing_role()
    {
        var authorizer = Authorizer(
            ClusterRoleBinding("a-broken", "gone", UserSubject("jane")),
            ClusterRole("r", """[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]"""),
            ClusterRoleBinding("b-works", "r", UserSubject("jane")));
        Assert.True(Allowed(authorizer, s_jane, "get", "", "pods", "ns", "p"));
    }

    [Fact]
    public void Objects_of_other_kinds_are_ignored()
    {
        var authorizer = Authorizer(
            Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"r"}}"""),
            ClusterRole("r", """[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]"""),
            ClusterRoleBinding("b", "r", UserSubject("jane")));
        Assert.True(Allowed(authorizer, s_jane, "get", "", "pods", "ns", "p"));
    }

    [Fact]
    public void RulesFor_lists_cluster_and_namespace_rules_split_into_resource_and_non_resource_rules()
    {
        var authorizer = Authorizer(
            ClusterRole("mixed", """[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]},{"nonResourceURLs":["/metrics"],"verbs":["get"]}]"""),
            ClusterRoleBinding("b", "mixed", UserSubject("jane")),
            Role("ns", "cm", """[{"apiGroups":[""],"resources":["configmaps"],"resourceNames":["x"],"verbs":["update"]}]"""),
            RoleBinding("ns", "rb", "Role", "cm", UserSubject("jane")));

        var inNamespace = authorizer.RulesFor(s_jane, "ns");
        Assert.Equal(2, inNamespace.ResourceRules.Count);
        Assert.Equal(["pods"], inNamespace.ResourceRules[0].Resources);
        Assert.Equal(["configmaps"], inNamespace.ResourceRules[1].Resources);
        Assert.Equal(["x"], inNamespace.ResourceRules[1].ResourceNames);
        var nonResource = Assert.Single(inNamespace.NonResourceRules);
        Assert.Equal(["/metrics"], nonResource.NonResourceUrls);
        Assert.False(inNamespace.Incomplete);
        Assert.Equal("", inNamespace.EvaluationError);

        Assert.Single(authorizer.RulesFor(s_jane, "other").ResourceRules);
        Assert.Equal(
            """{"resourceRules":[{"verbs":["get"],"apiGroups":[""],"resources":["pods"]}],"nonResourceRules":[{"verbs":["get"],"nonResourceURLs":["/metrics"]}],"incomplete":false}""",
            authorizer.RulesFor(s_jane, "").ToStatusJson().ToJsonString());
    }

    [Fact]
    public void RulesFor_system_masters_is_everything_and_missing_roles_are_evaluation_errors()
    {
        var authorizer = Authorizer(ClusterRoleBinding("b", "gone", UserSubject("jane")));
        var masters = authorizer.RulesFor(User("admin", KnownGroups.Masters), "ns");
        var rule = Assert.Single(masters.ResourceRules);
        Assert.Equal(["*"], rule.Verbs);
        Assert.Equal(["*"], Assert.Single(masters.NonResourceRules).NonResourceUrls);
        Assert.Equal("""clusterrole.rbac.authorization.k8s.io "gone" not found""", authorizer.RulesFor(s_jane, "ns").EvaluationError);
    }
}
