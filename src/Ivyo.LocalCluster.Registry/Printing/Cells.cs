using System.Globalization;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Json;

namespace Ivyo.LocalCluster.Registry.Printing;

/// <summary>Cell formatting shared by the printers, as pkg/printers/internalversion/printers.go formats it.</summary>
internal static class Cells
{
    public const string None = "<none>";

    public static string Name(JsonObject obj) => JsonAccess.String(obj["metadata"], "name") ?? string.Empty;

    public static string Age(JsonObject obj, DateTimeOffset now) => HumanDuration.Since(JsonAccess.String(obj["metadata"], "creationTimestamp"), now);

    public static string OrNone(string? value) => string.IsNullOrEmpty(value) ? None : value;

    public static long Int(JsonNode? node, string name) => JsonAccess.Integer(node, name) ?? 0;

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>labels.FormatLabels: sorted <c>k=v</c> pairs joined by commas, <c>&lt;none&gt;</c> when empty.</summary>
    public static string Labels(JsonObject? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return None;
        }

        return string.Join(",", labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + SimpleJsonPath.Text(p.Value)));
    }

    /// <summary>metav1.FormatLabelSelector: matchLabels then expressions, <c>&lt;none&gt;</c> for an empty selector.</summary>
    public static string Selector(JsonObject? selector)
    {
        if (selector is null)
        {
            return None;
        }

        var parts = new List<string>();
        if (JsonAccess.Object(selector, "matchLabels") is { } matchLabels)
        {
            parts.AddRange(matchLabels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + SimpleJsonPath.Text(p.Value)));
        }

        foreach (var expression in JsonAccess.Objects(selector, "matchExpressions"))
        {
            var key = JsonAccess.String(expression, "key") ?? string.Empty;
            var values = JsonAccess.Strings(expression, "values").Order(StringComparer.Ordinal);
            var set = "(" + string.Join(",", values) + ")";
            parts.Add(JsonAccess.String(expression, "operator") switch
            {
                "In" => key + " in " + set,
                "NotIn" => key + " notin " + set,
                "Exists" => key,
                "DoesNotExist" => "!" + key,
                var op => key + " " + op + " " + set,
            });
        }

        return parts.Count == 0 ? None : string.Join(",", parts);
    }

    /// <summary>The Containers and Images cells of a pod template.</summary>
    public static (string Names, string Images) Containers(JsonObject? template)
    {
        var containers = JsonAccess.Objects(JsonAccess.Object(template, "spec"), "containers").ToList();
        return (string.Join(",", containers.Select(c => JsonAccess.String(c, "name") ?? string.Empty)),
            string.Join(",", containers.Select(c => JsonAccess.String(c, "image") ?? string.Empty)));
    }

    /// <summary>A quantity as written (already canonical when stored by a typed server).</summary>
    public static string Quantity(JsonNode? node) => node is null ? string.Empty : SimpleJsonPath.Text(node);

    /// <summary>GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, each once.</summary>
    public static string AccessModes(IReadOnlyList<string> modes)
    {
        var result = new List<string>();
        foreach (var (mode, abbreviation) in new[] { ("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP") })
        {
            if (modes.Contains(mode))
            {
                result.Add(abbreviation);
            }
        }

        return string.Join(",", result);
    }
}
