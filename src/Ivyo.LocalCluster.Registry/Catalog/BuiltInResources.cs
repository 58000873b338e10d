namespace Ivyo.LocalCluster.Registry.Catalog;

/// <summary>
/// The built-in resources the local cluster serves, with the discovery values of a Kubernetes 1.32 API server
/// (<c>kubectl api-resources -o wide</c>; pkg/registry/*/rest storage: ShortNames, Categories and the subresource
/// storages).
/// </summary>
internal static class BuiltInResources
{
    private static readonly IReadOnlyList<string> s_none = [];
    private static readonly IReadOnlyList<string> s_all = ["all"];

    private static Subresource Status(string kind) => new("status", kind, Verbs.GetPatchUpdate);

    private static Subresource Scale() => new("scale", "Scale", Verbs.GetPatchUpdate, "autoscaling", "v1");

    private static ResourceType Core(string resource, string kind, string singular, bool namespaced, IReadOnlyList<string> shortNames,
        IReadOnlyList<string>? categories = null, IReadOnlyList<Subresource>? subresources = null, IReadOnlyList<string>? verbs = null) =>
        new(string.Empty, "v1", resource, kind, singular, namespaced, verbs ?? Verbs.All, shortNames, categories ?? s_none, subresources ?? []);

    private static ResourceType Grouped(string group, string version, string resource, string kind, string singular, bool namespaced,
        IReadOnlyList<string> shortNames, IReadOnlyList<string>? categories = null, IReadOnlyList<Subresource>? subresources = null,
        IReadOnlyList<string>? verbs = null) =>
        new(group, version, resource, kind, singular, namespaced, verbs ?? Verbs.All, shortNames, categories ?? s_none, subresources ?? []);

