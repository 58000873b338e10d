namespace Ivyo.Schema.Generation;

/// <summary>What Kubernetes declares for one property of a core API type beyond what its CLR type says.</summary>
public sealed record CorePropertyFact
{
    /// <summary>The default as a JSON literal, such as <c>"TCP"</c>.</summary>
    public string? DefaultJson { get; init; }

    /// <summary>x-kubernetes-list-type (map, set or atomic).</summary>
    public string? ListType { get; init; }

    /// <summary>x-kubernetes-list-map-keys, for <c>ListType = "map"</c>.</summary>
    public IReadOnlyList<string>? ListMapKeys { get; init; }

    public string? Pattern { get; init; }

    public string? Format { get; init; }

    public IReadOnlyList<string>? Enum { get; init; }

    public long? MinLength { get; init; }

    public long? MaxLength { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }
}
