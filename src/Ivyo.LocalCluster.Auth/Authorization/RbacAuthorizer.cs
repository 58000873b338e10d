using System.Text;

namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// Kubernetes' authorizer chain for this cluster: the <c>system:masters</c> group is allowed everything
/// (the privileged-group authorizer), then RBAC: every ClusterRoleBinding whose subjects include the user
/// grants its role's rules everywhere; every RoleBinding of the request's namespace grants its Role's
/// or ClusterRole's rules in that namespace only. The first matching rule allows.
/// </summary>
public sealed class RbacAuthorizer(RbacPolicySnapshot policy)
{
    public AuthorizationDecision Authorize(RequestAttributes request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.User.IsInGroup(KnownGroups.Masters))
        {
            return AuthorizationDecision.Allow("");
        }

        var errors = new List<string>();
        foreach (var binding in ApplicableBindings(request.User, request.Namespace))
        {
            var (rules, error) = policy.RoleRules(binding.Binding);
            if (error is not null)
            {
                errors.Add(error);
                continue;
            }

            foreach (var rule in rules)
            {
                if (RuleMatcher.Allows(rule, request))
                {
                    return AuthorizationDecision.Allow("RBAC: allowed by " + binding.Binding.Describe(binding.Subject));
                }
            }
        }

