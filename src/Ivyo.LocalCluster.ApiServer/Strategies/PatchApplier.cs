using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Http;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.Patching;

namespace Ivyo.LocalCluster.ApiServer.Strategies;

/// <summary>Chooses the patch semantics by content type, as kube-apiserver's patch handler does.</summary>
public sealed class PatchApplier : IPatchApplier
{
    public JsonObject Apply(ServedResource resource, string contentType, JsonObject current, JsonNode patch)
    {
        try
        {
            var result = contentType switch
            {
                PatchContentTypes.JsonPatch => JsonPatch.Apply(current, patch as JsonArray
                    ?? throw ApiException.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch")),
                PatchContentTypes.MergePatch => MergePatch.Apply(current, patch),
                PatchContentTypes.StrategicMergePatch when resource.IsCustom => throw new ApiException(415, "UnsupportedMediaType",
                    PatchContentTypes.UnsupportedMediaTypeMessage(PatchContentTypes.CustomResourcePatchTypes)),
                PatchContentTypes.StrategicMergePatch => StrategicMergePatch.Apply(current, patch, BuiltInPatchMeta.For(resource.ApiVersion, resource.Kind)),
                _ => throw ApiException.UnsupportedMediaType(contentType),
            };
            return result as JsonObject ?? throw ApiException.BadRequest("the patch did not produce an object");
        }
        catch (PatchException e)
        {
            throw new ApiException(e.StatusCode, e.StatusCode switch
            {
                409 => "Conflict",
                413 => "RequestEntityTooLarge",
                415 => "UnsupportedMediaType",
                422 => "Invalid",
                500 => "InternalError",
                _ => "BadRequest",
            }, e.Message);
        }
    }
}
