using System.Collections.Frozen;

namespace Ivyo.LocalCluster.Patching;

/// <summary>
/// Strategic-merge-patch metadata of the built-in kinds the local cluster serves (every kind with a storage, the
/// CustomResourceDefinition included), by apiVersion and kind. Custom resources have none: Kubernetes refuses strategic
/// merge patch for them with 415.
/// </summary>
public static class BuiltInPatchMeta
{
    private static readonly FrozenDictionary<(string ApiVersion, string Kind), IPatchMeta> s_kinds = new Dictionary<(string, string), IPatchMeta>
    {
        [("v1", "ComponentStatus")] = BuiltInTypes.ComponentStatus,
        [("v1", "Pod")] = BuiltInTypes.Pod,
        [("v1", "PodTemplate")] = BuiltInTypes.PodTemplate,
        [("v1", "ReplicationController")] = BuiltInTypes.ReplicationController,
        [("v1", "Service")] = BuiltInTypes.Service,
        [("v1", "Endpoints")] = BuiltInTypes.Endpoints,
        [("v1", "ConfigMap")] = BuiltInTypes.MetadataOnly,
        [("v1", "Secret")] = BuiltInTypes.MetadataOnly,
        [("v1", "ServiceAccount")] = BuiltInTypes.ServiceAccount,
        [("v1", "Namespace")] = BuiltInTypes.WithConditionsStatus,
        [("v1", "Node")] = BuiltInTypes.Node,
        [("v1", "PersistentVolumeClaim")] = BuiltInTypes.WithConditionsStatus,
        [("v1", "PersistentVolume")] = BuiltInTypes.MetadataOnly,
        [("v1", "Event")] = BuiltInTypes.MetadataOnly,
        [("v1", "LimitRange")] = BuiltInTypes.MetadataOnly,
        [("v1", "ResourceQuota")] = BuiltInTypes.MetadataOnly,
        [("apps/v1", "Deployment")] = BuiltInTypes.Workload,
        [("apps/v1", "StatefulSet")] = BuiltInTypes.Workload,
        [("apps/v1", "ReplicaSet")] = BuiltInTypes.Workload,
        [("apps/v1", "DaemonSet")] = BuiltInTypes.Workload,
        [("apps/v1", "ControllerRevision")] = BuiltInTypes.MetadataOnly,
        [("batch/v1", "Job")] = BuiltInTypes.Workload,
        [("batch/v1", "CronJob")] = BuiltInTypes.CronJob,
        [("policy/v1", "PodDisruptionBudget")] = BuiltInTypes.PodDisruptionBudget,
        [("coordination.k8s.io/v1", "Lease")] = BuiltInTypes.MetadataOnly,
        [("rbac.authorization.k8s.io/v1", "Role")] = BuiltInTypes.MetadataOnly,
        [("rbac.authorization.k8s.io/v1", "ClusterRole")] = BuiltInTypes.MetadataOnly,
        [("rbac.authorization.k8s.io/v1", "RoleBinding")] = BuiltInTypes.MetadataOnly,
        [("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")] = BuiltInTypes.MetadataOnly,
        [("discovery.k8s.io/v1", "EndpointSlice")] = BuiltInTypes.MetadataOnly,
        [("events.k8s.io/v1", "Event")] = BuiltInTypes.MetadataOnly,
        [("storage.k8s.io/v1", "StorageClass")] = BuiltInTypes.MetadataOnly,
        [("apiextensions.k8s.io/v1", "CustomResourceDefinition")] = BuiltInTypes.MetadataOnly,
    }.ToFrozenDictionary();

    /// <summary>Whether strategic merge patch is available for the kind.</summary>
    public static bool TryGet(string apiVersion, string kind, out IPatchMeta meta)
    {
        if (s_kinds.TryGetValue((apiVersion, kind), out var found))
        {
            meta = found;
            return true;
        }

        meta = StructPatchMeta.Empty;
        return false;
    }

    /// <summary>
    /// The metadata of a built-in kind. For any other kind (a custom resource) throws the 415 <see cref="PatchException"/>
    /// Kubernetes answers a strategic merge patch with, listing the patch types custom resources accept.
    /// </summary>
    public static IPatchMeta For(string apiVersion, string kind)
    {
        if (TryGet(apiVersion, kind, out var meta))
        {
            return meta;
        }

        throw new PatchException(
            PatchErrorKind.UnsupportedMediaType,
            PatchContentTypes.UnsupportedMediaTypeMessage(PatchContentTypes.CustomResourcePatchTypes));
    }
}
