namespace Ivyo.LocalCluster.Patching;

/// <summary>
/// Strategic-merge-patch tags of the Kubernetes API structs the local cluster serves, transcribed from the
/// <c>patchStrategy</c>/<c>patchMergeKey</c> struct tags of k8s.io/api (core/v1, apps/v1, batch/v1, policy/v1,
/// coordination/v1, rbac/v1, discovery/v1, networking/v1 types.go). Fields absent here have no tags: maps merge,
/// lists replace. Fields are declared leaves first because static fields initialise in order.
/// </summary>
internal static class BuiltInTypes
{
    // meta/v1 ObjectMeta: ownerReferences `patchStrategy:"merge" patchMergeKey:"uid"`,
    // finalizers `patchStrategy:"merge"`; managedFields has no tags.
    public static readonly StructPatchMeta ObjectMeta = new(
        PatchMetaField.MergeBy("ownerReferences", "uid"),
        PatchMetaField.MergeSet("finalizers"));

    // core/v1 Container and EphemeralContainerCommon: ports by containerPort, env by name, volumeMounts by mountPath,
    // volumeDevices by devicePath. envFrom, resizePolicy and the rest have no tags.
    public static readonly StructPatchMeta Container = new(
        PatchMetaField.MergeBy("ports", "containerPort"),
        PatchMetaField.MergeBy("env", "name"),
        PatchMetaField.MergeBy("volumeMounts", "mountPath"),
        PatchMetaField.MergeBy("volumeDevices", "devicePath"));

    // core/v1 PodSpec. volumes `patchStrategy:"merge,retainKeys" patchMergeKey:"name"`; containers, initContainers,
    // ephemeralContainers, imagePullSecrets by name; hostAliases by ip; topologySpreadConstraints
    // `patchStrategy:"merge" patchMergeKey:"topologyKey"` (its listMapKeys topologyKey+whenUnsatisfiable are for
    // server-side apply only); schedulingGates by name; resourceClaims `merge,retainKeys` by name.
    // tolerations, readinessGates have no tags and are replaced.
    public static readonly StructPatchMeta PodSpec = new(
        PatchMetaField.MergeRetainKeys("volumes", "name"),
        PatchMetaField.MergeBy("initContainers", "name", Container),
        PatchMetaField.MergeBy("containers", "name", Container),
        PatchMetaField.MergeBy("ephemeralContainers", "name", Container),
        PatchMetaField.MergeBy("imagePullSecrets", "name"),
        PatchMetaField.MergeBy("hostAliases", "ip"),
        PatchMetaField.MergeBy("topologySpreadConstraints", "topologyKey"),
        PatchMetaField.MergeBy("schedulingGates", "name"),
        PatchMetaField.MergeRetainKeys("resourceClaims", "name"));

    // core/v1 PodStatus: conditions by type, podIPs and hostIPs by ip, resourceClaimStatuses by name.
    // containerStatuses and the other status lists have no tags.
    public static readonly StructPatchMeta PodStatus = new(
        PatchMetaField.MergeBy("conditions", "type"),
        PatchMetaField.MergeBy("podIPs", "ip"),
        PatchMetaField.MergeBy("hostIPs", "ip"),
        PatchMetaField.MergeBy("resourceClaimStatuses", "name"));

    public static readonly StructPatchMeta PodTemplateSpec = new(
        PatchMetaField.Struct("metadata", ObjectMeta),
        PatchMetaField.Struct("spec", PodSpec));

    /// <summary>Any status whose only tagged field is <c>conditions</c> merged by <c>type</c>.</summary>
    public static readonly StructPatchMeta ConditionsStatus = new(
        PatchMetaField.MergeBy("conditions", "type"));

    // core/v1 NodeSpec.podCIDRs `patchStrategy:"merge"`; taints have no tags.
    // NodeStatus: conditions by type, addresses by type.
    public static readonly StructPatchMeta NodeSpec = new(PatchMetaField.MergeSet("podCIDRs"));

    public static readonly StructPatchMeta NodeStatus = new(
        PatchMetaField.MergeBy("conditions", "type"),
        PatchMetaField.MergeBy("addresses", "type"));