    public static IReadOnlyList<ResourceType> Create() =>
    [
        // core/v1
        Core("bindings", "Binding", "binding", true, s_none, verbs: Verbs.CreateOnly),
        Core("componentstatuses", "ComponentStatus", "componentstatus", false, ["cs"], verbs: Verbs.GetList),
        Core("configmaps", "ConfigMap", "configmap", true, ["cm"]),
        Core("endpoints", "Endpoints", "endpoints", true, ["ep"]),
        Core("events", "Event", "event", true, ["ev"]),
        Core("limitranges", "LimitRange", "limitrange", true, ["limits"]),
        Core("namespaces", "Namespace", "namespace", false, ["ns"], subresources:
        [
            new Subresource("finalize", "Namespace", ["update"]),
            Status("Namespace"),
        ], verbs: Verbs.AllButDeleteCollection),
        Core("nodes", "Node", "node", false, ["no"], subresources:
        [
            new Subresource("proxy", "NodeProxyOptions", ["create", "delete", "get", "patch", "update"]),
            Status("Node"),
        ]),
        Core("persistentvolumeclaims", "PersistentVolumeClaim", "persistentvolumeclaim", true, ["pvc"], subresources: [Status("PersistentVolumeClaim")]),
        Core("persistentvolumes", "PersistentVolume", "persistentvolume", false, ["pv"], subresources: [Status("PersistentVolume")]),
        Core("pods", "Pod", "pod", true, ["po"], s_all,
        [
            new Subresource("attach", "PodAttachOptions", ["create", "get"]),
            new Subresource("binding", "Binding", Verbs.CreateOnly),
            new Subresource("ephemeralcontainers", "Pod", Verbs.GetPatchUpdate),
            new Subresource("eviction", "Eviction", Verbs.CreateOnly, "policy", "v1"),
            new Subresource("exec", "PodExecOptions", ["create", "get"]),
            new Subresource("log", "Pod", ["get"]),
            new Subresource("portforward", "PodPortForwardOptions", ["create", "get"]),
            new Subresource("proxy", "PodProxyOptions", ["create", "delete", "get", "patch", "update"]),
            Status("Pod"),
        ]),
        Core("podtemplates", "PodTemplate", "podtemplate", true, s_none),
        Core("replicationcontrollers", "ReplicationController", "replicationcontroller", true, ["rc"], s_all,
            [new Subresource("scale", "Scale", Verbs.GetPatchUpdate, "autoscaling", "v1"), Status("ReplicationController")]),
        Core("resourcequotas", "ResourceQuota", "resourcequota", true, ["quota"], subresources: [Status("ResourceQuota")]),
        Core("secrets", "Secret", "secret", true, s_none),
        Core("serviceaccounts", "ServiceAccount", "serviceaccount", true, ["sa"], subresources:
            [new Subresource("token", "TokenRequest", Verbs.CreateOnly, "authentication.k8s.io", "v1")]),
        Core("services", "Service", "service", true, ["svc"], s_all,
        [
            new Subresource("proxy", "ServiceProxyOptions", ["create", "delete", "get", "patch", "update"]),
            Status("Service"),
        ]),

        // apps/v1
        Grouped("apps", "v1", "controllerrevisions", "ControllerRevision", "controllerrevision", true, s_none),
        Grouped("apps", "v1", "daemonsets", "DaemonSet", "daemonset", true, ["ds"], s_all, [Status("DaemonSet")]),
        Grouped("apps", "v1", "deployments", "Deployment", "deployment", true, ["deploy"], s_all, [Scale(), Status("Deployment")]),
        Grouped("apps", "v1", "replicasets", "ReplicaSet", "replicaset", true, ["rs"], s_all, [Scale(), Status("ReplicaSet")]),
        Grouped("apps", "v1", "statefulsets", "StatefulSet", "statefulset", true, ["sts"], s_all, [Scale(), Status("StatefulSet")]),

        // batch/v1
        Grouped("batch", "v1", "cronjobs", "CronJob", "cronjob", true, ["cj"], s_all, [Status("CronJob")]),
        Grouped("batch", "v1", "jobs", "Job", "job", true, s_none, s_all, [Status("Job")]),

        // policy/v1
        Grouped("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", "poddisruptionbudget", true, ["pdb"],
            subresources: [Status("PodDisruptionBudget")]),

        // rbac.authorization.k8s.io/v1
        Grouped("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", "clusterrolebinding", false, s_none),
        Grouped("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", "clusterrole", false, s_none),
        Grouped("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", "rolebinding", true, s_none),
        Grouped("rbac.authorization.k8s.io", "v1", "roles", "Role", "role", true, s_none),

        // coordination.k8s.io/v1
        Grouped("coordination.k8s.io", "v1", "leases", "Lease", "lease", true, s_none),

        // discovery.k8s.io/v1
        Grouped("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", "endpointslice", true, s_none),

        // events.k8s.io/v1
        Grouped("events.k8s.io", "v1", "events", "Event", "event", true, ["ev"]),

        // storage.k8s.io/v1
        Grouped("storage.k8s.io", "v1", "storageclasses", "StorageClass", "storageclass", false, ["sc"]),

        // apiextensions.k8s.io/v1
        Grouped("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", "customresourcedefinition", false,
            ["crd", "crds"], ["api-extensions"], [Status("CustomResourceDefinition")]),

        // authentication.k8s.io/v1 and authorization.k8s.io/v1: create-only reviews.
        Grouped("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", "selfsubjectreview", false, s_none, verbs: Verbs.CreateOnly),
        Grouped("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", "tokenreview", false, s_none, verbs: Verbs.CreateOnly),
        Grouped("authorization.k8s.io", "v1", "localsubjectaccessreviews", "LocalSubjectAccessReview", "localsubjectaccessreview", true, s_none,
            verbs: Verbs.CreateOnly),
        Grouped("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", "selfsubjectaccessreview", false, s_none,
            verbs: Verbs.CreateOnly),
        Grouped("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", "selfsubjectrulesreview", false, s_none,
            verbs: Verbs.CreateOnly),
        Grouped("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", "subjectaccessreview", false, s_none,
            verbs: Verbs.CreateOnly),
    ];
}
