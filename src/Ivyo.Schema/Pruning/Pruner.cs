using System.Globalization;
using System.Text.Json.Nodes;
using Ivyo.Schema.Structural;
using k8s.Models;

namespace Ivyo.Schema.Pruning;

/// <summary>
/// Removes the fields a structural schema does not declare, in place, and returns their paths sorted
/// (a port of k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning/algorithm.go). Fields under
/// <c>x-kubernetes-preserve-unknown-fields: true</c> are kept; apiVersion, kind and metadata are kept at the
/// resource root and in embedded resources. Paths look like <c>spec.foo</c>, <c>spec.items[0].bar</c>, <c>spec.labels.key</c>.
/// </summary>
internal static class Pruner
{
    private static readonly HashSet<string> MetaFields = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata" };

    /// <param name="obj">The value to prune (changed in place).</param>
    /// <param name="schema">Its schema, normalized.</param>
    /// <param name="isResourceRoot">True for a whole custom resource, whose apiVersion, kind and metadata are never pruned.</param>
    public static IReadOnlyList<string> Prune(JsonNode? obj, V1JSONSchemaProps? schema, bool isResourceRoot)
    {
        if (isResourceRoot)
        {
            schema = (schema ?? new V1JSONSchemaProps()) with { XKubernetesEmbeddedResource = true };
        }

        var unknown = new List<string>();
        PruneNode(obj, schema, string.Empty, unknown);
        unknown.Sort(StringComparer.Ordinal);
        return unknown;
    }

    private static void PruneNode(JsonNode? x, V1JSONSchemaProps? s, string path, List<string> unknown)
    {
        if (s is not null && s.PreservesUnknownFields())
        {
            SkipPrune(x, s, path, unknown);
            return;
        }

        switch (x)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (s is null)
                    {
                        unknown.Add(AppendKey(path, key));
                        obj.Remove(key);
                        continue;
                    }

                    if (s.IsEmbeddedResource() && MetaFields.Contains(key))
                    {
                        continue;
                    }

                    if (s.Property(key) is { } prop)
                    {
                        PruneNode(obj[key], prop, AppendKey(path, key), unknown);
                    }
                    else if (s.AdditionalProperties is not null)
                    {
                        PruneNode(obj[key], s.AdditionalPropertiesSchema(), AppendKey(path, key), unknown);
                    }
                    else
                    {
                        if (!MetaFields.Contains(key) || path.Length > 0)
                        {
                            unknown.Add(AppendKey(path, key));
                        }

                        obj.Remove(key);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    PruneNode(array[i], s?.ItemsSchema(), AppendIndex(path, i), unknown);
                }

                break;
        }
    }

    private static void SkipPrune(JsonNode? x, V1JSONSchemaProps s, string path, List<string> unknown)
    {
        switch (x)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (s.IsEmbeddedResource() && MetaFields.Contains(key))
                    {
                        continue;
                    }

                    if (s.Property(key) is { } prop)
                    {
                        PruneNode(obj[key], prop, AppendKey(path, key), unknown);
                    }
                    else if (s.AdditionalPropertiesSchema() is { } additional)
                    {
                        PruneNode(obj[key], additional, AppendKey(path, key), unknown);
                    }
                }

                break;
            case JsonArray array when s.ItemsSchema() is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    SkipPrune(array[i], items, AppendIndex(path, i), unknown);
                }

                break;
        }
    }

    private static string AppendKey(string path, string key) => path.Length > 0 ? path + "." + key : key;

    private static string AppendIndex(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
}
