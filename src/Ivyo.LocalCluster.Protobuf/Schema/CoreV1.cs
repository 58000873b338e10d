using static Ivyo.LocalCluster.Protobuf.Schema.Field;

namespace Ivyo.LocalCluster.Protobuf.Schema;

/// <summary>
/// k8s.io/api/core/v1 (generated.proto). Fields are listed in Go struct order, which is the JSON
/// order; deep pod fields that kubectl's generators never set (affinity, topology spread, host
/// aliases, DNS config, ephemeral containers, most volume sources) are left out and reported as unknown.
/// </summary>
internal static class CoreV1
{
    public static readonly MessageDescriptor ObjectReference = new(
        "ObjectReference",
        String(1, "kind"),
        String(2, "namespace"),
        String(3, "name"),
        String(4, "uid"),
        String(5, "apiVersion"),
        String(6, "resourceVersion"),
        String(7, "fieldPath"));

    public static readonly MessageDescriptor LocalObjectReference = new(
        "LocalObjectReference",
        String(1, "name"));

    public static readonly MessageDescriptor KeyToPath = new(
        "KeyToPath",
        String(1, "key", JsonPresence.Always),
        String(2, "path", JsonPresence.Always),
        Int32(3, "mode", JsonPresence.Pointer));

    public static readonly MessageDescriptor ConfigMapKeySelector = new(
        "ConfigMapKeySelector",
        Inline(1, LocalObjectReference),
        String(2, "key", JsonPresence.Always),
        Bool(3, "optional", JsonPresence.Pointer));

    public static readonly MessageDescriptor SecretKeySelector = new(
        "SecretKeySelector",
        Inline(1, LocalObjectReference),
        String(2, "key", JsonPresence.Always),
        Bool(3, "optional", JsonPresence.Pointer));

    public static readonly MessageDescriptor ObjectFieldSelector = new(
        "ObjectFieldSelector",
        String(1, "apiVersion"),
        String(2, "fieldPath", JsonPresence.Always));

    public static readonly MessageDescriptor ResourceFieldSelector = new(
        "ResourceFieldSelector",
        String(1, "containerName"),
        String(2, "resource", JsonPresence.Always),
        Quantity(3, "divisor", JsonPresence.Struct));

    public static readonly MessageDescriptor EnvVarSource = new(
        "EnvVarSource",
        Pointer(1, "fieldRef", ObjectFieldSelector),
        Pointer(2, "resourceFieldRef", ResourceFieldSelector),
        Pointer(3, "configMapKeyRef", ConfigMapKeySelector),
        Pointer(4, "secretKeyRef", SecretKeySelector));

    public static readonly MessageDescriptor EnvVar = new(
        "EnvVar",
        String(1, "name", JsonPresence.Always),
        String(2, "value"),
        Pointer(3, "valueFrom", EnvVarSource));

    public static readonly MessageDescriptor ConfigMapEnvSource = new(
        "ConfigMapEnvSource",
        Inline(1, LocalObjectReference),
        Bool(2, "optional", JsonPresence.Pointer));

    public static readonly MessageDescriptor SecretEnvSource = new(
        "SecretEnvSource",
        Inline(1, LocalObjectReference),
        Bool(2, "optional", JsonPresence.Pointer));

    public static readonly MessageDescriptor EnvFromSource = new(
        "EnvFromSource",
        String(1, "prefix"),
        Pointer(2, "configMapRef", ConfigMapEnvSource),
        Pointer(3, "secretRef", SecretEnvSource));

    public static readonly MessageDescriptor ContainerPort = new(
        "ContainerPort",
        String(1, "name"),
        Int32(2, "hostPort"),
        Int32(3, "containerPort", JsonPresence.Always),
        String(4, "protocol"),
        String(5, "hostIP"));

    public static readonly MessageDescriptor ResourceClaim = new(
        "ResourceClaim",
        String(1, "name", JsonPresence.Always),
        String(2, "request"));

