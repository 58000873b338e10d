using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Requests;
using Ivyo.Schema.Validation;

namespace Ivyo.LocalCluster.ApiServer.Objects;

/// <summary>List and watch filters: label and field selectors, and paging.</summary>
public sealed record ListOptions(LabelSelector Labels, FieldSelector Fields, long? Limit, string? Continue)
{
    public static ListOptions All { get; } = new(LabelSelector.Everything, FieldSelector.Everything, null, null);

    public bool Matches(JsonObject obj) => Labels.Matches(ObjectMetadata.Labels(obj)) && Fields.Matches(obj);
}

/// <summary>
/// How a write is done: dryRun, fieldValidation, and the field manager its changes are recorded under (none: no
/// managedFields entry); warnings collected for the <c>Warning</c> header; a check the written object must pass.
/// </summary>
public sealed record WriteOptions(bool DryRun, FieldValidation FieldValidation, string? FieldManager = null)
{
    public List<string> Warnings { get; } = [];

    /// <summary>Runs before anything is stored (also under dryRun); null for none.</summary>
    public IWriteCheck? Check { get; init; }
}

/// <summary>
/// Preconditions, grace period and garbage-collection policy of a delete; <paramref name="OrphanDependents"/> is the
/// deprecated field as sent, which alone decides a 202 response.
/// </summary>
public sealed record DeleteOptions(
    bool DryRun, string? PropagationPolicy, string? ResourceVersion, string? Uid, long? GracePeriodSeconds, bool? OrphanDependents = null);

/// <summary>An opaque continue token: the last key returned, and the list's revision.</summary>
public sealed record ContinueToken(string Key, long Revision)
{
    public static string Encode(ContinueToken token) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new JsonObject { ["k"] = token.Key, ["r"] = token.Revision })));

    public static ContinueToken Decode(string token)
    {
        try
        {
            var node = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)))!;
            return new ContinueToken((string)node["k"]!, (long)node["r"]!);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or NullReferenceException)
        {
            throw Errors.ApiException.BadRequest("continue key is not valid: " + e.Message);
        }
    }
}
