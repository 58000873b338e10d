using k8s.Models;

namespace Ivyo.LocalCluster.Scheduler.Tests;

/// <summary>Nodes and pods for tests, shaped as a kubelet and a controller would create them.</summary>
internal static class TestObjects
{
    public static V1Node Node(string name, string? zone = null, Dictionary<string, string>? labels = null, string cpu = "4", string memory = "8Gi", int pods = 110)
    {
        var all = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name };
        if (zone is not null)
        {
            all["topology.kubernetes.io/zone"] = zone;
        }

        foreach (var (key, value) in labels ?? [])
        {
            all[key] = value;
        }

        return new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = all },
            Spec = new V1NodeSpec(),
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity>
                {
                    ["cpu"] = new(cpu),
                    ["memory"] = new(memory),
                    ["pods"] = new(pods.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                },
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
            },
        };
    }

    public static V1Taint Taint(string key, string effect = "NoSchedule", string? value = null) => new() { Key = key, Effect = effect, Value = value };

    public static V1Pod Pod(string name, Dictionary<string, string>? labels = null, string @namespace = "default", string? cpu = null, string? memory = null)
    {
        var requests = new Dictionary<string, ResourceQuantity>();
        if (cpu is not null)
        {
            requests["cpu"] = new ResourceQuantity(cpu);
        }

        if (memory is not null)
        {
            requests["memory"] = new ResourceQuantity(memory);
        }

        return new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Labels = labels ?? new Dictionary<string, string>(), Uid = Guid.NewGuid().ToString() },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "main", Image = "busybox", Resources = new V1ResourceRequirements { Requests = requests } }],
            },
        };
    }

    public static V1PodAffinityTerm Term(string topologyKey, Dictionary<string, string> matchLabels) =>
        new() { TopologyKey = topologyKey, LabelSelector = new V1LabelSelector { MatchLabels = matchLabels } };

    public static V1Pod WithRequiredAntiAffinity(this V1Pod pod, string topologyKey, Dictionary<string, string> matchLabels)
    {
        pod.Spec.Affinity ??= new V1Affinity();
        pod.Spec.Affinity.PodAntiAffinity ??= new V1PodAntiAffinity();
        pod.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution ??= [];
        pod.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution.Add(Term(topologyKey, matchLabels));
        return pod;
    }

    public static V1Pod WithPreferredAntiAffinity(this V1Pod pod, int weight, string topologyKey, Dictionary<string, string> matchLabels)
    {
        pod.Spec.Affinity ??= new V1Affinity();
        pod.Spec.Affinity.PodAntiAffinity ??= new V1PodAntiAffinity();
        pod.Spec.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution ??= [];
        pod.Spec.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution.Add(new V1WeightedPodAffinityTerm { PodAffinityTerm = Term(topologyKey, matchLabels), Weight = weight });
        return pod;
    }

    public static V1Pod WithRequiredAffinity(this V1Pod pod, V1PodAffinityTerm term)
    {
        pod.Spec.Affinity ??= new V1Affinity();
        pod.Spec.Affinity.PodAffinity ??= new V1PodAffinity();
        pod.Spec.Affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution ??= [];
        pod.Spec.Affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution.Add(term);
        return pod;
    }

    public static V1Pod WithSpread(this V1Pod pod, int maxSkew, string topologyKey, string whenUnsatisfiable, Dictionary<string, string> matchLabels, int? minDomains = null)
    {
        pod.Spec.TopologySpreadConstraints ??= [];
        pod.Spec.TopologySpreadConstraints.Add(new V1TopologySpreadConstraint
        {
            MaxSkew = maxSkew,
            TopologyKey = topologyKey,
            WhenUnsatisfiable = whenUnsatisfiable,
            LabelSelector = new V1LabelSelector { MatchLabels = matchLabels },
            MinDomains = minDomains,
        });
        return pod;
    }

    public static V1Pod WithToleration(this V1Pod pod, string key, string op = "Exists", string? effect = null)
    {
        pod.Spec.Tolerations ??= [];
        pod.Spec.Tolerations.Add(new V1Toleration { Key = key, OperatorProperty = op, Effect = effect });
        return pod;
    }

    public static V1Pod WithEqualToleration(this V1Pod pod, string key, string value)
    {
        pod.Spec.Tolerations ??= [];
        pod.Spec.Tolerations.Add(new V1Toleration { Key = key, OperatorProperty = "Equal", Value = value });
        return pod;
    }

    public static V1Pod OnNode(this V1Pod pod, string node)
    {
        pod.Spec.NodeName = node;
        return pod;
    }
}
