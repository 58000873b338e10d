using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests;

/// <summary>
/// RBAC's privilege-escalation prevention, through ServiceAccount tokens: a Role or ClusterRole may only grant what its
/// author holds in its scope unless the author may <c>escalate</c>; a binding may only refer to a role whose rules its
/// author holds unless the author may <c>bind</c> it; <c>system:masters</c> is never checked. Refusals are 403 with
/// Kubernetes' message and write nothing, whether they come by create, update, patch or server-side apply.
/// </summary>
public sealed class RbacEscalationTests(TestServer server) : IClassFixture<TestServer>
{
    private const string Rbac = "rbac.authorization.k8s.io";
    private const string Pods = "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"patch\"]}";

    private Kubernetes Admin => server.Client;

    [Fact]
    public async Task A_role_grants_only_what_its_author_holds()
    {
        using var granter = await GranterAsync(Rule(["create"], ["roles"], Rbac), Rule(["get"], ["pods"]));
        var role = Role("pod-patcher", Rule(["get", "patch"], ["pods"]));

        var refused = await ForbiddenAsync(() => granter.Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, granter.Namespace));
        Assert.Equal(granter.Escalation("roles", "pod-patcher", Pods), refused);
        Assert.Equal(refused, await ForbiddenAsync(() => granter.Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, granter.Namespace, dryRun: "All")));
        await AssertMissingAsync(() => Admin.RbacAuthorizationV1.ReadNamespacedRoleAsync("pod-patcher", granter.Namespace));

        await GrantAsync(granter, Rule(["create"], ["roles"], Rbac), Rule(["get", "patch"], ["pods"]));
        var created = await granter.Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, granter.Namespace);
        Assert.Equal(["get", "patch"], created.Rules.Single().Verbs);
    }

    [Fact]
    public async Task Missing_rules_are_listed_compacted_and_sorted()
    {
        using var granter = await GranterAsync(Rule(["create"], ["roles"], Rbac), Rule(["get"], ["services"]));
        var role = Role("many",
            Rule(["get", "list"], ["services", "pods"]),
            Rule(["delete"], ["deployments"], "apps", ["b", "a"]));

        var refused = await ForbiddenAsync(() => granter.Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, granter.Namespace));
        Assert.Equal(granter.Escalation("roles", "many",
            "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\" \"list\"]}",
            "{APIGroups:[\"\"], Resources:[\"services\"], Verbs:[\"list\"]}",
            "{APIGroups:[\"apps\"], Resources:[\"deployments\"], ResourceNames:[\"a\"], Verbs:[\"delete\"]}",
            "{APIGroups:[\"apps\"], Resources:[\"deployments\"], ResourceNames:[\"b\"], Verbs:[\"delete\"]}"), refused);

        // A binding of the granter's whose role is gone is reported after the missing rules.
        await Admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(RoleBinding("gone", "Role", "gone"), granter.Namespace);
        Assert.Equal(granter.Escalation("roles", "pods", Pods) + "; resolution errors: [roles.rbac.authorization.k8s.io \"gone\" not found]",
            await ForbiddenAsync(() => granter.Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(Role("pods", Rule(["patch"], ["pods"])), granter.Namespace)));
    }

    [Fact]
    public async Task Escalate_lets_a_role_grant_more_than_its_author_holds()
    {
        using var granter = await GranterAsync(Rule(["create"], ["roles"], Rbac), Rule(["escalate"], ["roles"], Rbac));
        await granter.Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(Role("everything", Rule(["*"], ["*"], "*")), granter.Namespace);

        // escalate on one role by name: not for creates, which name nothing in the request, but for updates of that role.
        await GrantAsync(granter, Rule(["create", "update"], ["roles"], Rbac), Rule(["escalate"], ["roles"], Rbac, ["open"]));
        await ForbiddenAsync(() => granter.Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(Role("open", Rule(["patch"], ["pods"])), granter.Namespace));
        foreach (var name in (string[])["open", "closed"])
        {
            await Admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(Role(name), granter.Namespace);
        }

        var open = await Admin.RbacAuthorizationV1.ReadNamespacedRoleAsync("open", granter.Namespace);
        open.Rules = [Rule(["patch"], ["pods"])];
        await granter.Client.RbacAuthorizationV1.ReplaceNamespacedRoleAsync(open, "open", granter.Namespace);

        var closed = await Admin.RbacAuthorizationV1.ReadNamespacedRoleAsync("closed", granter.Namespace);
        closed.Rules = [Rule(["patch"], ["pods"])];
        Assert.Equal(granter.Escalation("roles", "closed", Pods),
            await ForbiddenAsync(() => granter.Client.RbacAuthorizationV1.ReplaceNamespacedRoleAsync(closed, "closed", granter.Namespace)));
    }

    [Theory]
    [InlineData("pods/exec", true)]
    [InlineData("*/exec", true)]
    [InlineData("*", true)]
    [InlineData("pods", false)]
    [InlineData("pods/*", false)]
    [InlineData("pods/log", false)]
    public async Task A_subresource_is_covered_by_its_own_rule_or_a_wildcard(string held, bool covered)
    {
        using var granter = await GranterAsync(Rule(["create"], ["roles"], Rbac), Rule(["create"], [held]));
        var role = Role("exec", Rule(["create"], ["pods/exec"]));
        if (covered)
        {
            await granter.Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, granter.Namespace);
            return;
        }

        Assert.Equal(granter.Escalation("roles", "exec", "{APIGroups:[\"\"], Resources:[\"pods/exec\"], Verbs:[\"create\"]}"),
            await ForbiddenAsync(() => granter.Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, granter.Namespace)));
    }

    [Fact]
    public async Task Wildcards_and_resource_names_cover_as_in_Kubernetes()
    {
        using var granter = await GranterAsync(
            Rule(["create"], ["roles"], Rbac),
            Rule(["*"], ["*"], "apps"),
            Rule(["get"], ["configmaps"], "*"),
            Rule(["get"], ["secrets"], "", ["a"]));
        var client = granter.Client.RbacAuthorizationV1;
        await client.CreateNamespacedRoleAsync(Role("apps", Rule(["get", "delete"], ["deployments", "statefulsets/scale"], "apps")), granter.Namespace);
        await client.CreateNamespacedRoleAsync(Role("configmaps", Rule(["get"], ["configmaps"], "example.com")), granter.Namespace);
        await client.CreateNamespacedRoleAsync(Role("secret-a", Rule(["get"], ["secrets"], "", ["a"])), granter.Namespace);

        Assert.Equal(granter.Escalation("roles", "core", Pods),
            await ForbiddenAsync(() => client.CreateNamespacedRoleAsync(Role("core", Rule(["patch"], ["pods"])), granter.Namespace)));
        // "*" in a granted rule is only covered by "*" in a held one.
        Assert.Equal(granter.Escalation("roles", "all-groups", "{APIGroups:[\"*\"], Resources:[\"deployments\"], Verbs:[\"get\"]}"),
            await ForbiddenAsync(() => client.CreateNamespacedRoleAsync(Role("all-groups", Rule(["get"], ["deployments"], "*")), granter.Namespace)));
        Assert.Equal(granter.Escalation("roles", "secret-b", "{APIGroups:[\"\"], Resources:[\"secrets\"], ResourceNames:[\"b\"], Verbs:[\"get\"]}"),
            await ForbiddenAsync(() => client.CreateNamespacedRoleAsync(Role("secret-b", Rule(["get"], ["secrets"], "", ["a", "b"])), granter.Namespace)));
        Assert.Equal(granter.Escalation("roles", "secrets", "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}"),
            await ForbiddenAsync(() => client.CreateNamespacedRoleAsync(Role("secrets", Rule(["get"], ["secrets"])), granter.Namespace)));
    }

    [Fact]
    public async Task A_cluster_role_needs_its_rules_held_cluster_wide()
    {
        using var granter = await GranterAsync(Rule(["patch"], ["pods"]));
        await GrantClusterWideAsync(granter, Rule(["create"], ["clusterroles"], Rbac), new V1PolicyRule { Verbs = ["get"], NonResourceURLs = ["/logs/*"] });
        var client = granter.Client.RbacAuthorizationV1;
        var suffix = "-" + granter.Namespace;

        // patch on pods is held in the granter's namespace only.
        Assert.Equal(granter.Escalation("clusterroles", "patcher" + suffix, Pods),
            await ForbiddenAsync(() => client.CreateClusterRoleAsync(ClusterRole("patcher" + suffix, Rule(["patch"], ["pods"])))));

        await client.CreateClusterRoleAsync(ClusterRole("logs" + suffix, new V1PolicyRule { Verbs = ["get"], NonResourceURLs = ["/logs/kubelet", "/logs/*"] }));
        Assert.Equal(granter.Escalation("clusterroles", "metrics" + suffix, "{NonResourceURLs:[\"/metrics\"], Verbs:[\"get\"]}"),
            await ForbiddenAsync(() => client.CreateClusterRoleAsync(ClusterRole("metrics" + suffix, new V1PolicyRule { Verbs = ["get"], NonResourceURLs = ["/metrics"] }))));

        var aggregated = ClusterRole("aggregated" + suffix);
        aggregated.AggregationRule = new V1AggregationRule { ClusterRoleSelectors = [new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["a"] = "b" } }] };
        Assert.Equal($"clusterroles.rbac.authorization.k8s.io \"aggregated{suffix}\" is forbidden: must have cluster-admin privileges to use the aggregationRule",
            await ForbiddenAsync(() => client.CreateClusterRoleAsync(aggregated)));
        await AssertMissingAsync(() => Admin.RbacAuthorizationV1.ReadClusterRoleAsync("aggregated" + suffix));
    }

    [Fact]
    public async Task A_role_binding_needs_the_role_s_rules_or_bind_on_it()
    {
        using var granter = await GranterAsync(Rule(["create"], ["rolebindings"], Rbac), Rule(["get"], ["pods"]));
        var ns = granter.Namespace;
        await Admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(Role("pod-reader", Rule(["get"], ["pods"])), ns);
        await Admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(Role("pod-admin", Rule(["*"], ["pods"])), ns);
        await Admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(Role("other-admin", Rule(["*"], ["pods"])), ns);
        var client = granter.Client.RbacAuthorizationV1;

        // The bindings are for someone else: one for the granter itself would add to what it holds.
        await client.CreateNamespacedRoleBindingAsync(RoleBinding("reader", "Role", "pod-reader", "someone"), ns);
        Assert.Equal(granter.Escalation("rolebindings", "admin", "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"*\"]}"),
            await ForbiddenAsync(() => client.CreateNamespacedRoleBindingAsync(RoleBinding("admin", "Role", "pod-admin", "someone"), ns)));
        await AssertMissingAsync(() => Admin.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync("admin", ns));
        Assert.Equal(granter.Escalation("rolebindings", "cluster-admin",
                "{APIGroups:[\"*\"], Resources:[\"*\"], Verbs:[\"*\"]}", "{NonResourceURLs:[\"*\"], Verbs:[\"*\"]}"),
            await ForbiddenAsync(() => client.CreateNamespacedRoleBindingAsync(RoleBinding("cluster-admin", "ClusterRole", "cluster-admin", "someone"), ns)));

        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => client.CreateNamespacedRoleBindingAsync(RoleBinding("ghost", "Role", "missing", "someone"), ns));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Equal("roles.rbac.authorization.k8s.io \"missing\" not found", Message(missing));

        // bind on one role by name.
        await GrantAsync(granter, Rule(["create"], ["rolebindings"], Rbac), Rule(["get"], ["pods"]), Rule(["bind"], ["roles"], Rbac, ["pod-admin"]));
        await client.CreateNamespacedRoleBindingAsync(RoleBinding("admin", "Role", "pod-admin", "someone"), ns);
        Assert.Equal(granter.Escalation("rolebindings", "other", "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"*\"]}"),
            await ForbiddenAsync(() => client.CreateNamespacedRoleBindingAsync(RoleBinding("other", "Role", "other-admin", "someone"), ns)));
    }

    [Fact]
    public async Task A_cluster_role_binding_needs_the_rules_or_bind_cluster_wide()
    {
        using var granter = await GranterAsync(Rule(["get"], ["configmaps"]), Rule(["bind"], ["clusterroles"], Rbac));
        await GrantClusterWideAsync(granter, Rule(["create"], ["clusterrolebindings"], Rbac));
        var viewer = "configmap-viewer-" + granter.Namespace;
        await Admin.RbacAuthorizationV1.CreateClusterRoleAsync(ClusterRole(viewer, Rule(["get"], ["configmaps"])));
        var binding = new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = viewer },
            RoleRef = new V1RoleRef { ApiGroup = Rbac, Kind = "ClusterRole", Name = viewer },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "granter", NamespaceProperty = granter.Namespace }],
        };

        // Both the rules and bind are held in the granter's namespace only.
        Assert.Equal(granter.Escalation("clusterrolebindings", viewer, "{APIGroups:[\"\"], Resources:[\"configmaps\"], Verbs:[\"get\"]}"),
            await ForbiddenAsync(() => granter.Client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(binding)));

        await GrantClusterWideAsync(granter, Rule(["create"], ["clusterrolebindings"], Rbac), Rule(["bind"], ["clusterroles"], Rbac, [viewer]));
        await granter.Client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(binding);
    }

    [Fact]
    public async Task A_refused_apply_patch_or_update_writes_nothing()
    {
        using var granter = await GranterAsync(Rule(["create", "update", "patch"], ["roles"], Rbac), Rule(["get", "patch"], ["pods"]));
        var ns = granter.Namespace;
        var client = granter.Client.RbacAuthorizationV1;
        var before = await Admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(Role("reader", Rule(["get"], ["pods"])), ns);
        var grantsDelete = Role("reader", Rule(["get", "delete"], ["pods"]));
        grantsDelete.ApiVersion = Rbac + "/v1";
        grantsDelete.Kind = "Role";
        var deletePods = "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"delete\"]}";

        Assert.Equal(granter.Escalation("roles", "reader", deletePods), await ForbiddenAsync(() =>
            client.PatchNamespacedRoleAsync(new V1Patch(grantsDelete, V1Patch.PatchType.ApplyPatch), "reader", ns, fieldManager: "granter", force: true)));
        Assert.Equal(granter.Escalation("roles", "reader", deletePods), await ForbiddenAsync(() =>
            client.PatchNamespacedRoleAsync(new V1Patch("{\"rules\":[{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"delete\"]}]}", V1Patch.PatchType.MergePatch), "reader", ns)));
        var replacement = await Admin.RbacAuthorizationV1.ReadNamespacedRoleAsync("reader", ns);
        replacement.Rules = grantsDelete.Rules;
        Assert.Equal(granter.Escalation("roles", "reader", deletePods), await ForbiddenAsync(() => client.ReplaceNamespacedRoleAsync(replacement, "reader", ns)));
        var after = await Admin.RbacAuthorizationV1.ReadNamespacedRoleAsync("reader", ns);
        Assert.Equal(before.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.Equal(["get"], after.Rules.Single().Verbs);

        // An apply that would create the role is refused before anything is stored.
        grantsDelete.Metadata.Name = "applied";
        Assert.Equal(granter.Escalation("roles", "applied", deletePods), await ForbiddenAsync(() =>
            client.PatchNamespacedRoleAsync(new V1Patch(grantsDelete, V1Patch.PatchType.ApplyPatch), "applied", ns, fieldManager: "granter")));
        await AssertMissingAsync(() => Admin.RbacAuthorizationV1.ReadNamespacedRoleAsync("applied", ns));

        // What the author holds applies fine.
        grantsDelete.Rules = [Rule(["get", "patch"], ["pods"])];
        var applied = await client.PatchNamespacedRoleAsync(new V1Patch(grantsDelete, V1Patch.PatchType.ApplyPatch), "applied", ns, fieldManager: "granter");
        Assert.Equal(["get", "patch"], applied.Rules.Single().Verbs);
    }

    [Fact]
    public async Task Changing_only_finalizers_and_owner_references_is_not_checked()
    {
        using var granter = await GranterAsync(Rule(["patch"], ["roles"], Rbac));
        var ns = granter.Namespace;
        await Admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(Role("deleter", Rule(["delete"], ["pods"])), ns);
        var client = granter.Client.RbacAuthorizationV1;

        var finalized = await client.PatchNamespacedRoleAsync(new V1Patch("{\"metadata\":{\"finalizers\":[\"example.com/keep\"]}}", V1Patch.PatchType.MergePatch), "deleter", ns);
        Assert.Equal(["example.com/keep"], finalized.Metadata.Finalizers);
        Assert.Equal(granter.Escalation("roles", "deleter", "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"delete\"]}"), await ForbiddenAsync(() =>
            client.PatchNamespacedRoleAsync(new V1Patch("{\"metadata\":{\"labels\":{\"a\":\"b\"}}}", V1Patch.PatchType.MergePatch), "deleter", ns)));
        await Admin.RbacAuthorizationV1.PatchNamespacedRoleAsync(new V1Patch("{\"metadata\":{\"finalizers\":null}}", V1Patch.PatchType.MergePatch), "deleter", ns);
    }

    [Fact]
    public async Task The_masters_group_is_never_checked()
    {
        // A server of its own: without the cluster-admin binding the admin holds nothing through RBAC.
        await using var own = new TestServer();
        await own.InitializeAsync();
        var admin = own.Client.RbacAuthorizationV1;
        await admin.DeleteClusterRoleBindingAsync("cluster-admin");
        await own.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "masters" } });

        await admin.CreateNamespacedRoleAsync(Role("patcher", Rule(["patch"], ["pods"])), "masters");
        await admin.CreateNamespacedRoleBindingAsync(RoleBinding("patcher", "ClusterRole", "cluster-admin"), "masters");
        await admin.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "cluster-admin" },
            RoleRef = new V1RoleRef { ApiGroup = Rbac, Kind = "ClusterRole", Name = "cluster-admin" },
            Subjects = [new Rbacv1Subject { ApiGroup = Rbac, Kind = "Group", Name = "system:masters" }],
        });
        var aggregated = ClusterRole("aggregated");
        aggregated.AggregationRule = new V1AggregationRule { ClusterRoleSelectors = [new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["a"] = "b" } }] };
        await admin.CreateClusterRoleAsync(aggregated);
    }

    /// <summary>A ServiceAccount <c>granter</c> in a new namespace, bound there to a Role <c>granter</c> with these rules.</summary>
    private async Task<Granter> GranterAsync(params V1PolicyRule[] rules)
    {
        var ns = "esc-" + Guid.NewGuid().ToString("N")[..8];
        await Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await Admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "granter" } }, ns);
        await Admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(Role("granter", rules), ns);
        await Admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(RoleBinding("granter", "Role", "granter"), ns);

        var token = await Admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 3600 } }, "granter", ns);
        var client = new Kubernetes(new KubernetesClientConfiguration
        {
            Host = server.Server.Url.ToString(),
            AccessToken = token.Status.Token,
            SslCaCerts = [server.Server.Credentials.Authority.Certificate],
        });
        return new Granter(client, ns);
    }

    /// <summary>Replaces the rules of the granter's Role.</summary>
    private async Task GrantAsync(Granter granter, params V1PolicyRule[] rules)
    {
        var role = await Admin.RbacAuthorizationV1.ReadNamespacedRoleAsync("granter", granter.Namespace);
        role.Rules = rules;
        await Admin.RbacAuthorizationV1.ReplaceNamespacedRoleAsync(role, "granter", granter.Namespace);
    }

    /// <summary>Grants the granter these rules cluster-wide (a ClusterRole and ClusterRoleBinding named after its namespace).</summary>
    private async Task GrantClusterWideAsync(Granter granter, params V1PolicyRule[] rules)
    {
        var name = "granter-" + granter.Namespace;
        try
        {
            var existing = await Admin.RbacAuthorizationV1.ReadClusterRoleAsync(name);
            existing.Rules = rules;
            await Admin.RbacAuthorizationV1.ReplaceClusterRoleAsync(existing, name);
            return;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }

        await Admin.RbacAuthorizationV1.CreateClusterRoleAsync(ClusterRole(name, rules));
        await Admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = name },
            RoleRef = new V1RoleRef { ApiGroup = Rbac, Kind = "ClusterRole", Name = name },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "granter", NamespaceProperty = granter.Namespace }],
        });
    }

    private static V1PolicyRule Rule(string[] verbs, string[] resources, string group = "", string[]? names = null) =>
        new() { Verbs = verbs, ApiGroups = [group], Resources = resources, ResourceNames = names };

    private static V1Role Role(string name, params V1PolicyRule[] rules) => new() { Metadata = new V1ObjectMeta { Name = name }, Rules = rules };

    private static V1ClusterRole ClusterRole(string name, params V1PolicyRule[] rules) => new() { Metadata = new V1ObjectMeta { Name = name }, Rules = rules };

    private static V1RoleBinding RoleBinding(string name, string kind, string role, string serviceAccount = "granter") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        RoleRef = new V1RoleRef { ApiGroup = Rbac, Kind = kind, Name = role },
        Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = serviceAccount }],
    };

    /// <summary>The message of the 403 the call ends in.</summary>
    private static async Task<string> ForbiddenAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.True(error.Response.StatusCode == HttpStatusCode.Forbidden, error.Response.Content);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("Forbidden", (string?)status["reason"]);
        return Message(error);
    }

    private static async Task AssertMissingAsync(Func<Task> read)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(read);
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    private static string Message(HttpOperationException error) => (string)JsonNode.Parse(error.Response.Content)!["message"]!;

    /// <summary>The granter's client and namespace.</summary>
    private sealed record Granter(Kubernetes Client, string Namespace) : IDisposable
    {
        /// <summary>Kubernetes' 403 message for the granter writing <paramref name="resource"/> <paramref name="name"/>.</summary>
        public string Escalation(string resource, string name, params string[] missing) =>
            $"{resource}.rbac.authorization.k8s.io \"{name}\" is forbidden: user \"system:serviceaccount:{Namespace}:granter\" "
            + $"(groups=[\"system:serviceaccounts\" \"system:serviceaccounts:{Namespace}\" \"system:authenticated\"]) "
            + "is attempting to grant RBAC permissions not currently held:\n" + string.Join("\n", missing);

        public void Dispose() => Client.Dispose();
    }
}
