using k8s.Models;

namespace Ivyo.Schema.Generation;

/// <summary>
/// Kubernetes' schema facts for the core API types IVYO embeds, as the CRD generator (controller-gen) emits them
/// from the +required, +default, +listType and validation markers of k8s.io/api and k8s.io/apimachinery.
/// Required fields, defaults and list types are checked against the IvorySQL operator's CRD in
/// testassets/reference. <c>x-kubernetes-map-type: atomic</c> marks the structs declared +structType=atomic
/// (and the ones that embed LocalObjectReference), which newer controller-gen versions emit; it only affects
/// server-side apply. Non-nullable value-type properties are required without being listed here.
/// </summary>
internal static class KubernetesCoreFacts
{
    public static IEnumerable<CoreTypeFact> All() =>
    [
        // Scheduling
        Fact<V1NodeSelector>("nodeSelectorTerms") with { Atomic = true },
        Fact<V1NodeSelectorTerm>() with { Atomic = true },
        Fact<V1NodeSelectorRequirement>("key", "operator"),
        Fact<V1PreferredSchedulingTerm>("preference", "weight"),
        Fact<V1PodAffinityTerm>("topologyKey"),
        Fact<V1WeightedPodAffinityTerm>("podAffinityTerm", "weight"),
        Fact<V1TopologySpreadConstraint>("maxSkew", "topologyKey", "whenUnsatisfiable"),
        Fact<V1LabelSelector>() with { Atomic = true },
        Fact<V1LabelSelectorRequirement>("key", "operator"),

        // References and selectors
        Fact<V1LocalObjectReference>() with { Atomic = true },
        Fact<V1TypedLocalObjectReference>("kind", "name") with { Atomic = true },
        Fact<V1TypedObjectReference>("kind", "name"),
        Fact<V1ObjectReference>() with { Atomic = true },
        Fact<V1ObjectFieldSelector>("fieldPath") with { Atomic = true },
        Fact<V1ResourceFieldSelector>("resource") with { Atomic = true },
        Fact<V1ConfigMapKeySelector>("key") with { Atomic = true },
        Fact<V1SecretKeySelector>("key") with { Atomic = true },
        Fact<V1FileKeySelector>("key", "path", "volumeName"),
        Fact<V1ConfigMapEnvSource>() with { Atomic = true },
        Fact<V1SecretEnvSource>() with { Atomic = true },

        // Volumes and projections
        Fact<V1ConfigMapProjection>() with { Atomic = true },
        Fact<V1SecretProjection>() with { Atomic = true },
        Fact<V1ConfigMapVolumeSource>() with { Atomic = true },
        Fact<V1KeyToPath>("key", "path"),
        Fact<V1DownwardAPIVolumeFile>("path"),
        Fact<V1ServiceAccountTokenProjection>("path"),
        Fact<V1ClusterTrustBundleProjection>("path"),
        Fact<V1PodCertificateProjection>("keyType", "signerName"),
        Fact<V1VolumeMount>("mountPath", "name"),
        Fact<V1VolumeDevice>("devicePath", "name"),

        // Containers
        Fact<V1Container>("name"),
        Fact<V1ContainerPort>("containerPort") with
        {
            Properties = Props(("protocol", new CorePropertyFact { DefaultJson = "\"TCP\"" })),
        },
        Fact<V1EnvVar>("name"),
        Fact<V1HTTPGetAction>("port"),
        Fact<V1HTTPHeader>("name", "value"),
        Fact<V1TCPSocketAction>("port"),
        Fact<V1GRPCAction>("port"),
        Fact<V1SleepAction>("seconds"),
        Fact<V1SeccompProfile>("type"),
        Fact<V1AppArmorProfile>("type"),
        Fact<V1ContainerResizePolicy>("resourceName", "restartPolicy"),
        Fact<V1ContainerRestartRule>("action"),
        Fact<V1ContainerRestartRuleOnExitCodes>("operator"),
        Fact<Corev1ResourceClaim>("name"),

        // metav1.Condition, with its kubebuilder validations
        Fact<V1Condition>("lastTransitionTime", "message", "reason", "status", "type") with
        {
            Properties = Props(
                ("type", new CorePropertyFact
                {
                    MaxLength = 316,
                    Pattern = @"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
                }),
                ("status", new CorePropertyFact { Enum = ["True", "False", "Unknown"] }),
                ("observedGeneration", new CorePropertyFact { Minimum = 0 }),
                ("lastTransitionTime", new CorePropertyFact { Format = "date-time" }),
                ("reason", new CorePropertyFact { MinLength = 1, MaxLength = 1024, Pattern = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$" }),
                ("message", new CorePropertyFact { MaxLength = 32768 })),
        },
    ];

    /// <summary>List types of properties, kept apart from the type facts above for readability.</summary>
    public static IReadOnlyDictionary<Type, IReadOnlyDictionary<string, CorePropertyFact>> ListTypes { get; } =
        new Dictionary<Type, IReadOnlyDictionary<string, CorePropertyFact>>
        {
            [typeof(V1Container)] = Props(("ports", new CorePropertyFact { ListType = "map", ListMapKeys = ["containerPort", "protocol"] })),
        };

    private static CoreTypeFact Fact<T>(params string[] required) => new(typeof(T))
    {
        Required = required,
        Properties = ListTypes.GetValueOrDefault(typeof(T)) ?? Props(),
    };

    private static IReadOnlyDictionary<string, CorePropertyFact> Props(params (string Name, CorePropertyFact Fact)[] facts) =>
        facts.ToDictionary(f => f.Name, f => f.Fact, StringComparer.Ordinal);
}