    // core/v1 ServiceSpec.ports `patchStrategy:"merge" patchMergeKey:"port"`; ServiceStatus.conditions by type.
    public static readonly StructPatchMeta ServiceSpec = new(PatchMetaField.MergeBy("ports", "port"));

    // apps/v1 DeploymentSpec, StatefulSetSpec, ReplicaSetSpec, DaemonSetSpec and batch/v1 JobSpec reach the PodSpec
    // through template; StatefulSetSpec.volumeClaimTemplates has no tags. Their status conditions merge by type.
    public static readonly StructPatchMeta WorkloadSpec = new(
        PatchMetaField.Struct("template", PodTemplateSpec));

    // batch/v1 CronJobSpec.jobTemplate (JobTemplateSpec) -> spec (JobSpec) -> template.
    public static readonly StructPatchMeta CronJobSpec = new(
        PatchMetaField.Struct("jobTemplate", new StructPatchMeta(
            PatchMetaField.Struct("metadata", ObjectMeta),
            PatchMetaField.Struct("spec", WorkloadSpec))));

    // core/v1 ServiceAccount.secrets `patchStrategy:"merge" patchMergeKey:"name"`.
    public static readonly StructPatchMeta ServiceAccount = Kind(new PatchMetaField("secrets", FieldPatchMeta.MergeBy("name")));

    public static readonly StructPatchMeta Pod = Kind(
        PatchMetaField.Struct("spec", PodSpec),
        PatchMetaField.Struct("status", PodStatus));

    public static readonly StructPatchMeta PodTemplate = Kind(PatchMetaField.Struct("template", PodTemplateSpec));

    public static readonly StructPatchMeta Node = Kind(
        PatchMetaField.Struct("spec", NodeSpec),
        PatchMetaField.Struct("status", NodeStatus));

    public static readonly StructPatchMeta Service = Kind(
        PatchMetaField.Struct("spec", ServiceSpec),
        PatchMetaField.Struct("status", ConditionsStatus));

    // core/v1 Endpoints.subsets has no patch tags: a patch replaces the whole list (Patroni relies on it).
    public static readonly StructPatchMeta Endpoints = Kind();

    // PersistentVolumeClaimStatus.conditions `patchStrategy:"merge" patchMergeKey:"type"`; NamespaceStatus too.
    public static readonly StructPatchMeta WithConditionsStatus = Kind(PatchMetaField.Struct("status", ConditionsStatus));

    // ConfigMap, Secret, Event, Lease, ControllerRevision, EndpointSlice, PersistentVolume, LimitRange,
    // ResourceQuota: only ObjectMeta is tagged. rbac/v1 Role/ClusterRole rules and RoleBinding/ClusterRoleBinding
    // subjects have no tags either and are replaced.
    public static readonly StructPatchMeta MetadataOnly = Kind();

    // apiextensions/v1 CustomResourceDefinition and storage/v1 StorageClass have no patch tags at all (their lists are
    // +listType=atomic, CRD status.conditions +listType=map by type for server-side apply only);
    // core/v1 ComponentStatus.conditions `patchStrategy:"merge" patchMergeKey:"type"`.
    public static readonly StructPatchMeta ComponentStatus = Kind(PatchMetaField.MergeBy("conditions", "type"));

    public static readonly StructPatchMeta ReplicationController = Kind(
        PatchMetaField.Struct("spec", WorkloadSpec),
        PatchMetaField.Struct("status", ConditionsStatus));

    public static readonly StructPatchMeta Workload = Kind(
        PatchMetaField.Struct("spec", WorkloadSpec),
        PatchMetaField.Struct("status", ConditionsStatus));

    public static readonly StructPatchMeta CronJob = Kind(PatchMetaField.Struct("spec", CronJobSpec));

    // policy/v1 PodDisruptionBudgetStatus.conditions `patchStrategy:"merge" patchMergeKey:"type"`.
    public static readonly StructPatchMeta PodDisruptionBudget = Kind(PatchMetaField.Struct("status", ConditionsStatus));

    private static StructPatchMeta Kind(params PatchMetaField[] fields) =>
        new([PatchMetaField.Struct("metadata", ObjectMeta), .. fields]);
}
