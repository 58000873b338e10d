namespace Ivyo.Cli.Rendering;

/// <summary>How to render: an optional seed for generated names and passwords, and the default namespace.</summary>
public sealed record RenderOptions(int? Seed, string DefaultNamespace);
