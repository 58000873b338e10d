using Ivyo.Api.V1Beta1;
using Ivyo.Schema.Generation;
using k8s.Models;

namespace Ivyo.Api.Crd;

/// <summary>
/// The IvoryCluster CustomResourceDefinition, generated from the C# types. The committed copy under
/// <c>config/crd/bases/</c> is checked against a fresh generation by a drift test; regenerate it with <c>ivyo crd</c>.
/// </summary>
public static class IvoryClusterCrd
{
    public const string ShortName = "ivc";

    public static CrdDefinition Definition { get; } = new(IvoryCluster.Group, IvoryCluster.Version, IvoryCluster.KindName, IvoryCluster.Plural, typeof(IvoryCluster))
    {
        Singular = "ivorycluster",
        ShortNames = [ShortName],
        Categories = ["ivory"],
        StatusSubresource = true,
        Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "ivyo" },
        PrinterColumns =
        [
            Column("Version", "integer", ".spec.postgresVersion", "The major version of PostgreSQL"),
            Column("Instances", "string", ".status.instances[*].readyReplicas", "Ready instances of each instance set"),
            Column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", "Whether the cluster accepts writes"),
            Column("Primary", "string", ".status.currentPrimary", "The pod Patroni leads with"),
            Column("Paused", "boolean", ".spec.paused", "Whether reconciliation is suspended", priority: 1),
            Column("Age", "date", ".metadata.creationTimestamp", null),
        ],
    };

    /// <summary>The CRD object, as applied to a cluster.</summary>
    public static V1CustomResourceDefinition Build() => new CrdBuilder().Build(Definition);

    /// <summary>The CRD as YAML, byte-for-byte what <c>config/crd/bases/</c> holds.</summary>
    public static string Yaml() => CrdYaml.Serialize(Build());

    private static V1CustomResourceColumnDefinition Column(string name, string type, string path, string? description, int? priority = null) =>
        new() { Name = name, Type = type, JsonPath = path, Description = description, Priority = priority };
}
