using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Storage.Tests;

/// <summary>Small Kubernetes-shaped objects for the tests.</summary>
internal static class Objects
{
    public static JsonObject ConfigMap(string name, string data = "v1", string? resourceVersion = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = "default" };
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = metadata,
            ["data"] = new JsonObject { ["value"] = data },
        };
    }

    public static string Data(this StoredObject stored) => (string)stored.Value["data"]!["value"]!;

    public static string ResourceVersion(this StoredObject stored) => (string)stored.Value["metadata"]!["resourceVersion"]!;
}