        return AuthorizationDecision.Deny(errors.Count > 0 ? "RBAC: " + Aggregate(errors) : "");
    }

    /// <summary>The rules <paramref name="user"/> has in <paramref name="namespace"/> ("" for cluster-wide only).</summary>
    public SubjectRules RulesFor(UserInfo user, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(user);
        var resourceRules = new List<ResourceRuleInfo>();
        var nonResourceRules = new List<NonResourceRuleInfo>();
        if (user.IsInGroup(KnownGroups.Masters))
        {
            resourceRules.Add(new ResourceRuleInfo(["*"], ["*"], ["*"], []));
            nonResourceRules.Add(new NonResourceRuleInfo(["*"], ["*"]));
        }

        var errors = new List<string>();
        foreach (var binding in ApplicableBindings(user, @namespace))
        {
            var (rules, error) = policy.RoleRules(binding.Binding);
            if (error is not null)
            {
                errors.Add(error);
                continue;
            }

            foreach (var rule in rules)
            {
                if (rule.Resources.Count > 0)
                {
                    resourceRules.Add(new ResourceRuleInfo(rule.Verbs, rule.ApiGroups, rule.Resources, rule.ResourceNames));
                }

                if (rule.NonResourceUrls.Count > 0)
                {
                    nonResourceRules.Add(new NonResourceRuleInfo(rule.Verbs, rule.NonResourceUrls));
                }
            }
        }

        return new SubjectRules(resourceRules, nonResourceRules, false, Aggregate(errors));
    }

    /// <summary>
    /// Kubernetes' GetRoleReferenceRules: the rules of the role a binding in <paramref name="bindingNamespace"/>
    /// ("" for a ClusterRoleBinding) refers to.
    /// </summary>
    public RoleLookup RoleReferenceRules(string kind, string name, string bindingNamespace) =>
        policy.LookUpRole(kind, name, bindingNamespace);

    /// <summary>
    /// Kubernetes' ConfirmNoEscalation: null when the rules <paramref name="user"/> holds in <paramref name="namespace"/>
    /// ("" for cluster-wide only: ClusterRoleBindings) cover every one of <paramref name="rules"/>; otherwise the error,
    /// <c>user "u" (groups=["g1" "g2"]) is attempting to grant RBAC permissions not currently held:</c> and one line
    /// per missing rule, compacted and sorted, then <c>; resolution errors: [...]</c> when a binding's role is missing.
    /// The superuser group is not consulted here: callers let <c>system:masters</c> through before asking.
    /// </summary>
    public string? ConfirmNoEscalation(UserInfo user, string @namespace, IReadOnlyList<PolicyRule> rules)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(rules);
        var held = new List<PolicyRule>();
        var errors = new List<string>();
        foreach (var (binding, _) in ApplicableBindings(user, @namespace))
        {
            var role = policy.LookUpRole(binding.RoleKind, binding.RoleName, binding.Namespace);
            if (role.Found)
            {
                held.AddRange(role.Rules);
            }
            else
            {
                errors.Add(role.RegistryError);
            }
        }

        var missing = RuleCoverage.Uncovered(held, rules);
        if (missing.Count == 0)
        {
            return null;
        }

        var descriptions = RuleCoverage.Compact(missing)
            .Select(rule => rule.ToCompactString())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var message = $"user {GoQuote.Quote(user.Name)} (groups={PolicyRule.GoQuoteList(user.Groups)}) is attempting to grant RBAC permissions not currently held:\n"
            + string.Join("\n", descriptions);
        return errors.Count > 0 ? message + "; resolution errors: [" + Aggregate(errors) + "]" : message;
    }

    /// <summary>
    /// The message of Kubernetes' 403 Status, e.g. <c>pods "hippo-0" is forbidden: User "u" cannot get resource
    /// "pods" in API group "" in the namespace "ns"</c>; <paramref name="reason"/> (a denial's reason) is appended
    /// after ": " when not empty.
    /// </summary>
    public static string ForbiddenMessage(RequestAttributes request, string reason = "")
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = GoQuote.Quote(request.User.Name);
        string message;
        if (!request.IsResourceRequest)
        {
            message = $"User {user} cannot {request.Verb} path {GoQuote.Quote(request.Path)}";
        }
        else
        {
            var resource = request.Subresource.Length > 0 ? request.Resource + "/" + request.Subresource : request.Resource;
            message = request.Namespace.Length > 0
                ? $"User {user} cannot {request.Verb} resource {GoQuote.Quote(resource)} in API group {GoQuote.Quote(request.ApiGroup)} in the namespace {GoQuote.Quote(request.Namespace)}"
                : $"User {user} cannot {request.Verb} resource {GoQuote.Quote(resource)} in API group {GoQuote.Quote(request.ApiGroup)} at the cluster scope";
        }

        // Kubernetes avoids messages that look like HTML.
        message = new StringBuilder(message).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").ToString();
        if (reason.Length > 0)
        {
            message += ": " + reason;
        }

        // apierrors.NewForbidden: the group-qualified resource (without subresource) and the name.
        var groupResource = request.IsResourceRequest
            ? (request.ApiGroup.Length > 0 ? request.Resource + "." + request.ApiGroup : request.Resource)
            : "";
        if (groupResource.Length == 0)
        {
            return "forbidden: " + message;
        }

        return request.Name.Length > 0
            ? $"{groupResource} {GoQuote.Quote(request.Name)} is forbidden: {message}"
            : $"{groupResource} is forbidden: {message}";
    }

    /// <summary>Kubernetes' VisitRulesFor order: ClusterRoleBindings, then the namespace's RoleBindings.</summary>
    private IEnumerable<(RbacBinding Binding, RbacSubject Subject)> ApplicableBindings(UserInfo user, string @namespace)
    {
        foreach (var binding in policy.ClusterRoleBindings)
        {
            if (binding.Subjects.FirstOrDefault(s => s.AppliesTo(user, "")) is { } subject)
            {
                yield return (binding, subject);
            }
        }

        if (@namespace.Length == 0)
        {
            yield break;
        }

        foreach (var binding in policy.RoleBindingsIn(@namespace))
        {
            if (binding.Subjects.FirstOrDefault(s => s.AppliesTo(user, @namespace)) is { } subject)
            {
                yield return (binding, subject);
            }
        }
    }

    /// <summary>utilerrors.NewAggregate(...).Error(): one message as is, several deduplicated in brackets.</summary>
    private static string Aggregate(List<string> errors)
    {
        if (errors.Count <= 1)
        {
            return errors.Count == 0 ? "" : errors[0];
        }

        var distinct = errors.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? distinct[0] : "[" + string.Join(", ", distinct) + "]";
    }
}
