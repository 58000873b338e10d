namespace Ivyo.LocalCluster.Registry.Printing;

/// <summary>The list metadata and includeObject choice of a Table response.</summary>
public sealed record TableOptions(IncludeObject IncludeObject = IncludeObject.Metadata, string? ResourceVersion = null, string? Continue = null);
