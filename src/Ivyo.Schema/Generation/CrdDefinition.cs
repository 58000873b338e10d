using k8s.Models;

namespace Ivyo.Schema.Generation;

/// <summary>What a CustomResourceDefinition for one API version is made of.</summary>
/// <param name="Group">The API group, such as <c>ivyo.example.org</c>.</param>
/// <param name="Version">The version name, such as <c>v1beta1</c>.</param>
/// <param name="Kind">The kind, such as <c>IvoryCluster</c>.</param>
/// <param name="Plural">The plural resource name, such as <c>ivoryclusters</c>.</param>
/// <param name="RootType">The CLR type of the resource; its <c>spec</c> and <c>status</c> properties give the schema.</param>
public sealed record CrdDefinition(string Group, string Version, string Kind, string Plural, Type RootType)
{
    /// <summary>The singular name; lower-case kind when not set.</summary>
    public string? Singular { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary><c>Namespaced</c> or <c>Cluster</c>.</summary>
    public string Scope { get; init; } = "Namespaced";

    /// <summary>Whether the status subresource is enabled.</summary>
    public bool StatusSubresource { get; init; } = true;

    public IReadOnlyList<V1CustomResourceColumnDefinition> PrinterColumns { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
