using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Protobuf;

/// <summary>A decoded Kubernetes protobuf body.</summary>
/// <param name="Object">The object as a JSON client would have sent it, <c>kind</c> and <c>apiVersion</c> first.</param>
/// <param name="UnknownFields">
/// Fields the tables do not describe, skipped, one line each (<c>path: field N (wire type W)</c>);
/// the server may answer them with a warning.
/// </param>
public sealed record ProtobufDecodeResult(string ApiVersion, string Kind, JsonObject Object, IReadOnlyList<string> UnknownFields);
