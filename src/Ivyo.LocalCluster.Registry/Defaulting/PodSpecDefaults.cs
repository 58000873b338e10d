using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Json;

namespace Ivyo.LocalCluster.Registry.Defaulting;

/// <summary>
/// The defaults of a core/v1 PodSpec and what it contains, wherever it appears (a Pod, or the template of a
/// workload). Source: pkg/apis/core/v1/defaults.go (SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Probe,
/// SetDefaults_HTTPGetAction, SetDefaults_ContainerPort via the port loops, SetDefaults_ObjectFieldSelector,
/// SetDefaults_Volume, SetDefaults_SecretVolumeSource, SetDefaults_ConfigMapVolumeSource,
/// SetDefaults_DownwardAPIVolumeSource, SetDefaults_ProjectedVolumeSource) and the v1 conversion of
/// serviceAccountName to its deprecated alias serviceAccount (pkg/apis/core/v1/conversion.go).
/// </summary>
internal static class PodSpecDefaults
{
    /// <summary>The mode 0644 as JSON shows it.</summary>
    private const long DefaultMode = 420;

    public static void Apply(JsonObject spec)
    {
        // SetDefaults_PodSpec
        JsonAccess.Default(spec, "dnsPolicy", "ClusterFirst");
        JsonAccess.Default(spec, "restartPolicy", "Always");
        JsonAccess.Default(spec, "terminationGracePeriodSeconds", 30);
        JsonAccess.Default(spec, "securityContext", () => new JsonObject());
        JsonAccess.Default(spec, "schedulerName", "default-scheduler");
        JsonAccess.Default(spec, "enableServiceLinks", true);

        // Convert_core_PodSpec_To_v1_PodSpec: serviceAccount mirrors serviceAccountName, and an old client's
        // serviceAccount fills serviceAccountName.
        if (JsonAccess.IsEmptyString(spec, "serviceAccountName") && JsonAccess.String(spec, "serviceAccount") is { Length: > 0 } legacy)
        {
            spec["serviceAccountName"] = legacy;
        }

        if (JsonAccess.String(spec, "serviceAccountName") is { Length: > 0 } account)
        {
            spec["serviceAccount"] = account;
        }

        var hostNetwork = JsonAccess.Boolean(spec, "hostNetwork") == true;
        foreach (var container in JsonAccess.Objects(spec, "initContainers").Concat(JsonAccess.Objects(spec, "containers")))
        {
            ApplyContainer(container, hostNetwork);
        }

        foreach (var container in JsonAccess.Objects(spec, "ephemeralContainers"))
        {
            ApplyContainer(container, hostNetwork);
        }

        foreach (var volume in JsonAccess.Objects(spec, "volumes"))
        {
            ApplyVolume(volume);
        }
    }

    private static void ApplyContainer(JsonObject container, bool hostNetwork)
    {
        // SetDefaults_Container
        if (JsonAccess.IsEmptyString(container, "imagePullPolicy") && JsonAccess.String(container, "image") is { } image)
        {
            container["imagePullPolicy"] = PullPolicyFor(image);
        }

        JsonAccess.Default(container, "terminationMessagePath", "/dev/termination-log");
        JsonAccess.Default(container, "terminationMessagePolicy", "File");

        // v1.Container.Resources is a struct, so a typed server always writes it.
        JsonAccess.Default(container, "resources", () => new JsonObject());

        foreach (var port in JsonAccess.Objects(container, "ports"))
        {
            JsonAccess.Default(port, "protocol", "TCP");
            // SetDefaults_PodSpec with hostNetwork: hostPort defaults to containerPort.
            if (hostNetwork && (JsonAccess.Integer(port, "hostPort") ?? 0) == 0 && JsonAccess.Integer(port, "containerPort") is { } containerPort)
            {
                port["hostPort"] = containerPort;
            }
        }

        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" }.Select(n => JsonAccess.Object(container, n)))
        {
            if (probe is not null)
            {
                ApplyProbe(probe);
            }
        }

        var lifecycle = JsonAccess.Object(container, "lifecycle");
        foreach (var handler in new[] { "postStart", "preStop" }.Select(n => JsonAccess.Object(lifecycle, n)))
        {
            if (JsonAccess.Object(handler, "httpGet") is { } httpGet)
            {
                ApplyHttpGet(httpGet);
            }
        }

        foreach (var env in JsonAccess.Objects(container, "env"))
        {
            if (JsonAccess.Object(JsonAccess.Object(env, "valueFrom"), "fieldRef") is { } fieldRef)
            {
                JsonAccess.Default(fieldRef, "apiVersion", "v1");
            }
        }
    }

