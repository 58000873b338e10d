using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Auth;

/// <summary>A compact-serialized JWS (header.payload.signature), signed and verified with a <see cref="ServiceAccountKey"/>.</summary>
internal sealed record JsonWebToken(JsonObject Header, JsonObject Payload, byte[] SigningInput, byte[] Signature)
{
    public static string Encode(JsonObject payload, ServiceAccountKey key)
    {
        var header = new JsonObject { ["alg"] = key.Algorithm, ["kid"] = key.KeyId };
        var signingInput = Segment(header) + "." + Segment(payload);
        var signature = key.Sign(Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>The parsed token, or null when <paramref name="token"/> is not a well-formed JWS.</summary>
    public static JsonWebToken? TryDecode(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0])) as JsonObject;
            var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject;
            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (header is null || payload is null)
            {
                return null;
            }

            return new JsonWebToken(header, payload, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    public bool IsSignedBy(ServiceAccountKey key) =>
        Header["alg"]?.GetValueKind() == JsonValueKind.String
        && (string?)Header["alg"] == key.Algorithm
        && key.Verify(SigningInput, Signature);

    private static string Segment(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