    public static readonly MessageDescriptor ResourceRequirements = new(
        "ResourceRequirements",
        QuantityMap(1, "limits"),
        QuantityMap(2, "requests"),
        List(3, "claims", ResourceClaim));

    public static readonly MessageDescriptor ContainerResizePolicy = new(
        "ContainerResizePolicy",
        String(1, "resourceName", JsonPresence.Always),
        String(2, "restartPolicy", JsonPresence.Always));

    public static readonly MessageDescriptor VolumeMount = new(
        "VolumeMount",
        String(1, "name", JsonPresence.Always),
        Bool(2, "readOnly"),
        String(7, "recursiveReadOnly", JsonPresence.Pointer),
        String(3, "mountPath", JsonPresence.Always),
        String(4, "subPath"),
        String(5, "mountPropagation", JsonPresence.Pointer),
        String(6, "subPathExpr"));

    public static readonly MessageDescriptor VolumeDevice = new(
        "VolumeDevice",
        String(1, "name", JsonPresence.Always),
        String(2, "devicePath", JsonPresence.Always));

    public static readonly MessageDescriptor ExecAction = new(
        "ExecAction",
        Strings(1, "command"));

    public static readonly MessageDescriptor HttpHeader = new(
        "HTTPHeader",
        String(1, "name", JsonPresence.Always),
        String(2, "value", JsonPresence.Always));

    public static readonly MessageDescriptor HttpGetAction = new(
        "HTTPGetAction",
        String(1, "path"),
        IntOrString(2, "port", JsonPresence.Struct),
        String(3, "host"),
        String(4, "scheme"),
        List(5, "httpHeaders", HttpHeader));

    public static readonly MessageDescriptor TcpSocketAction = new(
        "TCPSocketAction",
        IntOrString(1, "port", JsonPresence.Struct),
        String(2, "host"));

    public static readonly MessageDescriptor GrpcAction = new(
        "GRPCAction",
        Int32(1, "port", JsonPresence.Always),
        String(2, "service", JsonPresence.Pointer));

    public static readonly MessageDescriptor SleepAction = new(
        "SleepAction",
        Int64(1, "seconds", JsonPresence.Always));

    public static readonly MessageDescriptor ProbeHandler = new(
        "ProbeHandler",
        Pointer(1, "exec", ExecAction),
        Pointer(2, "httpGet", HttpGetAction),
        Pointer(3, "tcpSocket", TcpSocketAction),
        Pointer(4, "grpc", GrpcAction));

    public static readonly MessageDescriptor Probe = new(
        "Probe",
        Inline(1, ProbeHandler),
        Int32(2, "initialDelaySeconds"),
        Int32(3, "timeoutSeconds"),
        Int32(4, "periodSeconds"),
        Int32(5, "successThreshold"),
        Int32(6, "failureThreshold"),
        Int64(7, "terminationGracePeriodSeconds", JsonPresence.Pointer));

    public static readonly MessageDescriptor LifecycleHandler = new(
        "LifecycleHandler",
        Pointer(1, "exec", ExecAction),
        Pointer(2, "httpGet", HttpGetAction),
        Pointer(3, "tcpSocket", TcpSocketAction),
        Pointer(4, "sleep", SleepAction));

    public static readonly MessageDescriptor Lifecycle = new(
        "Lifecycle",
        Pointer(1, "postStart", LifecycleHandler),
        Pointer(2, "preStop", LifecycleHandler));

    public static readonly MessageDescriptor Capabilities = new(
        "Capabilities",
        Strings(1, "add"),
        Strings(2, "drop"));

    public static readonly MessageDescriptor SeLinuxOptions = new(
        "SELinuxOptions",
        String(1, "user"),
        String(2, "role"),
        String(3, "type"),
        String(4, "level"));

    public static readonly MessageDescriptor SeccompProfile = new(
        "SeccompProfile",
        String(1, "type", JsonPresence.Always),
        String(2, "localhostProfile", JsonPresence.Pointer));