    /// <summary>Always for the latest tag or no tag, IfNotPresent otherwise (digests included).</summary>
    public static string PullPolicyFor(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        var tag = colon < 0 ? string.Empty : image[(colon + 1)..];
        return tag.Length == 0 || tag == "latest" ? "Always" : "IfNotPresent";
    }

    private static void ApplyProbe(JsonObject probe)
    {
        // SetDefaults_Probe
        JsonAccess.Default(probe, "timeoutSeconds", 1);
        JsonAccess.Default(probe, "periodSeconds", 10);
        JsonAccess.Default(probe, "successThreshold", 1);
        JsonAccess.Default(probe, "failureThreshold", 3);
        if (JsonAccess.Object(probe, "httpGet") is { } httpGet)
        {
            ApplyHttpGet(httpGet);
        }

        // SetDefaults_GRPCAction: service "" is written as such.
        if (JsonAccess.Object(probe, "grpc") is { } grpc)
        {
            JsonAccess.Default(grpc, "service", () => JsonValue.Create(string.Empty));
        }
    }

    private static void ApplyHttpGet(JsonObject httpGet)
    {
        // SetDefaults_HTTPGetAction
        JsonAccess.Default(httpGet, "path", "/");
        JsonAccess.Default(httpGet, "scheme", "HTTP");
    }

    private static readonly string[] s_volumeSources =
    [
        "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs",
        "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
        "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
        "ephemeral", "image",
    ];

    private static void ApplyVolume(JsonObject volume)
    {
        // SetDefaults_Volume: a volume without a source is an emptyDir.
        if (!s_volumeSources.Any(s => volume[s] is JsonObject))
        {
            volume["emptyDir"] = new JsonObject();
        }

        foreach (var source in new[] { "secret", "configMap", "downwardAPI", "projected" })
        {
            if (JsonAccess.Object(volume, source) is { } sourceObject)
            {
                JsonAccess.Default(sourceObject, "defaultMode", DefaultMode);
            }
        }

        foreach (var item in JsonAccess.Objects(JsonAccess.Object(volume, "downwardAPI"), "items"))
        {
            if (JsonAccess.Object(item, "fieldRef") is { } fieldRef)
            {
                JsonAccess.Default(fieldRef, "apiVersion", "v1");
            }
        }

        foreach (var projection in JsonAccess.Objects(JsonAccess.Object(volume, "projected"), "sources"))
        {
            foreach (var item in JsonAccess.Objects(JsonAccess.Object(projection, "downwardAPI"), "items"))
            {
                if (JsonAccess.Object(item, "fieldRef") is { } fieldRef)
                {
                    JsonAccess.Default(fieldRef, "apiVersion", "v1");
                }
            }

            // SetDefaults_ServiceAccountTokenProjection
            if (JsonAccess.Object(projection, "serviceAccountToken") is { } token)
            {
                JsonAccess.Default(token, "expirationSeconds", 3600);
            }
        }

        // SetDefaults_HostPathVolumeSource: type "" (HostPathUnset) is written as such.
        if (JsonAccess.Object(volume, "hostPath") is { } hostPath)
        {
            JsonAccess.Default(hostPath, "type", () => JsonValue.Create(string.Empty));
        }
    }

    /// <summary>Defaults a PodTemplateSpec: the spec, and the template metadata as a 1.32 server writes it.</summary>
    public static void ApplyTemplate(JsonObject? template)
    {
        if (template is null)
        {
            return;
        }

        // metav1.Time without omitzero: Kubernetes 1.32 writes an unset template creationTimestamp as null.
        var metadata = JsonAccess.Ensure(template, "metadata");
        if (!metadata.ContainsKey("creationTimestamp"))
        {
            metadata["creationTimestamp"] = null;
        }

        Apply(JsonAccess.Ensure(template, "spec"));
    }
}
