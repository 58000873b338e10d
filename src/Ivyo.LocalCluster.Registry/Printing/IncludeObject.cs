namespace Ivyo.LocalCluster.Registry.Printing;

/// <summary>The <c>includeObject</c> parameter of a Table request: what each row's <c>object</c> holds.</summary>
public enum IncludeObject
{
    /// <summary>No object.</summary>
    None,

    /// <summary>A meta.k8s.io/v1 PartialObjectMetadata (the default).</summary>
    Metadata,

    /// <summary>The full object.</summary>
    Object,
}
