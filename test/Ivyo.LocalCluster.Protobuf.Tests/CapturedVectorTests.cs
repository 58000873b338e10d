using System.Text.Encodings.Web;
using System.Text.Json;
using Ivyo.LocalCluster.Protobuf;

namespace Ivyo.LocalCluster.Protobuf.Tests;

/// <summary>Bodies real kubectl 1.32 sent (see Vectors/README.md), against the JSON it would have sent.</summary>
public sealed class CapturedVectorTests
{
    private static readonly JsonSerializerOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Vectors() =>
    [
        "namespace", "configmap", "secret", "serviceaccount", "deployment", "job", "cronjob", "service",
        "role", "rolebinding", "clusterrole", "clusterrolebinding", "pdb", "priorityclass", "quota", "token",
    ];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Captured_kubectl_body_decodes_to_the_json_kubectl_would_send(string name)
    {
        var body = File.ReadAllBytes(VectorPath(name + ".bin"));
        var expected = File.ReadAllText(VectorPath(name + ".json")).Trim();

        var result = KubernetesProtobuf.DecodeWithReport(body);

        Assert.Equal(expected, result.Object.ToJsonString(s_compact));
        Assert.Empty(result.UnknownFields);
    }

    private static string VectorPath(string file) => Path.Combine(AppContext.BaseDirectory, "Vectors", file);
}
