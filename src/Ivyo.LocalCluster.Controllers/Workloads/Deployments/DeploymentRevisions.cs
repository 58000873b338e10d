using System.Globalization;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Controllers.Common;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Workloads.Deployments;

/// <summary>
/// A Deployment's ReplicaSets as pkg/controller/deployment/util names and annotates them: the new ReplicaSet is
/// <c>&lt;deployment&gt;-&lt;pod-template-hash&gt;</c>, the hash (<see cref="RevisionHashes"/>) covering the pod template and
/// the collision count, added as the <c>pod-template-hash</c> label to its selector, labels and template; a ReplicaSet is
/// the new one when its template equals the Deployment's but for that label (<c>EqualIgnoreHash</c>); revisions,
/// replica counts and the Deployment's own annotations are copied as <c>SetNewReplicaSetAnnotations</c> does.
/// </summary>
internal static class DeploymentRevisions
{
    public const string HashLabel = "pod-template-hash";
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";

    private static readonly HashSet<string> s_notCopied = new(StringComparer.Ordinal)
    {
        "kubectl.kubernetes.io/last-applied-configuration",
        RevisionAnnotation,
        RevisionHistoryAnnotation,
        DesiredReplicasAnnotation,
        MaxReplicasAnnotation,
        "deprecated.deployment.rollback.to",
    };

    /// <summary>The <c>pod-template-hash</c> of the Deployment's template (<c>controller.ComputeHash</c>).</summary>
    public static string TemplateHash(V1Deployment d) => RevisionHashes.Compute(KubernetesJson.Serialize(d.Spec.Template), d.Status?.CollisionCount);

    /// <summary>The ReplicaSet whose template is the Deployment's, the oldest if several (<c>FindNewReplicaSet</c>).</summary>
    public static V1ReplicaSet? FindNew(V1Deployment d, IEnumerable<V1ReplicaSet> sets) =>
        ByCreation(sets).FirstOrDefault(rs => EqualIgnoreHash(rs.Spec.Template, d.Spec.Template));

    /// <summary>Whether two templates are equal but for the <c>pod-template-hash</c> label.</summary>
    public static bool EqualIgnoreHash(V1PodTemplateSpec a, V1PodTemplateSpec b) => JsonNode.DeepEquals(WithoutHash(a), WithoutHash(b));

    /// <summary>ReplicaSets oldest first, then by name (<c>ReplicaSetsByCreationTimestamp</c>).</summary>
    public static IEnumerable<V1ReplicaSet> ByCreation(IEnumerable<V1ReplicaSet> sets) =>
        sets.OrderBy(rs => rs.Metadata.CreationTimestamp ?? DateTime.MinValue).ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal);

    /// <summary>The revision annotation as a number, 0 when absent or malformed.</summary>
    public static long Revision(V1ReplicaSet rs) =>
        rs.Metadata.Annotations is { } a && a.TryGetValue(RevisionAnnotation, out var text)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    /// <summary>The new ReplicaSet of <paramref name="d"/> (unsaved), with 0 replicas and the annotations of a new one.</summary>
    public static V1ReplicaSet NewReplicaSet(V1Deployment d, string hash, long revision)
    {
        var template = ObjectCopies.Copy(d.Spec.Template);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = WithLabel(template.Metadata.Labels, HashLabel, hash);
        var selector = ObjectCopies.Copy(d.Spec.Selector);
        selector.MatchLabels = WithLabel(selector.MatchLabels, HashLabel, hash);
        var rs = new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = $"{d.Metadata.Name}-{hash}",
                NamespaceProperty = d.Metadata.NamespaceProperty,
                OwnerReferences = [OwnerReferences.ControllerOf(d, "apps/v1", "Deployment")],
                Labels = new Dictionary<string, string>(template.Metadata.Labels),
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = 0,
                MinReadySeconds = d.Spec.MinReadySeconds,
                Selector = selector,
                Template = template,
            },
        };
        SetNewAnnotations(d, rs, revision, exists: false);
        return rs;
    }

    /// <summary>
    /// The new ReplicaSet's annotations (<c>SetNewReplicaSetAnnotations</c>): the Deployment's own annotations, the
    /// revision when it grows (keeping the old one in the revision history), and for a new set its replica counts.
    /// Returns whether anything changed.
    /// </summary>
    public static bool SetNewAnnotations(V1Deployment d, V1ReplicaSet rs, long revision, bool exists)
    {
        var changed = CopyDeploymentAnnotations(d, rs);
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var hadRevision = annotations.TryGetValue(RevisionAnnotation, out var oldText);
        var oldRevision = 0L;
        if (hadRevision && !long.TryParse(oldText, NumberStyles.None, CultureInfo.InvariantCulture, out oldRevision))
        {
            return changed;
        }

        if (oldRevision < revision)
        {
            annotations[RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture);
            changed = true;
            if (hadRevision)
            {
                // Rolling back to this ReplicaSet: its earlier revisions are kept for history.
                annotations[RevisionHistoryAnnotation] = annotations.TryGetValue(RevisionHistoryAnnotation, out var history) && history.Length > 0
                    ? history + "," + oldText
                    : oldText!;
            }
        }

        if (!exists && SetReplicasAnnotations(rs, d.Spec.Replicas ?? 1, (d.Spec.Replicas ?? 1) + RolloutMath.MaxSurge(d)))
        {
            changed = true;
        }

        return changed;
    }

    /// <summary>Sets the desired and maximum replica annotations (<c>SetReplicasAnnotations</c>); whether they changed.</summary>
    public static bool SetReplicasAnnotations(V1ReplicaSet rs, int desired, int max)
    {
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var changed = false;
        foreach (var (key, value) in new[] { (DesiredReplicasAnnotation, desired), (MaxReplicasAnnotation, max) })
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            if (!annotations.TryGetValue(key, out var current) || current != text)
            {
                annotations[key] = text;
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>Sets the Deployment's revision annotation (<c>SetDeploymentRevision</c>); whether it changed.</summary>
    public static bool SetDeploymentRevision(V1Deployment d, string revision)
    {
        var annotations = d.Metadata.Annotations ??= new Dictionary<string, string>();
        if (annotations.TryGetValue(RevisionAnnotation, out var current) && current == revision)
        {
            return false;
        }

        annotations[RevisionAnnotation] = revision;
        return true;
    }

    private static bool CopyDeploymentAnnotations(V1Deployment d, V1ReplicaSet rs)
    {
        var changed = false;
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        foreach (var (key, value) in d.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (s_notCopied.Contains(key) || (annotations.TryGetValue(key, out var current) && current == value))
            {
                continue;
            }

            annotations[key] = value;
            changed = true;
        }

        return changed;
    }

    private static Dictionary<string, string> WithLabel(IDictionary<string, string>? labels, string key, string value)
    {
        var copy = labels is null ? [] : new Dictionary<string, string>(labels);
        copy[key] = value;
        return copy;
    }

    private static JsonNode? WithoutHash(V1PodTemplateSpec template)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(template));
        if (node?["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(HashLabel);
            if (labels.Count == 0)
            {
                ((JsonObject)node["metadata"]!).Remove("labels");
            }
        }

        return node;
    }
}
