using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching.Apply;

/// <summary>
/// One <c>metadata.managedFields</c> entry (meta/v1 ManagedFieldsEntry) with its FieldsV1 decoded. Entries are
/// identified by manager, operation and subresource, plus apiVersion for Update entries (an applier keeps one entry
/// across versions).
/// </summary>
public sealed record ManagedFieldsEntry(
    string Manager,
    string Operation,
    string? ApiVersion,
    string? Time,
    FieldSet Fields,
    string? Subresource = null)
{
    /// <summary>Whether the entry is a server-side apply's.</summary>
    public bool IsApply => Operation == ManagedFieldsOperation.Apply;

    /// <summary>Whether <paramref name="other"/> is the same manager identity.</summary>
    public bool SameIdentity(ManagedFieldsEntry other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Manager == other.Manager
            && Operation == other.Operation
            && Subresource == other.Subresource
            && (IsApply || ApiVersion == other.ApiVersion);
    }

    /// <summary>
    /// The manager as Kubernetes names it in conflicts: <c>"kubectl"</c> for an applier,
    /// <c>"kubectl-client-side-apply" using v1</c> for an updater, with <c>with subresource "status"</c> when set.
    /// </summary>
    public string Describe()
    {
        var text = PathElements.Json(JsonValue.Create(Manager));
        if (!string.IsNullOrEmpty(Subresource))
        {
            text += " with subresource " + PathElements.Json(JsonValue.Create(Subresource));
        }

        return Operation == ManagedFieldsOperation.Update ? $"{text} using {ApiVersion}" : text;
    }

    /// <summary>Reads an entry; null when it is not an object with a manager.</summary>
    public static ManagedFieldsEntry? FromJson(JsonNode? entry)
    {
        if (entry is not JsonObject obj || Text(obj, "manager") is not { } manager)
        {
            return null;
        }

        return new ManagedFieldsEntry(
            manager,
            Text(obj, "operation") ?? ManagedFieldsOperation.Update,
            Text(obj, "apiVersion"),
            Text(obj, "time"),
            FieldSet.FromFieldsV1(obj["fieldsV1"] as JsonObject),
            Text(obj, "subresource"));
    }

    /// <summary>The entry in the field order Kubernetes serializes it in.</summary>
    public JsonObject ToJson()
    {
        var obj = new JsonObject { ["manager"] = Manager, ["operation"] = Operation };
        if (ApiVersion is not null)
        {
            obj["apiVersion"] = ApiVersion;
        }

        if (Time is not null)
        {
            obj["time"] = Time;
        }

        obj["fieldsType"] = "FieldsV1";
        obj["fieldsV1"] = Fields.ToFieldsV1();
        if (!string.IsNullOrEmpty(Subresource))
        {
            obj["subresource"] = Subresource;
        }

        return obj;
    }

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
