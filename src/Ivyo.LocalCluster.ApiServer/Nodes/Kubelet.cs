using Ivyo.LocalCluster.ApiServer.Errors;

namespace Ivyo.LocalCluster.ApiServer.Nodes;

/// <summary>How kubelet answers become API errors (apimachinery's NewGenericServerResponse).</summary>
public static class Kubelet
{
    public static ApiException Error(int code, string text) => code switch
    {
        400 => ApiException.BadRequest(text),
        403 => new ApiException(403, "Forbidden", text),
        404 => new ApiException(404, "NotFound", text),
        _ => new ApiException(500, "InternalError", $"an error on the server (\"{text}\") has prevented the request from succeeding"),
    };
}
