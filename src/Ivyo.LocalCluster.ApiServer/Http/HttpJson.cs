using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Ivyo.LocalCluster.ApiServer.Http;

/// <summary>Reading request bodies and writing JSON responses, with Kubernetes' limits and error bodies.</summary>
public static class HttpJson
{
    /// <summary>Kubernetes' request body limit (3 MiB), as the API server enforces it.</summary>
    public const long MaxRequestBytes = 3 * 1024 * 1024;

    /// <summary>What Kestrel accepts at all, so that larger bodies still get a Kubernetes 413 rather than a reset.</summary>
    public const long MaxTransportBytes = 64 * 1024 * 1024;

    public static async Task<JsonNode> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxRequestBytes)
        {
            // Read the body away first: answering while the client still sends would reset its connection
            // instead of giving it the 413.
            await request.Body.CopyToAsync(Stream.Null, cancellationToken);
            throw ApiException.RequestEntityTooLarge(MaxRequestBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxRequestBytes)
            {
                await request.Body.CopyToAsync(Stream.Null, cancellationToken);
                throw ApiException.RequestEntityTooLarge(MaxRequestBytes);
            }
        }

        if (buffer.Length == 0)
        {
            throw ApiException.BadRequest("the request body is empty");
        }

        // kubectl's typed requests (`kubectl create namespace ...`) arrive as Kubernetes protobuf.
        if (request.ContentType?.StartsWith(KubernetesProtobuf.MediaType, StringComparison.Ordinal) == true)
        {
            try
            {
                return KubernetesProtobuf.Decode(buffer.ToArray());
            }
            catch (NotSupportedException e)
            {
                throw new ApiException(415, "UnsupportedMediaType", e.Message);
            }
            catch (InvalidDataException e)
            {
                throw ApiException.BadRequest("the object provided is unrecognized: " + e.Message);
            }
        }

        try
        {
            return JsonNode.Parse(buffer.ToArray()) ?? throw ApiException.BadRequest("the request body is null");
        }
        catch (JsonException e)
        {
            var text = Encoding.UTF8.GetString(buffer.ToArray());
            if (!text.TrimStart().StartsWith('{') && !text.TrimStart().StartsWith('['))
            {
                // YAML bodies (as `kubectl create --raw` or curl may send) are read as Kubernetes reads them.
                try
                {
                    return Schema.Json.YamlJson.Parse(text) ?? throw ApiException.BadRequest("the request body is null");
                }
                catch (Exception yaml) when (yaml is YamlDotNet.Core.YamlException or FormatException)
                {
                    throw ApiException.BadRequest("the object provided is unrecognized: " + yaml.Message);
                }
            }

            throw ApiException.BadRequest($"the object provided is unrecognized (invalid JSON: {e.Message})");
        }
    }

    /// <summary>
    /// JSON as Go's encoder writes it: quotes escaped as <c>\"</c> and non-ASCII text as is, so that clients and tests
    /// see the same bytes a real API server sends.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(JsonNode node) => node.ToJsonString(Options);

    public static async Task WriteAsync(HttpResponse response, int status, JsonNode body, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await response.WriteAsync(Serialize(body), cancellationToken);
    }

    public static Task WriteErrorAsync(HttpResponse response, ApiException error, CancellationToken cancellationToken) =>
        WriteAsync(response, error.Code, error.ToStatus(), cancellationToken);
}
