namespace Ivyo.LocalCluster.Registry.Catalog;

/// <summary>
/// A subresource as API discovery lists it (for example <c>pods/status</c>): its name after the slash, the kind it
/// reads and writes, and its verbs. <paramref name="Group"/> and <paramref name="Version"/> are set when the kind
/// belongs to another group, as <c>autoscaling/v1 Scale</c> for <c>scale</c> or <c>policy/v1 Eviction</c>.
/// </summary>
public sealed record Subresource(string Name, string Kind, IReadOnlyList<string> Verbs, string? Group = null, string? Version = null);
