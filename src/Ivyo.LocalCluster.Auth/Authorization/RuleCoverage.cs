namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// Whether one set of rules grants everything another does, as Kubernetes' rbac validation (policy_comparator.go and
/// policy_compact.go) decides it for escalation checks. A granted rule is broken down into one rule per API group,
/// resource, verb and resource name (and per non-resource URL and verb); each piece must be covered by a single held
/// rule: its verb (or <c>*</c>), its API group (or <c>*</c>), its resource (<c>*</c>, the same string, or for
/// <c>pods/exec</c> also <c>*/exec</c>; neither <c>pods</c> nor <c>pods/*</c> covers <c>pods/exec</c>), its resource
/// name (a held rule without resourceNames covers every name, one with names only those), and its URL (exact, or a
/// held prefix ending in <c>*</c>).
/// </summary>
internal static class RuleCoverage
{
    private const string All = "*";

    /// <summary>Kubernetes' Covers: the broken-down pieces of <paramref name="granted"/> that no held rule covers.</summary>
    public static IReadOnlyList<PolicyRule> Uncovered(IReadOnlyList<PolicyRule> held, IReadOnlyList<PolicyRule> granted) =>
        [.. granted.SelectMany(Breakdown).Where(piece => !held.Any(owner => Covers(owner, piece)))];

    /// <summary>Kubernetes' BreakdownRule: one rule per group, resource, verb (and name); one per URL and verb.</summary>
    public static IEnumerable<PolicyRule> Breakdown(PolicyRule rule)
    {
        foreach (var group in rule.ApiGroups)
        {
            foreach (var resource in rule.Resources)
            {
                foreach (var verb in rule.Verbs)
                {
                    if (rule.ResourceNames.Count > 0)
                    {
                        foreach (var name in rule.ResourceNames)
                        {
                            yield return new PolicyRule([verb], [group], [resource], [name], []);
                        }
                    }
                    else
                    {
                        yield return new PolicyRule([verb], [group], [resource], [], []);
                    }
                }
            }
        }

        // Non-resource URLs only combine with verbs.
        foreach (var url in rule.NonResourceUrls)
        {
            foreach (var verb in rule.Verbs)
            {
                yield return new PolicyRule([verb], [], [], [], [url]);
            }
        }
    }

    /// <summary>
    /// Kubernetes' CompactRules: pieces with one group and one resource (and at most one name) that differ only in
    /// their verbs become one rule with those verbs, in the order they came; other pieces stay as they are.
    /// </summary>
    public static IReadOnlyList<PolicyRule> Compact(IReadOnlyList<PolicyRule> rules)
    {
        var compacted = new List<PolicyRule>();
        var simple = new Dictionary<(string Group, string Resource, string? Name), List<string>>();
        var order = new List<(string Group, string Resource, string? Name)>();
        foreach (var rule in rules)
        {
            if (rule.ResourceNames.Count > 1 || rule.NonResourceUrls.Count > 0 || rule.ApiGroups.Count != 1 || rule.Resources.Count != 1)
            {
                compacted.Add(rule);
                continue;
            }

            var key = (rule.ApiGroups[0], rule.Resources[0], rule.ResourceNames.Count == 1 ? rule.ResourceNames[0] : null);
            if (!simple.TryGetValue(key, out var verbs))
            {
                simple[key] = verbs = [];
                order.Add(key);
            }

            verbs.AddRange(rule.Verbs.Where(verb => !verbs.Contains(verb, StringComparer.Ordinal)));
        }

        compacted.AddRange(order.Select(key =>
            new PolicyRule(simple[key], [key.Group], [key.Resource], key.Name is null ? [] : [key.Name], [])));
        return compacted;
    }

    /// <summary>Kubernetes' ruleCovers: whether <paramref name="owner"/> covers the broken-down <paramref name="piece"/>.</summary>
    private static bool Covers(PolicyRule owner, PolicyRule piece)
    {
        var verbs = Has(owner.Verbs, All) || HasAll(owner.Verbs, piece.Verbs);
        var groups = Has(owner.ApiGroups, All) || HasAll(owner.ApiGroups, piece.ApiGroups);
        var names = piece.ResourceNames.Count == 0
            ? owner.ResourceNames.Count == 0
            : owner.ResourceNames.Count == 0 || HasAll(owner.ResourceNames, piece.ResourceNames);
        return verbs && groups && ResourcesCover(owner.Resources, piece.Resources) && names
            && NonResourceUrlsCover(owner.NonResourceUrls, piece.NonResourceUrls);
    }

    private static bool ResourcesCover(IReadOnlyList<string> owner, IReadOnlyList<string> resources)
    {
        if (Has(owner, All) || HasAll(owner, resources))
        {
            return true;
        }

        foreach (var path in resources)
        {
            if (Has(owner, path))
            {
                continue;
            }

            // Not a subresource: nothing but * or the same string covers it.
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !Has(owner, "*/" + path[(slash + 1)..]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NonResourceUrlsCover(IReadOnlyList<string> owner, IReadOnlyList<string> urls) =>
        urls.All(path => owner.Any(ownerPath =>
            ownerPath == path || (ownerPath.EndsWith('*') && path.StartsWith(ownerPath.TrimEnd('*'), StringComparison.Ordinal))));

    private static bool Has(IReadOnlyList<string> set, string value) => set.Contains(value, StringComparer.Ordinal);

    private static bool HasAll(IReadOnlyList<string> set, IReadOnlyList<string> values) => values.All(value => Has(set, value));
}
