using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Scheduling;
using k8s.Models;

namespace Ivyo.Operator.PgBouncer;

/// <summary>
/// <c>&lt;c&gt;-pgbouncer</c> Deployment. Replicas as asked (none while the cluster is shut down); a rolling update
/// starts new pods before stopping old ones; the user's affinity, tolerations and spread constraints pass through,
/// followed by IVYO's default spread unless disabled.
/// </summary>
public static class PgBouncerDeployment
{
    /// <returns>The Deployment, or null when the cluster has no PgBouncer.</returns>
    public static V1Deployment? Build(ClusterInputs inputs, string? defaultImage)
    {
        var cluster = inputs.Cluster;
        var spec = cluster.Spec.Proxy?.PgBouncer;
        if (spec is null)
        {
            return null;
        }

        var selector = Labels.ForPgBouncer(inputs.Name);
        var pod = PgBouncerPodSpec.Build(cluster, PgBouncerImage.Resolve(cluster, defaultImage));
        pod.Affinity = spec.Affinity;
        pod.Tolerations = spec.Tolerations;
        pod.PriorityClassName = spec.PriorityClassName;
        pod.TopologySpreadConstraints = DefaultTopology.Combine(cluster, spec.TopologySpreadConstraints,
            new V1LabelSelector { MatchLabels = Labels.ForPgBouncer(inputs.Name) });
        pod.RestartPolicy = "Always";
        // The sidecar signals PgBouncer.
        pod.ShareProcessNamespace = true;
        // PgBouncer makes no Kubernetes API calls.
        pod.AutomountServiceAccountToken = false;
        pod.EnableServiceLinks = false;
        pod.SecurityContext = new V1PodSecurityContext { FsGroupChangePolicy = "OnRootMismatch" };
        pod.ImagePullSecrets = cluster.Spec.ImagePullSecrets;

        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = PgBouncerMetadata.Object(cluster),
            Spec = new V1DeploymentSpec
            {
                Replicas = cluster.Spec.Shutdown == true ? 0 : spec.Replicas ?? 1,
                Selector = new V1LabelSelector { MatchLabels = selector },
                // Don't clutter the namespace with old ReplicaSets.
                RevisionHistoryLimit = 0,
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = 0 },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = PgBouncerMetadata.PodLabels(cluster),
                        Annotations = PgBouncerMetadata.PodAnnotations(cluster),
                    },
                    Spec = pod,
                },
            },
        };
    }
}
