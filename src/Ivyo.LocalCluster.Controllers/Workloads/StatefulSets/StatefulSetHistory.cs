using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Controllers.Common;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Workloads.StatefulSets;

/// <summary>
/// A StatefulSet's ControllerRevisions, as pkg/controller/history and the StatefulSet controller's
/// <c>getPatch</c>/<c>newRevision</c>/<c>ApplyRevision</c> use them: a revision's data is the patch
/// <c>{"spec":{"template":{..., "$patch":"replace"}}}</c>, its name <c>&lt;set&gt;-&lt;hash&gt;</c> where the hash
/// covers the data and the set's collisionCount, and its number one more than the highest so far.
/// </summary>
internal static class StatefulSetHistory
{
    /// <summary>The patch a revision of <paramref name="set"/> stores.</summary>
    public static JsonObject Patch(V1StatefulSet set)
    {
        var template = JsonNode.Parse(KubernetesJson.Serialize(set.Spec.Template))!.AsObject();
        template["$patch"] = "replace";
        return new JsonObject { ["spec"] = new JsonObject { ["template"] = template } };
    }

    /// <summary>A new (unsaved) revision of <paramref name="set"/> with <paramref name="number"/>.</summary>
    public static V1ControllerRevision NewRevision(V1StatefulSet set, long number, int collisionCount)
    {
        var patch = Patch(set);
        var hash = RevisionHashes.Compute(patch.ToJsonString(), collisionCount);
        var labels = set.Spec.Template.Metadata?.Labels is { } l ? new Dictionary<string, string>(l) : [];
        labels[StatefulSetIdentity.RevisionLabel] = hash;
        return new V1ControllerRevision
        {
            ApiVersion = "apps/v1",
            Kind = "ControllerRevision",
            Metadata = new V1ObjectMeta
            {
                Name = $"{set.Metadata.Name}-{hash}",
                NamespaceProperty = set.Metadata.NamespaceProperty,
                Labels = labels,
                OwnerReferences = [OwnerReferences.ControllerOf(set, "apps/v1", "StatefulSet")],
            },
            Data = patch,
            Revision = number,
        };
    }

    /// <summary>Whether two revisions hold the same data (<c>history.EqualRevision</c>).</summary>
    public static bool EqualData(V1ControllerRevision a, V1ControllerRevision b) => JsonNode.DeepEquals(Data(a), Data(b));

    /// <summary>The set as it was at <paramref name="revision"/>: its template replaced by the revision's (<c>ApplyRevision</c>).</summary>
    public static V1StatefulSet Apply(V1StatefulSet set, V1ControllerRevision revision)
    {
        var copy = ObjectCopies.Copy(set);
        if (Data(revision)?["spec"]?["template"] is JsonObject template)
        {
            var clean = (JsonObject)template.DeepClone();
            clean.Remove("$patch");
            copy.Spec.Template = KubernetesJson.Deserialize<V1PodTemplateSpec>(clean.ToJsonString());
        }

        return copy;
    }

    private static JsonNode? Data(V1ControllerRevision revision) =>
        revision.Data is null ? null : JsonNode.Parse(KubernetesJson.Serialize(revision.Data));
}