    public static readonly MessageDescriptor AppArmorProfile = new(
        "AppArmorProfile",
        String(1, "type", JsonPresence.Always),
        String(2, "localhostProfile", JsonPresence.Pointer));

    public static readonly MessageDescriptor SecurityContext = new(
        "SecurityContext",
        Pointer(1, "capabilities", Capabilities),
        Bool(2, "privileged", JsonPresence.Pointer),
        Pointer(3, "seLinuxOptions", SeLinuxOptions),
        Int64(4, "runAsUser", JsonPresence.Pointer),
        Int64(8, "runAsGroup", JsonPresence.Pointer),
        Bool(5, "runAsNonRoot", JsonPresence.Pointer),
        Bool(6, "readOnlyRootFilesystem", JsonPresence.Pointer),
        Bool(7, "allowPrivilegeEscalation", JsonPresence.Pointer),
        String(9, "procMount", JsonPresence.Pointer),
        Pointer(11, "seccompProfile", SeccompProfile),
        Pointer(12, "appArmorProfile", AppArmorProfile));

    public static readonly MessageDescriptor Container = new(
        "Container",
        String(1, "name", JsonPresence.Always),
        String(2, "image"),
        Strings(3, "command"),
        Strings(4, "args"),
        String(5, "workingDir"),
        List(6, "ports", ContainerPort),
        List(19, "envFrom", EnvFromSource),
        List(7, "env", EnvVar),
        Struct(8, "resources", ResourceRequirements),
        List(23, "resizePolicy", ContainerResizePolicy),
        String(24, "restartPolicy", JsonPresence.Pointer),
        List(9, "volumeMounts", VolumeMount),
        List(21, "volumeDevices", VolumeDevice),
        Pointer(10, "livenessProbe", Probe),
        Pointer(11, "readinessProbe", Probe),
        Pointer(22, "startupProbe", Probe),
        Pointer(12, "lifecycle", Lifecycle),
        String(13, "terminationMessagePath"),
        String(20, "terminationMessagePolicy"),
        String(14, "imagePullPolicy"),
        Pointer(15, "securityContext", SecurityContext),
        Bool(16, "stdin"),
        Bool(17, "stdinOnce"),
        Bool(18, "tty"));

    public static readonly MessageDescriptor HostPathVolumeSource = new(
        "HostPathVolumeSource",
        String(1, "path", JsonPresence.Always),
        String(2, "type", JsonPresence.Pointer));

    public static readonly MessageDescriptor EmptyDirVolumeSource = new(
        "EmptyDirVolumeSource",
        String(1, "medium"),
        Quantity(2, "sizeLimit"));

    public static readonly MessageDescriptor SecretVolumeSource = new(
        "SecretVolumeSource",
        String(1, "secretName"),
        List(2, "items", KeyToPath),
        Int32(3, "defaultMode", JsonPresence.Pointer),
        Bool(4, "optional", JsonPresence.Pointer));

    public static readonly MessageDescriptor PersistentVolumeClaimVolumeSource = new(
        "PersistentVolumeClaimVolumeSource",
        String(1, "claimName", JsonPresence.Always),
        Bool(2, "readOnly"));

    public static readonly MessageDescriptor ConfigMapVolumeSource = new(
        "ConfigMapVolumeSource",
        Inline(1, LocalObjectReference),
        List(2, "items", KeyToPath),
        Int32(3, "defaultMode", JsonPresence.Pointer),
        Bool(4, "optional", JsonPresence.Pointer));

    public static readonly MessageDescriptor VolumeSource = new(
        "VolumeSource",
        Pointer(1, "hostPath", HostPathVolumeSource),
        Pointer(2, "emptyDir", EmptyDirVolumeSource),
        Pointer(6, "secret", SecretVolumeSource),
        Pointer(10, "persistentVolumeClaim", PersistentVolumeClaimVolumeSource),
        Pointer(19, "configMap", ConfigMapVolumeSource));

