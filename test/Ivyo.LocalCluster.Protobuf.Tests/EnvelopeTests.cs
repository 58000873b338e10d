using Ivyo.LocalCluster.Protobuf;

namespace Ivyo.LocalCluster.Protobuf.Tests;

public sealed class EnvelopeTests
{
    [Fact]
    public void Unknown_fields_are_skipped_and_reported_with_their_path()
    {
        var body = ProtobufWriter.Envelope("v1", "ConfigMap", o => o
            .Message(1, meta => meta.String(1, "cm").Varint(99, 7))
            .MapEntry(2, "a", "b")
            .String(42, "future"));

        var result = KubernetesProtobuf.DecodeWithReport(body);

        Assert.Equal("""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm","creationTimestamp":null},"data":{"a":"b"}}""", result.Object.ToJsonString());
        Assert.Equal(["metadata: field 99 (wire type 0)", "ConfigMap: field 42 (wire type 2)"], result.UnknownFields);
        Assert.Equal(("v1", "ConfigMap"), (result.ApiVersion, result.Kind));
    }

    [Fact]
    public void Unknown_kind_is_not_supported_and_named()
    {
        var body = ProtobufWriter.Envelope("networking.k8s.io/v1", "Ingress", o => o.Metadata(1, "web"));

        var error = Assert.Throws<NotSupportedException>(() => KubernetesProtobuf.Decode(body));

        Assert.Contains("Ingress", error.Message, StringComparison.Ordinal);
        Assert.Contains("networking.k8s.io/v1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_encoding_is_not_supported()
    {
        var body = ProtobufWriter.Envelope("v1", "Namespace", o => o.Metadata(1, "x"), contentEncoding: "gzip");

        var error = Assert.Throws<NotSupportedException>(() => KubernetesProtobuf.Decode(body));

        Assert.Contains("gzip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Body_without_magic_is_invalid()
    {
        Assert.Throws<InvalidDataException>(() => KubernetesProtobuf.Decode("""{"kind":"Namespace"}"""u8));
    }

    [Fact]
    public void Truncated_body_is_invalid()
    {
        var body = ProtobufWriter.Envelope("v1", "Namespace", o => o.Metadata(1, "x"));

        Assert.Throws<InvalidDataException>(() => KubernetesProtobuf.Decode(body.AsSpan(0, body.Length - 3)));
    }

    [Fact]
    public void Wrong_wire_type_for_a_known_field_is_invalid()
    {
        var body = ProtobufWriter.Envelope("v1", "Namespace", o => o.Varint(1, 5));

        Assert.Throws<InvalidDataException>(() => KubernetesProtobuf.Decode(body));
    }

    [Fact]
    public void Every_supported_kind_decodes_an_empty_object()
    {
        Assert.NotEmpty(KubernetesProtobuf.SupportedKinds);
        foreach (var (apiVersion, kind) in KubernetesProtobuf.SupportedKinds)
        {
            var json = KubernetesProtobuf.Decode(ProtobufWriter.Envelope(apiVersion, kind, _ => { }));

            Assert.Equal(kind, (string?)json["kind"]);
            Assert.Equal(apiVersion, (string?)json["apiVersion"]);
            Assert.True(json.ContainsKey("metadata"), kind);
        }
    }
}
