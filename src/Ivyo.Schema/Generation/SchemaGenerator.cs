using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ivyo.Schema.Markers;
using k8s.Models;

namespace Ivyo.Schema.Generation;

/// <summary>
/// Builds the structural OpenAPI v3 schema of a CLR type by reflection, like controller-gen does for Go types.
/// Properties are named by [JsonPropertyName] or camelCase and sorted; only [Required] makes a property of our own
/// types required. KubernetesClient model types (k8s.Models) are reflected too, their non-nullable value-type
/// properties are required, and <see cref="CoreTypeFacts"/> adds what Kubernetes declares for them
/// (required fields, defaults, list types, validations).
/// </summary>
public sealed class SchemaGenerator
{
    private static readonly Assembly KubernetesModels = typeof(V1Container).Assembly;
    private readonly CoreTypeFacts _coreFacts;

    public SchemaGenerator()
        : this(CoreTypeFacts.Kubernetes)
    {
    }

    public SchemaGenerator(CoreTypeFacts coreFacts)
    {
        ArgumentNullException.ThrowIfNull(coreFacts);
        _coreFacts = coreFacts;
    }

    public V1JSONSchemaProps Generate<T>() => Generate(typeof(T));

    /// <summary>The schema of <paramref name="type"/>; a new object graph on each call.</summary>
    /// <exception cref="RecursiveTypeException">The type refers to itself.</exception>
    public V1JSONSchemaProps Generate(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return GenerateType(type, []);
    }

    /// <summary>Whether a type is a KubernetesClient model (a Kubernetes core API type).</summary>
    public static bool IsKubernetesModel(Type type) => type.Assembly == KubernetesModels && type.Namespace == "k8s.Models";

    private V1JSONSchemaProps GenerateType(Type type, List<Type> chain)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;

        if (ScalarSchema(type) is { } scalar)
        {
            return scalar;
        }

        if (type == typeof(IntOrString))
        {
            return WellKnownSchemas.IntOrString();
        }

        if (type == typeof(ResourceQuantity))
        {
            return WellKnownSchemas.Quantity();
        }

        if (typeof(JsonNode).IsAssignableFrom(type) || type == typeof(JsonElement) || type == typeof(JsonDocument))
        {
            return WellKnownSchemas.PreservedObject();
        }

        if (type == typeof(object))
        {
            return new V1JSONSchemaProps { XKubernetesPreserveUnknownFields = true };
        }

        if (type == typeof(V1ObjectMeta))
        {
            return new V1JSONSchemaProps { Type = "object" };
        }

        if (TypeShapes.DictionaryValueType(type) is { } valueType)
        {
            return new V1JSONSchemaProps { Type = "object", AdditionalProperties = GenerateType(valueType, chain) };
        }

        if (TypeShapes.ElementType(type) is { } elementType)
        {
            return new V1JSONSchemaProps { Type = "array", Items = GenerateType(elementType, chain) };
        }

        return GenerateObject(type, chain);
    }

    private static V1JSONSchemaProps? ScalarSchema(Type type)
    {
        if (type == typeof(string) || type == typeof(char) || type == typeof(Guid) || type == typeof(TimeSpan) || type == typeof(Uri))
        {
            return new V1JSONSchemaProps { Type = "string" };
        }

        if (type == typeof(bool))
        {
            return new V1JSONSchemaProps { Type = "boolean" };
        }

        if (type == typeof(int) || type == typeof(short) || type == typeof(sbyte) || type == typeof(byte) || type == typeof(ushort))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int32" };
        }

        if (type == typeof(long) || type == typeof(uint) || type == typeof(ulong))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int64" };
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return new V1JSONSchemaProps { Type = "number" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new V1JSONSchemaProps { Type = "string", Format = "date-time" };
        }

        if (type == typeof(byte[]))
        {
            return new V1JSONSchemaProps { Type = "string", Format = "byte" };
        }

        if (type.IsEnum)
        {
            var names = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => (object)(f.GetCustomAttribute<System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name))
                .ToList();
            return new V1JSONSchemaProps { Type = "string", EnumProperty = names };
        }

        return null;
    }

    private V1JSONSchemaProps GenerateObject(Type type, List<Type> chain)
    {
        if (chain.Contains(type))
        {
            throw new RecursiveTypeException([.. chain, type]);
        }

        chain.Add(type);
        try
        {
            var isCore = IsKubernetesModel(type);
            var fact = isCore ? _coreFacts.Find(type) : null;
            var properties = new SortedDictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal);
            var required = new SortedSet<string>(StringComparer.Ordinal);

            foreach (var property in PropertyNaming.SerializedProperties(type))
            {
                var name = PropertyNaming.JsonName(property);
                properties[name] = GenerateProperty(property, chain, fact?.Properties.GetValueOrDefault(name));

                var isValueType = property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null;
                if (property.GetCustomAttribute<RequiredAttribute>() is not null
                    || (isCore && isValueType && fact?.Optional.Contains(name) != true))
                {
                    required.Add(name);
                }
            }

            foreach (var name in fact?.Required ?? [])
            {
                required.Add(name);
            }

            var schema = new V1JSONSchemaProps
            {
                Type = "object",
                Description = type.GetCustomAttribute<DocAttribute>()?.Text,
                Properties = properties.Count > 0 ? new Dictionary<string, V1JSONSchemaProps>(properties, StringComparer.Ordinal) : null,
                Required = required.Count > 0 ? required.ToList() : null,
            };

            if (fact?.Atomic == true)
            {
                schema.XKubernetesMapType = "atomic";
            }

            var rules = type.GetCustomAttributes<CelRuleAttribute>().Select(MarkerApplier.ToRule).ToList();
            if (rules.Count > 0)
            {
                schema.XKubernetesValidations = rules;
            }

            return schema;
        }
        finally
        {
            chain.RemoveAt(chain.Count - 1);
        }
    }

    private V1JSONSchemaProps GenerateProperty(PropertyInfo property, List<Type> chain, CorePropertyFact? fact)
    {
        var preserve = property.GetCustomAttribute<PreserveUnknownFieldsAttribute>() is not null;
        var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var schema = preserve && chain.Contains(propertyType)
            ? WellKnownSchemas.PreservedObject()
            : GenerateType(property.PropertyType, chain);

        if (preserve)
        {
            schema.XKubernetesPreserveUnknownFields = true;
            if (schema.Type is null && schema.XKubernetesIntOrString != true)
            {
                schema.Type = "object";
            }
        }

        if (fact is not null)
        {
            ApplyCoreFact(property, schema, fact);
        }

        MarkerApplier.Apply(property, schema);
        return schema;
    }

    private static void ApplyCoreFact(PropertyInfo property, V1JSONSchemaProps schema, CorePropertyFact fact)
    {
        if (fact.DefaultJson is not null)
        {
            schema.DefaultProperty = MarkerApplier.ParseDefault(property, fact.DefaultJson);
        }

        if (fact.ListType is not null)
        {
            schema.XKubernetesListType = fact.ListType;
            schema.XKubernetesListMapKeys = fact.ListMapKeys?.ToList();
        }

        schema.Pattern = fact.Pattern ?? schema.Pattern;
        schema.Format = fact.Format ?? schema.Format;
        schema.EnumProperty = fact.Enum?.Cast<object>().ToList() ?? schema.EnumProperty;
        schema.MinLength = fact.MinLength ?? schema.MinLength;
        schema.MaxLength = fact.MaxLength ?? schema.MaxLength;
        schema.Minimum = fact.Minimum ?? schema.Minimum;
        schema.Maximum = fact.Maximum ?? schema.Maximum;
    }
}
