using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Matching;

/// <summary>
/// A parsed label selector with Kubernetes' <c>metav1.LabelSelectorAsSelector</c> semantics: a null selector matches
/// nothing, an empty one matches everything, otherwise every requirement must hold.
/// </summary>
public sealed record LabelSelector(bool MatchesNothing, IReadOnlyList<LabelRequirement> Requirements)
{
    public static LabelSelector Nothing { get; } = new(true, []);

    public static LabelSelector Everything { get; } = new(false, []);

    /// <summary>No requirement and not "nothing": <c>selector.Empty()</c>.</summary>
    public bool IsEmpty => !MatchesNothing && Requirements.Count == 0;

    public static LabelSelector From(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return Nothing;
        }

        var requirements = new List<LabelRequirement>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            requirements.Add(new LabelRequirement(key, "In", [value]));
        }

        foreach (var expression in selector.MatchExpressions ?? [])
        {
            requirements.Add(new LabelRequirement(expression.Key, expression.OperatorProperty, expression.Values?.ToList() ?? []));
        }

        return new LabelSelector(false, requirements);
    }

    /// <summary>A selector requiring every label of <paramref name="set"/> (<c>labels.Set.AsSelector</c>); empty set, empty selector.</summary>
    public static LabelSelector FromSet(IEnumerable<KeyValuePair<string, string>> set) =>
        new(false, set.Select(p => new LabelRequirement(p.Key, "In", [p.Value])).ToList());

    public LabelSelector With(IEnumerable<LabelRequirement> more) =>
        MatchesNothing ? this : this with { Requirements = [.. Requirements, .. more] };

    public bool Matches(IDictionary<string, string>? labels)
    {
        if (MatchesNothing)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        return Requirements.All(r => r.Matches(labels));
    }
}
