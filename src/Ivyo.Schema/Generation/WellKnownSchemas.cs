using k8s.Models;

namespace Ivyo.Schema.Generation;

/// <summary>The schemas controller-gen emits for Kubernetes' special types.</summary>
public static class WellKnownSchemas
{
    /// <summary>The pattern of a resource.Quantity string (k8s.io/apimachinery/pkg/api/resource).</summary>
    public const string QuantityPattern = @"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

    /// <summary>intstr.IntOrString: an integer or a string.</summary>
    public static V1JSONSchemaProps IntOrString() => new()
    {
        AnyOf = [new V1JSONSchemaProps { Type = "integer" }, new V1JSONSchemaProps { Type = "string" }],
        XKubernetesIntOrString = true,
    };

    /// <summary>resource.Quantity: an integer or a quantity string.</summary>
    public static V1JSONSchemaProps Quantity() => IntOrString() with { Pattern = QuantityPattern };

    /// <summary>A free-form object kept as given.</summary>
    public static V1JSONSchemaProps PreservedObject() => new() { Type = "object", XKubernetesPreserveUnknownFields = true };
}
