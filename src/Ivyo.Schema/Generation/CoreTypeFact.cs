namespace Ivyo.Schema.Generation;

/// <summary>
/// What Kubernetes' schema of a core API type (k8s.Models) declares that the CLR model cannot tell:
/// required fields, defaults, list types and validations.
/// </summary>
/// <param name="Type">The KubernetesClient model type.</param>
public sealed record CoreTypeFact(Type Type)
{
    /// <summary>Required properties (JSON names), in addition to non-nullable value-type properties.</summary>
    public IReadOnlyList<string> Required { get; init; } = [];

    /// <summary>Non-nullable value-type properties that Kubernetes nevertheless does not require.</summary>
    public IReadOnlyList<string> Optional { get; init; } = [];

    /// <summary>The type is an atomic struct (<c>x-kubernetes-map-type: atomic</c>).</summary>
    public bool Atomic { get; init; }

    /// <summary>Facts about individual properties, by JSON name.</summary>
    public IReadOnlyDictionary<string, CorePropertyFact> Properties { get; init; } = new Dictionary<string, CorePropertyFact>();
}
