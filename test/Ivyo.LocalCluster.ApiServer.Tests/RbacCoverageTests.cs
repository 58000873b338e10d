using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Auth;

namespace Ivyo.LocalCluster.ApiServer.Tests;

/// <summary>
/// The rule comparison behind privilege-escalation prevention (<see cref="RbacAuthorizer.ConfirmNoEscalation"/>), on
/// policy snapshots without a server: the cases of Kubernetes' policy_comparator_test.go that the HTTP tests leave out.
/// </summary>
public sealed class RbacCoverageTests
{
    private static readonly UserInfo s_user = new("alice", ["devs", KnownGroups.Authenticated]);

    [Theory]
    [InlineData("/healthz", "/healthz", true)]
    [InlineData("/logs/*", "/logs/kubelet/x", true)]
    [InlineData("/logs*", "/logsx", true)]
    [InlineData("*", "/anything", true)]
    [InlineData("/logs/*", "/logs", false)]
    [InlineData("/healthz", "/healthz/ping", false)]
    public void A_held_url_covers_itself_or_what_its_star_prefix_starts(string held, string granted, bool covered)
    {
        var authorizer = Holding(new PolicyRule(["get"], [], [], [], [held]));
        var error = authorizer.ConfirmNoEscalation(s_user, "", [new PolicyRule(["get"], [], [], [], [granted])]);
        Assert.Equal(covered, error is null);
    }

    [Fact]
    public void Star_verbs_are_covered_only_by_star()
    {
        var authorizer = Holding(new PolicyRule(["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"], [""], ["pods"], [], []));
        Assert.Null(authorizer.ConfirmNoEscalation(s_user, "ns", [new PolicyRule(["get", "delete"], [""], ["pods"], [], [])]));
        Assert.Equal(
            "user \"alice\" (groups=[\"devs\" \"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
            + "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"*\"]}",
            authorizer.ConfirmNoEscalation(s_user, "ns", [new PolicyRule(["*"], [""], ["pods"], [], [])]));
    }

    [Fact]
    public void Missing_pieces_of_several_rules_merge_by_resource()
    {
        var authorizer = Holding(new PolicyRule(["get"], [""], ["pods"], [], []));
        var error = authorizer.ConfirmNoEscalation(s_user, "ns",
        [
            new PolicyRule(["get", "list"], [""], ["pods"], [], []),
            new PolicyRule(["watch", "list"], [""], ["pods"], [], []),
            new PolicyRule(["get"], [], [], [], ["/metrics", "/healthz"]),
        ]);
        Assert.Equal(
            "user \"alice\" (groups=[\"devs\" \"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
            + "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"list\" \"watch\"]}\n"
            + "{NonResourceURLs:[\"/healthz\"], Verbs:[\"get\"]}\n"
            + "{NonResourceURLs:[\"/metrics\"], Verbs:[\"get\"]}",
            error);
    }

    [Fact]
    public void Rules_held_in_another_namespace_do_not_count()
    {
        var policy = RbacPolicySnapshot.Create(
        [
            Role("ns-a", "editor", new PolicyRule(["*"], ["*"], ["*"], [], [])),
            Binding("ns-a", "Role", "editor"),
        ]);
        var authorizer = new RbacAuthorizer(policy);
        var grant = new PolicyRule(["get"], [""], ["pods"], [], []);
        Assert.Null(authorizer.ConfirmNoEscalation(s_user, "ns-a", [grant]));
        Assert.NotNull(authorizer.ConfirmNoEscalation(s_user, "ns-b", [grant]));
        Assert.NotNull(authorizer.ConfirmNoEscalation(s_user, "", [grant]));
    }

    [Fact]
    public void A_role_reference_resolves_in_the_binding_s_namespace()
    {
        var authorizer = new RbacAuthorizer(RbacPolicySnapshot.Create([Role("ns-a", "r", new PolicyRule(["get"], [""], ["pods"], [], []))]));
        Assert.True(authorizer.RoleReferenceRules("Role", "r", "ns-a").Found);
        var missing = authorizer.RoleReferenceRules("Role", "r", "ns-b");
        Assert.Equal(RoleLookupFailure.NotFound, missing.Failure);
        Assert.Equal("roles.rbac.authorization.k8s.io \"r\" not found", missing.RegistryError);
        Assert.Equal("clusterroles.rbac.authorization.k8s.io \"r\" not found", authorizer.RoleReferenceRules("ClusterRole", "r", "").RegistryError);
        Assert.Equal("unsupported role reference kind: \"Group\"", authorizer.RoleReferenceRules("Group", "r", "").RegistryError);
    }

    /// <summary>An authorizer under which alice holds <paramref name="rules"/> cluster-wide.</summary>
    private static RbacAuthorizer Holding(params PolicyRule[] rules) => new(RbacPolicySnapshot.Create(
    [
        new JsonObject
        {
            ["kind"] = "ClusterRole",
            ["metadata"] = new JsonObject { ["name"] = "held" },
            ["rules"] = new JsonArray([.. rules.Select(r => (JsonNode)r.ToJson())]),
        },
        new JsonObject
        {
            ["kind"] = "ClusterRoleBinding",
            ["metadata"] = new JsonObject { ["name"] = "held" },
            ["roleRef"] = new JsonObject { ["kind"] = "ClusterRole", ["name"] = "held" },
            ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "User", ["name"] = "alice" }),
        },
    ]));

    private static JsonObject Role(string ns, string name, params PolicyRule[] rules) => new()
    {
        ["kind"] = "Role",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["rules"] = new JsonArray([.. rules.Select(r => (JsonNode)r.ToJson())]),
    };

    private static JsonObject Binding(string ns, string kind, string role) => new()
    {
        ["kind"] = "RoleBinding",
        ["metadata"] = new JsonObject { ["name"] = "b", ["namespace"] = ns },
        ["roleRef"] = new JsonObject { ["kind"] = kind, ["name"] = role },
        ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "User", ["name"] = "alice" }),
    };
}
