using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Matching;

/// <summary>
/// A pod (anti-)affinity term as kube-scheduler's <c>framework.AffinityTerm</c>: it matches a pod whose namespace is in
/// <see cref="Namespaces"/> (the owner's namespace when the term names none and has no namespaceSelector) or whose
/// namespace's labels match <see cref="NamespaceSelector"/> (<c>{}</c> is every namespace), and whose labels match
/// <see cref="Selector"/> (a missing labelSelector matches nothing).
/// </summary>
public sealed record AffinityTerm(IReadOnlySet<string> Namespaces, LabelSelector NamespaceSelector, LabelSelector Selector, string TopologyKey, int Weight = 0)
{
    public static AffinityTerm From(V1Pod owner, V1PodAffinityTerm term, int weight = 0)
    {
        var namespaces = (term.Namespaces ?? []).ToHashSet(StringComparer.Ordinal);
        if (namespaces.Count == 0 && term.NamespaceSelector is null)
        {
            namespaces.Add(owner.Metadata?.NamespaceProperty ?? "default");
        }

        return new AffinityTerm(namespaces, LabelSelector.From(term.NamespaceSelector), LabelSelector.From(term.LabelSelector), term.TopologyKey ?? "", weight);
    }

    /// <summary>The pod's required affinity terms.</summary>
    public static IReadOnlyList<AffinityTerm> RequiredAffinity(V1Pod pod) =>
        (pod.Spec?.Affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => From(pod, t)).ToList();

    /// <summary>The pod's required anti-affinity terms.</summary>
    public static IReadOnlyList<AffinityTerm> RequiredAntiAffinity(V1Pod pod) =>
        (pod.Spec?.Affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => From(pod, t)).ToList();

    /// <summary>The pod's preferred affinity terms with their weights.</summary>
    public static IReadOnlyList<AffinityTerm> PreferredAffinity(V1Pod pod) =>
        (pod.Spec?.Affinity?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => From(pod, t.PodAffinityTerm, t.Weight)).ToList();

    /// <summary>The pod's preferred anti-affinity terms with their weights.</summary>
    public static IReadOnlyList<AffinityTerm> PreferredAntiAffinity(V1Pod pod) =>
        (pod.Spec?.Affinity?.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Select(t => From(pod, t.PodAffinityTerm, t.Weight)).ToList();

    /// <summary>Whether <paramref name="pod"/>, whose namespace has <paramref name="namespaceLabels"/>, matches the term.</summary>
    public bool Matches(V1Pod pod, IDictionary<string, string> namespaceLabels) =>
        (Namespaces.Contains(pod.Metadata?.NamespaceProperty ?? "default") || NamespaceSelector.Matches(namespaceLabels))
        && Selector.Matches(pod.Metadata?.Labels);
}
