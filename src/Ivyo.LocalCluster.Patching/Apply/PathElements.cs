using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>
/// The path elements of structured-merge-diff in their FieldsV1 spelling: <c>f:name</c> (a field of an object),
/// <c>k:{"name":"x"}</c> (a map-list item by its key fields, sorted by name), <c>v:"x"</c> (a set item by value)
/// and <c>i:0</c> (an item of an atomic list by index). Values are compact JSON.
/// </summary>
public static class PathElements
{
    /// <summary>The element of the field <paramref name="name"/>.</summary>
    public static string Field(string name) => "f:" + name;

    /// <summary>The element of a map-list item whose key fields are <paramref name="keyFields"/>.</summary>
    public static string Key(IEnumerable<KeyValuePair<string, JsonNode?>> keyFields)
    {
        ArgumentNullException.ThrowIfNull(keyFields);
        return "k:" + CanonicalKey(keyFields);
    }

    /// <summary>The element of the set item <paramref name="value"/>.</summary>
    public static string Value(JsonNode? value) => "v:" + Json(value);

    /// <summary>The element of the item at <paramref name="index"/>.</summary>
    public static string Index(int index) => "i:" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The element in canonical form: key fields sorted and values re-encoded compactly, so that elements read from
    /// stored managedFields compare equal to the ones computed from objects.
    /// </summary>
    public static string Canonical(string element)
    {
        ArgumentNullException.ThrowIfNull(element);
        try
        {
            if (element.StartsWith("k:", StringComparison.Ordinal) && JsonNode.Parse(element[2..]) is JsonObject keys)
            {
                return Key(keys);
            }

            if (element.StartsWith("v:", StringComparison.Ordinal))
            {
                return Value(JsonNode.Parse(element[2..]));
            }
        }
        catch (JsonException)
        {
            // Not JSON: kept as written.
        }

        return element;
    }

    /// <summary>
    /// A path as Kubernetes prints it in conflicts: <c>.spec.containers[name="nginx"].image</c>,
    /// <c>.metadata.finalizers[="x"]</c>, <c>.spec.args[0]</c>.
    /// </summary>
    public static string Format(IEnumerable<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = new StringBuilder();
        foreach (var element in path)
        {
            if (element.StartsWith("f:", StringComparison.Ordinal))
            {
                text.Append('.').Append(element, 2, element.Length - 2);
            }
            else if (element.StartsWith("k:", StringComparison.Ordinal) && TryParse(element[2..]) is JsonObject keys)
            {
                text.Append('[')
                    .AppendJoin(',', keys.Select(k => k.Key + "=" + Json(k.Value)))
                    .Append(']');
            }
            else if (element.StartsWith("v:", StringComparison.Ordinal))
            {
                text.Append("[=").Append(element, 2, element.Length - 2).Append(']');
            }
            else if (element.StartsWith("i:", StringComparison.Ordinal))
            {
                text.Append('[').Append(element, 2, element.Length - 2).Append(']');
            }
            else
            {
                text.Append(element);
            }
        }

        return text.ToString();
    }

    internal static string Json(JsonNode? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string CanonicalKey(IEnumerable<KeyValuePair<string, JsonNode?>> keyFields)
    {
        var sorted = new JsonObject();
        foreach (var (name, value) in keyFields.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            sorted[name] = value?.DeepClone();
        }

        return Json(sorted);
    }

    private static JsonNode? TryParse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
