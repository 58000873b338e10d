using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// The default ClusterRoles and ClusterRoleBindings the server creates at startup, as Kubernetes'
/// bootstrappolicy (labelled kubernetes.io/bootstrapping=rbac-defaults, annotated autoupdate=true):
/// cluster-admin for system:masters; system:discovery and system:basic-user for system:authenticated
/// (discovery, SelfSubjectAccessReview/RulesReview/SelfSubjectReview); system:public-info-viewer for
/// system:authenticated and system:unauthenticated (/healthz, /livez, /readyz, /version);
/// system:service-account-issuer-discovery for system:serviceaccounts (OIDC discovery).
/// </summary>
public static class BootstrapPolicy
{
    private const string RbacApiVersion = "rbac.authorization.k8s.io/v1";

    /// <summary>New objects on each call: the ClusterRoles, then the ClusterRoleBindings.</summary>
    public static IReadOnlyList<JsonObject> Objects() => [.. ClusterRoles(), .. ClusterRoleBindings()];

    public static IReadOnlyList<JsonObject> ClusterRoles() =>
    [
        ClusterRole("cluster-admin",
            Rule(["*"], apiGroups: ["*"], resources: ["*"]),
            Rule(["*"], nonResourceUrls: ["*"])),
        ClusterRole("system:discovery",
            Rule(["get"], nonResourceUrls: ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])),
        ClusterRole("system:basic-user",
            Rule(["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
            Rule(["create"], apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"])),
        ClusterRole("system:public-info-viewer",
            Rule(["get"], nonResourceUrls: ["/healthz", "/livez", "/readyz", "/version", "/version/"])),
        ClusterRole("system:service-account-issuer-discovery",
            Rule(["get"], nonResourceUrls: ["/.well-known/openid-configuration", "/.well-known/openid-configuration/", "/openid/v1/jwks", "/openid/v1/jwks/"])),
    ];

    public static IReadOnlyList<JsonObject> ClusterRoleBindings() =>
    [
        ClusterRoleBinding("cluster-admin", KnownGroups.Masters),
        ClusterRoleBinding("system:basic-user", KnownGroups.Authenticated),
        ClusterRoleBinding("system:discovery", KnownGroups.Authenticated),
        ClusterRoleBinding("system:public-info-viewer", KnownGroups.Authenticated, KnownGroups.Unauthenticated),
        ClusterRoleBinding("system:service-account-issuer-discovery", KnownGroups.ServiceAccounts),
    ];

    private static JsonObject ClusterRole(string name, params PolicyRule[] rules) => new()
    {
        ["apiVersion"] = RbacApiVersion,
        ["kind"] = "ClusterRole",
        ["metadata"] = Metadata(name),
        ["rules"] = new JsonArray([.. rules.Select(r => (JsonNode?)r.ToJson())]),
    };

    private static JsonObject ClusterRoleBinding(string name, params string[] groups) => new()
    {
        ["apiVersion"] = RbacApiVersion,
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = Metadata(name),
        ["roleRef"] = new JsonObject
        {
            ["apiGroup"] = "rbac.authorization.k8s.io",
            ["kind"] = "ClusterRole",
            ["name"] = name,
        },
        ["subjects"] = new JsonArray([.. groups.Select(g => (JsonNode?)new JsonObject
        {
            ["apiGroup"] = "rbac.authorization.k8s.io",
            ["kind"] = "Group",
            ["name"] = g,
        })]),
    };

    private static JsonObject Metadata(string name) => new()
    {
        ["name"] = name,
        ["labels"] = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" },
        ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
    };

    private static PolicyRule Rule(
        IReadOnlyList<string> verbs,
        IReadOnlyList<string>? apiGroups = null,
        IReadOnlyList<string>? resources = null,
        IReadOnlyList<string>? nonResourceUrls = null) =>
        new(verbs, apiGroups ?? [], resources ?? [], [], nonResourceUrls ?? []);
}
