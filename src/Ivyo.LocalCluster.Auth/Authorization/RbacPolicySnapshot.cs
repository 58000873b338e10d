using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// An immutable index of the cluster's RBAC objects (rbac.authorization.k8s.io/v1 Role, ClusterRole,
/// RoleBinding, ClusterRoleBinding as stored). Other kinds are ignored, so the server may pass
/// everything it lists. A ClusterRole's rules are read as stored: aggregation (aggregationRule)
/// is the job of the controller that writes the aggregated rules, as in Kubernetes.
/// </summary>
public sealed class RbacPolicySnapshot
{
    private readonly Dictionary<string, IReadOnlyList<PolicyRule>> _clusterRoles;
    private readonly Dictionary<(string Namespace, string Name), IReadOnlyList<PolicyRule>> _roles;
    private readonly List<RbacBinding> _clusterRoleBindings;
    private readonly Dictionary<string, List<RbacBinding>> _roleBindings;

    private RbacPolicySnapshot(IEnumerable<JsonObject> objects)
    {
        _clusterRoles = new(StringComparer.Ordinal);
        _roles = [];
        _clusterRoleBindings = [];
        _roleBindings = new(StringComparer.Ordinal);
        foreach (var item in objects)
        {
            if (!IsRbac(item))
            {
                continue;
            }

            var metadata = item["metadata"] as JsonObject;
            var name = metadata is null ? "" : Text(metadata, "name");
            var ns = metadata is null ? "" : Text(metadata, "namespace");
            switch (Text(item, "kind"))
            {
                case "ClusterRole":
                    _clusterRoles[name] = Rules(item);
                    break;
                case "Role":
                    _roles[(ns, name)] = Rules(item);
                    break;
                case "ClusterRoleBinding":
                    _clusterRoleBindings.Add(Binding(item, "", name));
                    break;
                case "RoleBinding" when ns.Length > 0:
                    if (!_roleBindings.TryGetValue(ns, out var bindings))
                    {
                        _roleBindings[ns] = bindings = [];
                    }

                    bindings.Add(Binding(item, ns, name));
                    break;
                default:
                    break;
            }
        }

        // Kubernetes lists from a cache in no particular order; by name keeps reasons reproducible.
        _clusterRoleBindings.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var list in _roleBindings.Values)
        {
            list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        }
    }

    public static RbacPolicySnapshot Empty { get; } = new([]);

    public static RbacPolicySnapshot Create(IEnumerable<JsonObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return new(objects);
    }

    internal IReadOnlyList<RbacBinding> ClusterRoleBindings => _clusterRoleBindings;

    internal IReadOnlyList<RbacBinding> RoleBindingsIn(string @namespace) =>
        _roleBindings.TryGetValue(@namespace, out var bindings) ? bindings : [];

    /// <summary>Kubernetes' GetRoleReferenceRules: the rules, or the error message the authorizer reports.</summary>
    internal (IReadOnlyList<PolicyRule> Rules, string? Error) RoleRules(RbacBinding binding)
    {
        var lookup = LookUpRole(binding.RoleKind, binding.RoleName, binding.Namespace);
        return lookup.Found ? (lookup.Rules, null) : ([], lookup.ListerError);
    }

    /// <summary>
    /// The rules of the role a binding in <paramref name="bindingNamespace"/> ("" for a ClusterRoleBinding) refers to
    /// as <paramref name="kind"/> and <paramref name="name"/>.
    /// </summary>
    public RoleLookup LookUpRole(string kind, string name, string bindingNamespace)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(bindingNamespace);
        return kind switch
        {
            "ClusterRole" => _clusterRoles.TryGetValue(name, out var rules)
                ? RoleLookup.Of(rules, "clusterroles", name)
                : RoleLookup.Missing("clusterroles", name),
            "Role" => _roles.TryGetValue((bindingNamespace, name), out var rules)
                ? RoleLookup.Of(rules, "roles", name)
                : RoleLookup.Missing("roles", name),
            _ => RoleLookup.Unsupported(kind, name),
        };
    }

    private static bool IsRbac(JsonObject item)
    {
        var apiVersion = Text(item, "apiVersion");
        return apiVersion.Length == 0 || apiVersion.StartsWith("rbac.authorization.k8s.io/", StringComparison.Ordinal);
    }

    private static IReadOnlyList<PolicyRule> Rules(JsonObject role) => role["rules"] is JsonArray rules
        ? [.. rules.OfType<JsonObject>().Select(PolicyRule.FromJson)]
        : [];

    private static RbacBinding Binding(JsonObject binding, string ns, string name)
    {
        var roleRef = binding["roleRef"] as JsonObject;
        var subjects = binding["subjects"] is JsonArray array
            ? array.OfType<JsonObject>().Select(s => new RbacSubject(Text(s, "kind"), Text(s, "name"), Text(s, "namespace"))).ToList()
            : [];
        return new RbacBinding(ns, name, roleRef is null ? "" : Text(roleRef, "kind"), roleRef is null ? "" : Text(roleRef, "name"), subjects);
    }

    private static string Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : "";
}
