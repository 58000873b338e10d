using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Auth;

namespace Ivyo.LocalCluster.Auth.Tests;

/// <summary>RBAC objects as the API server stores them, and users.</summary>
internal static class Rbac
{
    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    public static JsonObject ClusterRole(string name, string rulesJson) => Parse($$"""
        {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"{{name}}"},"rules":{{rulesJson}}}
        """);

    public static JsonObject Role(string ns, string name, string rulesJson) => Parse($$"""
        {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"{{name}}","namespace":"{{ns}}"},"rules":{{rulesJson}}}
        """);

    public static JsonObject ClusterRoleBinding(string name, string roleName, string subjectsJson) => Parse($$"""
        {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"{{name}}"},
         "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"{{roleName}}"},"subjects":{{subjectsJson}}}
        """);

    public static JsonObject RoleBinding(string ns, string name, string roleKind, string roleName, string subjectsJson) => Parse($$"""
        {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"{{name}}","namespace":"{{ns}}"},
         "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"{{roleKind}}","name":"{{roleName}}"},"subjects":{{subjectsJson}}}
        """);

    public static string UserSubject(string name) => $$"""[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"{{name}}"}]""";

    public static RbacAuthorizer Authorizer(params JsonObject[] objects) => new(RbacPolicySnapshot.Create(objects));

    public static UserInfo User(string name, params string[] groups) => new(name, [.. groups, KnownGroups.Authenticated]);

    public static UserInfo ServiceAccount(string ns, string name) =>
        new(KnownUsers.ServiceAccount(ns, name), [KnownGroups.ServiceAccounts, KnownGroups.ServiceAccountsIn(ns), KnownGroups.Authenticated]);
}
