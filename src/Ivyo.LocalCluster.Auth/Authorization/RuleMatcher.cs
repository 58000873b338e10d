namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// Kubernetes' rbac.RuleAllows: a resource request needs the verb, the API group, the resource
/// (<c>*</c>, the exact <c>resource</c> or <c>resource/subresource</c>, or <c>*/subresource</c>;
/// <c>resource/*</c> is not a wildcard in Kubernetes) and, when the rule lists resourceNames, the
/// request's name among them (so a nameless request such as list or create never matches such a
/// rule); a non-resource request needs the verb and the path (<c>*</c>, exact, or a prefix ending in <c>*</c>).
/// </summary>
internal static class RuleMatcher
{
    private const string All = "*";

    public static bool Allows(PolicyRule rule, RequestAttributes request)
    {
        if (!VerbMatches(rule, request.Verb))
        {
            return false;
        }

        if (!request.IsResourceRequest)
        {
            return NonResourceUrlMatches(rule, request.Path);
        }

        var combined = request.Subresource.Length > 0 ? request.Resource + "/" + request.Subresource : request.Resource;
        return ApiGroupMatches(rule, request.ApiGroup)
            && ResourceMatches(rule, combined, request.Subresource)
            && ResourceNameMatches(rule, request.Name);
    }

    private static bool VerbMatches(PolicyRule rule, string verb) =>
        rule.Verbs.Any(v => v == All || v == verb);

    private static bool ApiGroupMatches(PolicyRule rule, string group) =>
        rule.ApiGroups.Any(g => g == All || g == group);

    private static bool ResourceMatches(PolicyRule rule, string combinedResource, string subresource)
    {
        foreach (var resource in rule.Resources)
        {
            if (resource == All || resource == combinedResource)
            {
                return true;
            }

            if (subresource.Length > 0
                && resource.Length == subresource.Length + 2
                && resource.StartsWith("*/", StringComparison.Ordinal)
                && resource.EndsWith(subresource, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ResourceNameMatches(PolicyRule rule, string name) =>
        rule.ResourceNames.Count == 0 || rule.ResourceNames.Any(n => n == name);

    private static bool NonResourceUrlMatches(PolicyRule rule, string path)
    {
        foreach (var url in rule.NonResourceUrls)
        {
            if (url == All || url == path)
            {
                return true;
            }

            if (url.EndsWith('*') && path.StartsWith(url.TrimEnd('*'), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
