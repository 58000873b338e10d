using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ivyo.Schema.Json;
using Ivyo.Schema.Markers;
using k8s.Models;

namespace Ivyo.Schema.Generation;

/// <summary>
/// Applies the marker attributes of a property to its schema. Scalar constraints (pattern, enum, string lengths,
/// bounds, format) on a list or map property apply to its items or values, like controller-gen's items markers;
/// list and size markers apply to the list itself, and [RequiredKeys] lists the keys a map must have.
/// </summary>
internal static class MarkerApplier
{
    public static void Apply(PropertyInfo property, V1JSONSchemaProps schema)
    {
        var element = ScalarTarget(schema);

        if (property.GetCustomAttribute<PatternAttribute>() is { } pattern)
        {
            element.Pattern = pattern.Pattern;
        }

        if (property.GetCustomAttribute<EnumAttribute>() is { } enumeration)
        {
            element.EnumProperty = enumeration.Values.Cast<object>().ToList();
        }

        if (property.GetCustomAttribute<MinLengthAttribute>() is { } minLength)
        {
            element.MinLength = minLength.Value;
        }

        if (property.GetCustomAttribute<MaxLengthAttribute>() is { } maxLength)
        {
            element.MaxLength = maxLength.Value;
        }

        if (property.GetCustomAttribute<MinimumAttribute>() is { } minimum)
        {
            element.Minimum = minimum.Value;
        }

        if (property.GetCustomAttribute<MaximumAttribute>() is { } maximum)
        {
            element.Maximum = maximum.Value;
        }

        if (property.GetCustomAttribute<FormatAttribute>() is { } format)
        {
            element.Format = format.Format.Length == 0 ? null : format.Format;
        }

        if (property.GetCustomAttribute<MinItemsAttribute>() is { } minItems)
        {
            schema.MinItems = minItems.Value;
        }

        if (property.GetCustomAttribute<MaxItemsAttribute>() is { } maxItems)
        {
            schema.MaxItems = maxItems.Value;
        }

        if (property.GetCustomAttribute<ListMapAttribute>() is { } listMap)
        {
            schema.XKubernetesListType = "map";
            schema.XKubernetesListMapKeys = listMap.Keys.ToList();
        }

        if (property.GetCustomAttribute<ListSetAttribute>() is not null)
        {
            schema.XKubernetesListType = "set";
        }

        if (property.GetCustomAttribute<RequiredKeysAttribute>() is { } requiredKeys)
        {
            schema.Required = (schema.Required ?? []).Concat(requiredKeys.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        }

        if (property.GetCustomAttribute<DefaultAttribute>() is { } defaultValue)
        {
            schema.DefaultProperty = ParseDefault(property, defaultValue.Json);
        }

        var rules = property.GetCustomAttributes<CelRuleAttribute>().ToList();
        if (rules.Count > 0)
        {
            schema.XKubernetesValidations = [.. schema.XKubernetesValidations ?? [], .. rules.Select(ToRule)];
        }

        if (property.GetCustomAttribute<DocAttribute>() is { } doc)
        {
            schema.Description = doc.Text;
        }
    }

    public static V1ValidationRule ToRule(CelRuleAttribute rule) => new()
    {
        Rule = rule.Rule,
        Message = string.IsNullOrEmpty(rule.Message) ? null : rule.Message,
        FieldPath = rule.FieldPath,
    };

    /// <summary>Parses a default given as JSON into plain values for the schema model.</summary>
    public static object? ParseDefault(MemberInfo member, string json)
    {
        try
        {
            return JsonValues.ToPlainObject(JsonNode.Parse(json));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The default of {member.DeclaringType?.Name}.{member.Name} is not valid JSON: {json}", e);
        }
    }

    private static V1JSONSchemaProps ScalarTarget(V1JSONSchemaProps schema) => schema switch
    {
        { Type: "array", Items: V1JSONSchemaProps items } => items,
        { Type: "object", Properties: null, AdditionalProperties: V1JSONSchemaProps values } => values,
        _ => schema,
    };
}
