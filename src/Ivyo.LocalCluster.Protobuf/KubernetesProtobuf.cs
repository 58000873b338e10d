using System.Text;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Protobuf.Schema;
using Ivyo.LocalCluster.Protobuf.Wire;

namespace Ivyo.LocalCluster.Protobuf;

/// <summary>
/// Decodes Kubernetes protobuf request bodies (<c>application/vnd.kubernetes.protobuf</c>): the magic
/// <c>k8s\0</c>, then a runtime.Unknown (typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2,
/// contentEncoding = 3, contentType = 4) whose raw bytes are the object's message.
/// </summary>
public static class KubernetesProtobuf
{
    /// <summary>The media type kubectl sends for built-in kinds.</summary>
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>The kinds <see cref="Decode"/> understands, as (apiVersion, kind).</summary>
    public static IEnumerable<(string ApiVersion, string Kind)> SupportedKinds => KnownKinds.All;

    /// <summary>Decodes <paramref name="body"/> into the JSON object a JSON client would have sent.</summary>
    /// <exception cref="InvalidDataException">The body is not a well-formed Kubernetes protobuf envelope.</exception>
    /// <exception cref="NotSupportedException">The kind or the content encoding is not supported (answer 415).</exception>
    public static JsonObject Decode(ReadOnlySpan<byte> body) => DecodeWithReport(body).Object;

    /// <summary>As <see cref="Decode"/>, also listing the fields that were skipped as unknown.</summary>
    /// <exception cref="InvalidDataException">The body is not a well-formed Kubernetes protobuf envelope.</exception>
    /// <exception cref="NotSupportedException">The kind or the content encoding is not supported (answer 415).</exception>
    public static ProtobufDecodeResult DecodeWithReport(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw new InvalidDataException("The body does not start with the Kubernetes protobuf magic 'k8s\\0'.");
        }

        var apiVersion = string.Empty;
        var kind = string.Empty;
        var contentEncoding = string.Empty;
        var raw = ReadOnlySpan<byte>.Empty;
        var reader = new ProtobufReader(body[Magic.Length..]);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (wireType != WireType.LengthDelimited)
            {
                reader.Skip(wireType);
                continue;
            }

            var value = reader.ReadLengthDelimited();
            switch (number)
            {
                case 1:
                    (apiVersion, kind) = ReadTypeMeta(value);
                    break;
                case 2:
                    raw = value;
                    break;
                case 3:
                    contentEncoding = Encoding.UTF8.GetString(value);
                    break;
                default:
                    // contentType (4) names the raw encoding, which is protobuf here.
                    break;
            }
        }

        if (kind.Length == 0)
        {
            throw new InvalidDataException("The Kubernetes protobuf envelope names no kind.");
        }

        if (contentEncoding.Length != 0)
        {
            throw new NotSupportedException($"Kubernetes protobuf content encoding '{contentEncoding}' is not supported.");
        }

        var descriptor = KnownKinds.Find(apiVersion, kind)
            ?? throw new NotSupportedException($"Kubernetes protobuf bodies of kind {kind} ({apiVersion}) are not supported; send application/json.");

        var decoder = new MessageDecoder();
        var fields = decoder.Decode(descriptor, raw, string.Empty);
        var json = new JsonObject
        {
            ["kind"] = kind,
            ["apiVersion"] = apiVersion,
        };
        foreach (var property in fields.ToArray())
        {
            fields.Remove(property.Key);
            json[property.Key] = property.Value;
        }

        return new ProtobufDecodeResult(apiVersion, kind, json, decoder.UnknownFields);
    }

    private static (string ApiVersion, string Kind) ReadTypeMeta(ReadOnlySpan<byte> data)
    {
        var apiVersion = string.Empty;
        var kind = string.Empty;
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (wireType != WireType.LengthDelimited)
            {
                reader.Skip(wireType);
                continue;
            }

            var value = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
            if (number == 1)
            {
                apiVersion = value;
            }
            else if (number == 2)
            {
                kind = value;
            }
        }

        return (apiVersion, kind);
    }
}
