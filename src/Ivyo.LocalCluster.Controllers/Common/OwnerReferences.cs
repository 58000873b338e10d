using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Common;

/// <summary>Owner references as controllers write them (<c>metav1.NewControllerRef</c>).</summary>
internal static class OwnerReferences
{
    /// <summary>A controller reference to <paramref name="owner"/> with <c>controller</c> and <c>blockOwnerDeletion</c> set.</summary>
    public static V1OwnerReference ControllerOf(IKubernetesObject<V1ObjectMeta> owner, string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new V1OwnerReference
        {
            ApiVersion = apiVersion,
            Kind = kind,
            Name = owner.Metadata.Name,
            Uid = owner.Metadata.Uid,
            Controller = true,
            BlockOwnerDeletion = true,
        };
    }

    /// <summary>A plain (non-controller) owner reference to <paramref name="owner"/>.</summary>
    public static V1OwnerReference Of(IKubernetesObject<V1ObjectMeta> owner, string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new V1OwnerReference { ApiVersion = apiVersion, Kind = kind, Name = owner.Metadata.Name, Uid = owner.Metadata.Uid };
    }

    /// <summary>The controller reference of <paramref name="meta"/>, if any.</summary>
    public static V1OwnerReference? Controller(V1ObjectMeta? meta) => meta?.OwnerReferences?.FirstOrDefault(o => o.Controller == true);

    /// <summary>Whether <paramref name="meta"/> has an owner reference with <paramref name="uid"/>.</summary>
    public static bool HasOwner(V1ObjectMeta? meta, string uid) => meta?.OwnerReferences?.Any(o => o.Uid == uid) == true;
}
