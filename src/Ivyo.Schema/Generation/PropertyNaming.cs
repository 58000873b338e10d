using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ivyo.Schema.Generation;

/// <summary>How a CLR property appears in JSON: its [JsonPropertyName], or else its camelCase name.</summary>
internal static class PropertyNaming
{
    public static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    /// <summary>The public instance properties that serialize: readable, not indexers, not [JsonIgnore]d always.</summary>
    public static IEnumerable<PropertyInfo> SerializedProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always });
}
