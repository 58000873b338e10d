using System.Text.Json.Nodes;

namespace Ivyo.ControllerRuntime.Cache;

/// <summary>Reads the <c>metadata</c> fields of an untyped object, as client-go's <c>meta.Accessor</c> does for unstructured ones.</summary>
public static class Metadata
{
    /// <summary><c>metadata.name</c>, or empty.</summary>
    public static string Name(JsonObject obj) => Field(obj, "name");

    /// <summary><c>metadata.namespace</c>, or empty for cluster-scoped objects.</summary>
    public static string Namespace(JsonObject obj) => Field(obj, "namespace");

    /// <summary><c>metadata.uid</c>, or empty.</summary>
    public static string Uid(JsonObject obj) => Field(obj, "uid");

    /// <summary><c>metadata.resourceVersion</c>, or empty.</summary>
    public static string ResourceVersion(JsonObject obj) => Field(obj, "resourceVersion");

    /// <summary>The value of label <paramref name="key"/>, or null.</summary>
    public static string? Label(JsonObject obj, string key)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj["metadata"]?["labels"] is JsonObject labels && labels[key] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
    }

    /// <summary>The owner reference with <c>controller: true</c>, if any.</summary>
    public static ControllerReference? Controller(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj["metadata"]?["ownerReferences"] is not JsonArray owners)
        {
            return null;
        }

        foreach (var owner in owners)
        {
            if (owner is JsonObject o && o["controller"] is JsonValue controller && controller.TryGetValue<bool>(out var isController) && isController)
            {
                return new ControllerReference(
                    (string?)o["apiVersion"] ?? "", (string?)o["kind"] ?? "", (string?)o["name"] ?? "", (string?)o["uid"] ?? "");
            }
        }

        return null;
    }

    private static string Field(JsonObject obj, string name)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj["metadata"]?[name] is JsonValue value && value.TryGetValue<string>(out var s) ? s : "";
    }
}
