using Ivyo.Operator.Images;

namespace Ivyo.Operator.Controllers.IvoryClusters;

/// <summary>How the IvoryCluster controller is set up.</summary>
public sealed record IvoryClusterReconcilerOptions
{
    /// <summary>The field manager of every apply, and the component of every event.</summary>
    public string FieldManager { get; init; } = "ivory-operator";

    /// <summary>Where the operator's <c>RELATED_IMAGE_*</c> settings come from (the process environment in production).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>What each image provides (see docs/reference/image-catalog.md).</summary>
    public ImageCatalog Images { get; init; } = ImageCatalog.Default;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
