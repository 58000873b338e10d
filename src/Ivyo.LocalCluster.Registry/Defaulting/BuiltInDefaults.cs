using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Json;

namespace Ivyo.LocalCluster.Registry.Defaulting;

/// <summary>
/// Fills the fields a Kubernetes 1.32 API server defaults on built-in objects, chosen by apiVersion and kind, so that
/// a controller reading an object back sees what it would see on a real cluster. Defaulting happens in place; unknown
/// kinds are left alone. Each kind's source in Kubernetes is named on the class that defaults it.
/// </summary>
public static class BuiltInDefaults
{
    /// <summary>A pod's QoS class (pkg/apis/core/helper/qos) from its spec.</summary>
    public static string PodQosClass(JsonObject podSpec) => PodDefaults.QosClass(podSpec);

    /// <summary>Defaults the object in place; returns whether its kind has defaults here.</summary>
    public static bool Apply(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        switch ((JsonAccess.String(obj, "apiVersion"), JsonAccess.String(obj, "kind")))
        {
            case ("v1", "Pod"):
                PodDefaults.Apply(obj);
                return true;
            case ("v1", "PodTemplate"):
                PodSpecDefaults.ApplyTemplate(JsonAccess.Object(obj, "template"));
                return true;
            case ("v1", "ReplicationController"):
                var rcSpec = JsonAccess.Ensure(obj, "spec");
                JsonAccess.Default(rcSpec, "replicas", 1);
                PodSpecDefaults.ApplyTemplate(JsonAccess.Object(rcSpec, "template"));
                return true;
            case ("v1", "Service"):
                ServiceDefaults.Apply(obj);
                return true;
            case ("v1", "PersistentVolumeClaim"):
                StorageDefaults.ApplyClaim(obj);
                return true;
            case ("v1", "PersistentVolume"):
                StorageDefaults.ApplyVolume(obj);
                return true;
            case ("v1", "Namespace"):
                MiscDefaults.ApplyNamespace(obj);
                return true;
            case ("v1", "Secret"):
                MiscDefaults.ApplySecret(obj);
                return true;
            case ("v1", "Endpoints"):
                MiscDefaults.ApplyEndpoints(obj);
                return true;
            case ("apps/v1", "StatefulSet"):
                WorkloadDefaults.ApplyStatefulSet(obj);
                return true;
            case ("apps/v1", "Deployment"):
                WorkloadDefaults.ApplyDeployment(obj);
                return true;
            case ("apps/v1", "ReplicaSet"):
                WorkloadDefaults.ApplyReplicaSet(obj);
                return true;
            case ("apps/v1", "DaemonSet"):
                WorkloadDefaults.ApplyDaemonSet(obj);
                return true;
            case ("batch/v1", "Job"):
                WorkloadDefaults.ApplyJob(obj);
                return true;
            case ("batch/v1", "CronJob"):
                WorkloadDefaults.ApplyCronJob(obj);
                return true;
            case ("discovery.k8s.io/v1", "EndpointSlice"):
                MiscDefaults.ApplyEndpointSlice(obj);
                return true;
            case ("rbac.authorization.k8s.io/v1", "RoleBinding" or "ClusterRoleBinding"):
                MiscDefaults.ApplyBinding(obj);
                return true;
            case ("apiextensions.k8s.io/v1", "CustomResourceDefinition"):
                MiscDefaults.ApplyCustomResourceDefinition(obj);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The imagePullPolicy Kubernetes defaults for an image: Always for <c>:latest</c> or no tag, else IfNotPresent.</summary>
    public static string ImagePullPolicyFor(string image) => PodSpecDefaults.PullPolicyFor(image);
}