    public static readonly MessageDescriptor Volume = new(
        "Volume",
        String(1, "name", JsonPresence.Always),
        Inline(2, VolumeSource));

    public static readonly MessageDescriptor PodSecurityContext = new(
        "PodSecurityContext",
        Pointer(1, "seLinuxOptions", SeLinuxOptions),
        Int64(2, "runAsUser", JsonPresence.Pointer),
        Int64(6, "runAsGroup", JsonPresence.Pointer),
        Bool(3, "runAsNonRoot", JsonPresence.Pointer),
        new FieldDescriptor(4, "supplementalGroups", ValueKind.Int64, FieldShape.Repeated, JsonPresence.OmitEmpty),
        Int64(5, "fsGroup", JsonPresence.Pointer),
        String(9, "fsGroupChangePolicy", JsonPresence.Pointer),
        Pointer(10, "seccompProfile", SeccompProfile),
        Pointer(11, "appArmorProfile", AppArmorProfile));

    public static readonly MessageDescriptor Toleration = new(
        "Toleration",
        String(1, "key"),
        String(2, "operator"),
        String(3, "value"),
        String(4, "effect"),
        Int64(5, "tolerationSeconds", JsonPresence.Pointer));

    public static readonly MessageDescriptor PodSpec = new(
        "PodSpec",
        List(1, "volumes", Volume),
        List(20, "initContainers", Container),
        List(2, "containers", Container, JsonPresence.Always),
        String(3, "restartPolicy"),
        Int64(4, "terminationGracePeriodSeconds", JsonPresence.Pointer),
        Int64(5, "activeDeadlineSeconds", JsonPresence.Pointer),
        String(6, "dnsPolicy"),
        StringMap(7, "nodeSelector"),
        String(8, "serviceAccountName"),
        String(9, "serviceAccount"),
        Bool(21, "automountServiceAccountToken", JsonPresence.Pointer),
        String(10, "nodeName"),
        Bool(11, "hostNetwork"),
        Bool(12, "hostPID"),
        Bool(13, "hostIPC"),
        Bool(27, "shareProcessNamespace", JsonPresence.Pointer),
        Pointer(14, "securityContext", PodSecurityContext),
        List(15, "imagePullSecrets", LocalObjectReference),
        String(16, "hostname"),
        String(17, "subdomain"),
        String(19, "schedulerName"),
        List(22, "tolerations", Toleration),
        String(24, "priorityClassName"),
        Int32(25, "priority", JsonPresence.Pointer),
        String(29, "runtimeClassName", JsonPresence.Pointer),
        Bool(30, "enableServiceLinks", JsonPresence.Pointer),
        String(31, "preemptionPolicy", JsonPresence.Pointer),
        QuantityMap(32, "overhead"),
        Bool(35, "setHostnameAsFQDN", JsonPresence.Pointer),
        Bool(37, "hostUsers", JsonPresence.Pointer),
        Pointer(40, "resources", ResourceRequirements));

    public static readonly MessageDescriptor PodTemplateSpec = new(
        "PodTemplateSpec",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        Struct(2, "spec", PodSpec));

    public static readonly MessageDescriptor NamespaceSpec = new(
        "NamespaceSpec",
        Strings(1, "finalizers"));

    public static readonly MessageDescriptor NamespaceStatus = new(
        "NamespaceStatus",
        String(1, "phase"));

    public static readonly MessageDescriptor Namespace = new(
        "Namespace",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        Struct(2, "spec", NamespaceSpec),
        Struct(3, "status", NamespaceStatus));

    public static readonly MessageDescriptor ConfigMap = new(
        "ConfigMap",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        Bool(4, "immutable", JsonPresence.Pointer),
        StringMap(2, "data"),
        BytesMap(3, "binaryData"));

