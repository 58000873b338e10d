using k8s.Models;

namespace Ivyo.Schema.Generation;

/// <summary>
/// Builds a CustomResourceDefinition (apiextensions.k8s.io/v1) for a CLR resource type: the root schema holds
/// apiVersion and kind strings, a plain <c>metadata: {type: object}</c>, and the generated spec and status.
/// </summary>
public sealed class CrdBuilder
{
    private const string ApiVersionDoc = "APIVersion defines the versioned schema of this representation of an object. " +
        "Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. " +
        "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";

    private const string KindDoc = "Kind is a string value representing the REST resource this object represents. " +
        "Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. " +
        "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

    private readonly SchemaGenerator _generator;

    public CrdBuilder()
        : this(new SchemaGenerator())
    {
    }

    public CrdBuilder(SchemaGenerator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
    }

    public V1CustomResourceDefinition Build(CrdDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta
            {
                Name = $"{definition.Plural}.{definition.Group}",
                Labels = definition.Labels.Count > 0 ? new SortedDictionary<string, string>(definition.Labels.ToDictionary(), StringComparer.Ordinal) : null,
                Annotations = definition.Annotations.Count > 0 ? new SortedDictionary<string, string>(definition.Annotations.ToDictionary(), StringComparer.Ordinal) : null,
            },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = definition.Group,
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = definition.Kind,
                    ListKind = definition.Kind + "List",
                    Plural = definition.Plural,
                    Singular = definition.Singular ?? definition.Kind.ToLowerInvariant(),
                    ShortNames = definition.ShortNames.Count > 0 ? definition.ShortNames.ToList() : null,
                    Categories = definition.Categories.Count > 0 ? definition.Categories.ToList() : null,
                },
                Scope = definition.Scope,
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = definition.Version,
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = RootSchema(definition.RootType) },
                        Subresources = definition.StatusSubresource
                            ? new V1CustomResourceSubresources { Status = new Dictionary<string, object>() }
                            : null,
                        AdditionalPrinterColumns = definition.PrinterColumns.Count > 0 ? definition.PrinterColumns.ToList() : null,
                    },
                ],
            },
        };
    }

    /// <summary>The openAPIV3Schema of a resource type.</summary>
    public V1JSONSchemaProps RootSchema(Type rootType)
    {
        ArgumentNullException.ThrowIfNull(rootType);
        var typeSchema = _generator.Generate(rootType);
        var properties = new SortedDictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal)
        {
            ["apiVersion"] = new() { Type = "string", Description = ApiVersionDoc },
            ["kind"] = new() { Type = "string", Description = KindDoc },
            ["metadata"] = new() { Type = "object" },
        };

        foreach (var name in new[] { "spec", "status" })
        {
            if (typeSchema.Properties?.TryGetValue(name, out var schema) == true)
            {
                properties[name] = schema;
            }
        }

        var required = typeSchema.Required?.Where(properties.ContainsKey).ToList();
        return new V1JSONSchemaProps
        {
            Type = "object",
            Description = typeSchema.Description,
            Properties = new Dictionary<string, V1JSONSchemaProps>(properties, StringComparer.Ordinal),
            Required = required is { Count: > 0 } ? required : null,
            XKubernetesValidations = typeSchema.XKubernetesValidations,
        };
    }
}
