using System.Collections.Frozen;

namespace Ivyo.LocalCluster.Protobuf.Schema;

/// <summary>The top-level kinds this library decodes, by apiVersion and kind.</summary>
internal static class KnownKinds
{
    private static readonly FrozenDictionary<(string ApiVersion, string Kind), MessageDescriptor> s_byType =
        new Dictionary<(string, string), MessageDescriptor>
        {
            [("v1", "Namespace")] = CoreV1.Namespace,
            [("v1", "ConfigMap")] = CoreV1.ConfigMap,
            [("v1", "Secret")] = CoreV1.Secret,
            [("v1", "ServiceAccount")] = CoreV1.ServiceAccount,
            [("v1", "Service")] = CoreV1.Service,
            [("v1", "ResourceQuota")] = CoreV1.ResourceQuota,
            [("apps/v1", "Deployment")] = AppsV1.Deployment,
            [("batch/v1", "Job")] = BatchV1.Job,
            [("batch/v1", "CronJob")] = BatchV1.CronJob,
            [("rbac.authorization.k8s.io/v1", "Role")] = RbacV1.Role,
            [("rbac.authorization.k8s.io/v1", "RoleBinding")] = RbacV1.RoleBinding,
            [("rbac.authorization.k8s.io/v1", "ClusterRole")] = RbacV1.ClusterRole,
            [("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")] = RbacV1.ClusterRoleBinding,
            [("policy/v1", "PodDisruptionBudget")] = PolicyV1.PodDisruptionBudget,
            [("scheduling.k8s.io/v1", "PriorityClass")] = SchedulingV1.PriorityClass,
            [("authentication.k8s.io/v1", "TokenRequest")] = AuthenticationV1.TokenRequest,
            [("authentication.k8s.io/v1", "SelfSubjectReview")] = AuthenticationV1.SelfSubjectReview,
            [("authorization.k8s.io/v1", "SelfSubjectAccessReview")] = AuthorizationV1.SelfSubjectAccessReview,
            [("authorization.k8s.io/v1", "SelfSubjectRulesReview")] = AuthorizationV1.SelfSubjectRulesReview,
            [("autoscaling/v1", "Scale")] = AutoscalingV1.Scale,
        }.ToFrozenDictionary();

    public static IEnumerable<(string ApiVersion, string Kind)> All => s_byType.Keys;

    public static MessageDescriptor? Find(string apiVersion, string kind) =>
        s_byType.GetValueOrDefault((apiVersion, kind));
}