    public static readonly MessageDescriptor Secret = new(
        "Secret",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        Bool(5, "immutable", JsonPresence.Pointer),
        BytesMap(2, "data"),
        StringMap(4, "stringData"),
        String(3, "type"));

    public static readonly MessageDescriptor ServiceAccount = new(
        "ServiceAccount",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        List(2, "secrets", ObjectReference),
        List(3, "imagePullSecrets", LocalObjectReference),
        Bool(4, "automountServiceAccountToken", JsonPresence.Pointer));

    public static readonly MessageDescriptor ServicePort = new(
        "ServicePort",
        String(1, "name"),
        String(2, "protocol"),
        String(6, "appProtocol", JsonPresence.Pointer),
        Int32(3, "port", JsonPresence.Always),
        IntOrString(4, "targetPort", JsonPresence.Struct),
        Int32(5, "nodePort"));

    public static readonly MessageDescriptor ClientIpConfig = new(
        "ClientIPConfig",
        Int32(1, "timeoutSeconds", JsonPresence.Pointer));

    public static readonly MessageDescriptor SessionAffinityConfig = new(
        "SessionAffinityConfig",
        Pointer(1, "clientIP", ClientIpConfig));

    public static readonly MessageDescriptor ServiceSpec = new(
        "ServiceSpec",
        List(1, "ports", ServicePort),
        StringMap(2, "selector"),
        String(3, "clusterIP"),
        Strings(18, "clusterIPs"),
        String(4, "type"),
        Strings(5, "externalIPs"),
        String(7, "sessionAffinity"),
        String(8, "loadBalancerIP"),
        Strings(9, "loadBalancerSourceRanges"),
        String(10, "externalName"),
        String(11, "externalTrafficPolicy"),
        Int32(12, "healthCheckNodePort"),
        Bool(13, "publishNotReadyAddresses"),
        Pointer(14, "sessionAffinityConfig", SessionAffinityConfig),
        Strings(19, "ipFamilies"),
        String(17, "ipFamilyPolicy", JsonPresence.Pointer),
        Bool(20, "allocateLoadBalancerNodePorts", JsonPresence.Pointer),
        String(21, "loadBalancerClass", JsonPresence.Pointer),
        String(22, "internalTrafficPolicy", JsonPresence.Pointer),
        String(23, "trafficDistribution", JsonPresence.Pointer));

    public static readonly MessageDescriptor LoadBalancerStatus = new(
        "LoadBalancerStatus");

    public static readonly MessageDescriptor ServiceStatus = new(
        "ServiceStatus",
        Struct(1, "loadBalancer", LoadBalancerStatus),
        List(2, "conditions", MetaV1.Condition));

    public static readonly MessageDescriptor Service = new(
        "Service",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        Struct(2, "spec", ServiceSpec),
        Struct(3, "status", ServiceStatus));

    public static readonly MessageDescriptor ScopedResourceSelectorRequirement = new(
        "ScopedResourceSelectorRequirement",
        String(1, "scopeName", JsonPresence.Always),
        String(2, "operator", JsonPresence.Always),
        Strings(3, "values"));

    public static readonly MessageDescriptor ScopeSelector = new(
        "ScopeSelector",
        List(1, "matchExpressions", ScopedResourceSelectorRequirement));

    public static readonly MessageDescriptor ResourceQuotaSpec = new(
        "ResourceQuotaSpec",
        QuantityMap(1, "hard"),
        Strings(2, "scopes"),
        Pointer(3, "scopeSelector", ScopeSelector));

    public static readonly MessageDescriptor ResourceQuotaStatus = new(
        "ResourceQuotaStatus",
        QuantityMap(1, "hard"),
        QuantityMap(2, "used"));

    public static readonly MessageDescriptor ResourceQuota = new(
        "ResourceQuota",
        Struct(1, "metadata", MetaV1.ObjectMeta),
        Struct(2, "spec", ResourceQuotaSpec),
        Struct(3, "status", ResourceQuotaStatus));
}
