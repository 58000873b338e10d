using Ivyo.ControllerRuntime.Resources;

namespace Ivyo.Operator.Controllers.IvoryClusters;

/// <summary>One kind of object an IvoryCluster owns: its resource, and whether IVYO removes ones it no longer wants.</summary>
/// <param name="Kind">The object kind, as in <c>kind:</c>.</param>
/// <param name="Resource">Where the API serves it.</param>
/// <param name="Pruned">
/// Whether an object of this kind that the cluster controls but its desired state no longer has is deleted. PVCs are
/// pruned only when they belong to an instance that was scaled away (see <see cref="Pruning"/>); Jobs are left to the
/// features that start them; ServiceAccounts, Roles and RoleBindings are always wanted.
/// </param>
public sealed record OwnedKind(string Kind, ResourceType Resource, bool Pruned = true);

/// <summary>Every kind of object the IvoryCluster controller writes and watches.</summary>
public static class OwnedKinds
{
    public static readonly OwnedKind ConfigMap = new("ConfigMap", new("", "v1", "configmaps", true));
    public static readonly OwnedKind Secret = new("Secret", new("", "v1", "secrets", true));
    public static readonly OwnedKind Service = new("Service", new("", "v1", "services", true));
    public static readonly OwnedKind Endpoints = new("Endpoints", new("", "v1", "endpoints", true));
    // A cluster always has its ServiceAccounts, Roles and RoleBindings: IVYO never deletes them (nor may it, by its RBAC).
    public static readonly OwnedKind ServiceAccount = new("ServiceAccount", new("", "v1", "serviceaccounts", true), Pruned: false);
    public static readonly OwnedKind PersistentVolumeClaim = new("PersistentVolumeClaim", new("", "v1", "persistentvolumeclaims", true));
    public static readonly OwnedKind StatefulSet = new("StatefulSet", new("apps", "v1", "statefulsets", true));
    public static readonly OwnedKind Deployment = new("Deployment", new("apps", "v1", "deployments", true));
    public static readonly OwnedKind Job = new("Job", new("batch", "v1", "jobs", true), Pruned: false);
    public static readonly OwnedKind CronJob = new("CronJob", new("batch", "v1", "cronjobs", true));
    public static readonly OwnedKind Role = new("Role", new("rbac.authorization.k8s.io", "v1", "roles", true), Pruned: false);
    public static readonly OwnedKind RoleBinding = new("RoleBinding", new("rbac.authorization.k8s.io", "v1", "rolebindings", true), Pruned: false);
    public static readonly OwnedKind PodDisruptionBudget = new("PodDisruptionBudget", new("policy", "v1", "poddisruptionbudgets", true));

    /// <summary>
    /// All of them, in the order a new cluster's objects are created: data volumes first, because they carry the
    /// instance names (an operator stopped after them reuses the names), then what pods mount and use, then workloads.
    /// </summary>
    public static IReadOnlyList<OwnedKind> All { get; } =
    [
        PersistentVolumeClaim, ServiceAccount, Role, RoleBinding, ConfigMap, Secret, Service, Endpoints,
        StatefulSet, Deployment, Job, CronJob, PodDisruptionBudget,
    ];

    /// <summary>The pods of a cluster are watched (roles, readiness), never written by this controller.</summary>
    public static readonly ResourceType Pods = new("", "v1", "pods", true);

    /// <summary>Nodes are read, never written: whether the node of a leader's pod is out of service.</summary>
    public static readonly ResourceType Nodes = new("", "v1", "nodes", false);

    /// <summary>The kind named <paramref name="kind"/>.</summary>
    public static OwnedKind Of(string kind) =>
        All.FirstOrDefault(owned => owned.Kind == kind) ?? throw new ArgumentException($"IVYO does not manage objects of kind {kind}.", nameof(kind));
}
