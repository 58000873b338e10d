using Ivyo.LocalCluster.Controllers.Common;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Workloads.Shared;

/// <summary>
/// Pods from a controller's template, as pkg/controller's <c>GetPodFromTemplate</c>: the template's labels,
/// annotations and finalizers, a name generated from <c>&lt;owner&gt;-</c> (the API server appends five random
/// characters), and a controller reference to the owner with blockOwnerDeletion.
/// </summary>
internal static class PodTemplates
{
    /// <summary>The pod <paramref name="owner"/> creates from <paramref name="template"/>.</summary>
    public static V1Pod NewPod(V1PodTemplateSpec template, IKubernetesObject<V1ObjectMeta> owner, string ownerApiVersion, string ownerKind)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(owner);
        var copy = ObjectCopies.Copy(template);
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = Prefix(owner.Metadata.Name),
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = copy.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
                Annotations = copy.Metadata?.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                Finalizers = copy.Metadata?.Finalizers is { } finalizers ? [.. finalizers] : null,
                OwnerReferences = [OwnerReferences.ControllerOf(owner, ownerApiVersion, ownerKind)],
            },
            Spec = copy.Spec,
        };
    }

    /// <summary><c>getPodsPrefix</c>: <c>&lt;name&gt;-</c>, or the name alone if the dash would make it too long.</summary>
    public static string Prefix(string ownerName)
    {
        ArgumentNullException.ThrowIfNull(ownerName);
        var prefix = ownerName + "-";
        return prefix.Length <= 253 ? prefix : ownerName;
    }

    /// <summary>Whether <paramref name="labels"/> contain every template label (the ReplicaSet's <c>fullyLabeledReplicas</c>).</summary>
    public static bool HasAllLabels(V1PodTemplateSpec template, IDictionary<string, string>? labels) =>
        (template?.Metadata?.Labels ?? new Dictionary<string, string>()).All(pair => labels is not null && labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
