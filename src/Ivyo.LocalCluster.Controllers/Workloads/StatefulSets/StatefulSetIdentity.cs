using System.Globalization;
using Ivyo.LocalCluster.Controllers.Common;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Workloads.StatefulSets;

/// <summary>
/// A StatefulSet pod's stable identity, as pkg/controller/statefulset/stateful_set_utils.go builds it: the name
/// <c>&lt;set&gt;-&lt;ordinal&gt;</c>, the labels <c>statefulset.kubernetes.io/pod-name</c>,
/// <c>apps.kubernetes.io/pod-index</c> and <c>controller-revision-hash</c>, hostname and subdomain, and one claim
/// <c>&lt;template&gt;-&lt;set&gt;-&lt;ordinal&gt;</c> per volumeClaimTemplate.
/// </summary>
internal static class StatefulSetIdentity
{
    public const string PodNameLabel = "statefulset.kubernetes.io/pod-name";
    public const string PodIndexLabel = "apps.kubernetes.io/pod-index";
    public const string RevisionLabel = "controller-revision-hash";

    /// <summary>The ordinal of <paramref name="pod"/> in <paramref name="set"/>, or -1 if its name is not <c>&lt;set&gt;-&lt;n&gt;</c>.</summary>
    public static int Ordinal(V1StatefulSet set, V1Pod pod)
    {
        var prefix = set.Metadata.Name + "-";
        var name = pod.Metadata.Name ?? "";
        return name.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
            && ordinal.ToString(CultureInfo.InvariantCulture) == name[prefix.Length..]
            ? ordinal
            : -1;
    }

    /// <summary>The first ordinal (<c>spec.ordinals.start</c>, 0 by default).</summary>
    public static int StartOrdinal(V1StatefulSet set) => set.Spec.Ordinals?.Start ?? 0;

    /// <summary>The pod's name for <paramref name="ordinal"/>.</summary>
    public static string PodName(V1StatefulSet set, int ordinal) => $"{set.Metadata.Name}-{ordinal.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The claim name of <paramref name="template"/> for <paramref name="ordinal"/>.</summary>
    public static string ClaimName(V1StatefulSet set, V1PersistentVolumeClaim template, int ordinal) =>
        $"{template.Metadata.Name}-{set.Metadata.Name}-{ordinal.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The revision label of <paramref name="pod"/>, or empty.</summary>
    public static string Revision(V1Pod pod) =>
        pod.Metadata.Labels is { } labels && labels.TryGetValue(RevisionLabel, out var revision) ? revision : "";

    /// <summary>A new pod for <paramref name="ordinal"/> from <paramref name="set"/>'s template at <paramref name="revision"/>.</summary>
    public static V1Pod NewPod(V1StatefulSet set, int ordinal, string revision)
    {
        var template = ObjectCopies.Copy(set.Spec.Template);
        var name = PodName(set, ordinal);
        var labels = template.Metadata?.Labels is { } l ? new Dictionary<string, string>(l) : [];
        labels[PodNameLabel] = name;
        labels[PodIndexLabel] = ordinal.ToString(CultureInfo.InvariantCulture);
        labels[RevisionLabel] = revision;
        var spec = template.Spec;
        spec.Hostname = name;
        if (!string.IsNullOrEmpty(set.Spec.ServiceName))
        {
            spec.Subdomain = set.Spec.ServiceName;
        }

        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = set.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = template.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a) : null,
                Finalizers = template.Metadata?.Finalizers,
                OwnerReferences = [OwnerReferences.ControllerOf(set, "apps/v1", "StatefulSet")],
            },
            Spec = spec,
        };
        UpdateStorage(set, pod, ordinal);
        return pod;
    }

    /// <summary>Points the pod's volumes of each claim template at the ordinal's claim (<c>updateStorage</c>).</summary>
    private static void UpdateStorage(V1StatefulSet set, V1Pod pod, int ordinal)
    {
        var templates = set.Spec.VolumeClaimTemplates ?? [];
        if (templates.Count == 0)
        {
            return;
        }

        var volumes = new List<V1Volume>();
        foreach (var template in templates)
        {
            volumes.Add(new V1Volume
            {
                Name = template.Metadata.Name,
                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = ClaimName(set, template, ordinal) },
            });
        }

        var names = templates.Select(t => t.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        volumes.AddRange((pod.Spec.Volumes ?? []).Where(v => !names.Contains(v.Name)));
        pod.Spec.Volumes = volumes;
    }

    /// <summary>The claims <paramref name="ordinal"/> needs (<c>getPersistentVolumeClaims</c>): the templates with the set's selector labels.</summary>
    public static IReadOnlyList<V1PersistentVolumeClaim> Claims(V1StatefulSet set, int ordinal)
    {
        var claims = new List<V1PersistentVolumeClaim>();
        foreach (var template in set.Spec.VolumeClaimTemplates ?? [])
        {
            var claim = ObjectCopies.Copy(template);
            var labels = claim.Metadata.Labels is { } l ? new Dictionary<string, string>(l) : [];
            foreach (var (key, value) in set.Spec.Selector?.MatchLabels ?? new Dictionary<string, string>())
            {
                labels[key] = value;
            }

            claim.ApiVersion = "v1";
            claim.Kind = "PersistentVolumeClaim";
            claim.Metadata = new V1ObjectMeta
            {
                Name = ClaimName(set, template, ordinal),
                NamespaceProperty = set.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = template.Metadata.Annotations,
            };
            claim.Status = null;
            claims.Add(claim);
        }

        return claims;
    }
}
