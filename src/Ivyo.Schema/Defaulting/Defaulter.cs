using System.Text.Json.Nodes;
using Ivyo.Schema.Structural;
using k8s.Models;

namespace Ivyo.Schema.Defaulting;

/// <summary>
/// Applies schema defaults in place, as k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting/algorithm.go does:
/// a property's default is set when the property is absent (or null and not nullable) in an object that exists;
/// defaulting then recurses into properties, additionalProperties values and array items. Defaults are deep-copied,
/// and a default object is itself defaulted by the recursion. Objects that are absent are not created.
/// </summary>
internal static class Defaulter
{
    public static void Apply(JsonNode? x, V1JSONSchemaProps? s)
    {
        if (s is null)
        {
            return;
        }

        switch (x)
        {
            case JsonObject obj:
                foreach (var (name, prop) in (s.Properties ?? new Dictionary<string, V1JSONSchemaProps>()).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!prop.HasDefault())
                    {
                        continue;
                    }

                    if (!obj.TryGetPropertyValue(name, out var current) || (current is null && !prop.IsNullable()))
                    {
                        obj[name] = prop.DefaultValue()!.DeepClone();
                    }
                }

                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (s.Property(key) is { } prop)
                    {
                        Apply(obj[key], prop);
                    }
                    else if (s.AdditionalPropertiesSchema() is { } additional)
                    {
                        if (obj[key] is null && !additional.IsNullable() && additional.HasDefault())
                        {
                            obj[key] = additional.DefaultValue()!.DeepClone();
                        }

                        Apply(obj[key], additional);
                    }
                }

                break;
            case JsonArray array when s.ItemsSchema() is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null && !items.IsNullable() && items.HasDefault())
                    {
                        array[i] = items.DefaultValue()!.DeepClone();
                    }

                    Apply(array[i], items);
                }

                break;
        }
    }
}
