using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Printing;

namespace Ivyo.LocalCluster.Registry.Tests.Printing;

public sealed class SimpleJsonPathTests
{
    private static readonly JsonObject s_obj = JsonNode.Parse("""
        {"metadata":{"name":"hippo","labels":{"app.kubernetes.io/name":"pg"}},
         "spec":{"replicas":3,"instances":[{"name":"a","replicas":1},{"name":"b","replicas":2}]},
         "status":{"conditions":[{"type":"Progressing","status":"True"},{"type":"Ready","status":"False","reason":"Waiting"}]}}
        """)!.AsObject();

    private static string[] Eval(string path) => [.. SimpleJsonPath.Parse(path).Evaluate(s_obj).Select(SimpleJsonPath.Text)];

    [Theory]
    [InlineData(".spec.replicas", "3")]
    [InlineData("{.metadata.name}", "hippo")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "False")]
    [InlineData(".status.conditions[?(@.type=='Ready')].reason", "Waiting")]
    [InlineData(".spec.instances[1].name", "b")]
    [InlineData(".spec.instances[-1].name", "b")]
    [InlineData(".metadata.labels['app.kubernetes.io/name']", "pg")]
    [InlineData(".spec.instances[?(@.replicas==2)].name", "b")]
    public void Evaluates_single_values(string path, string expected) => Assert.Equal([expected], Eval(path));

    [Fact]
    public void Wildcards_and_filters_yield_every_match()
    {
        Assert.Equal(["a", "b"], Eval(".spec.instances[*].name"));
        Assert.Equal(["Progressing"], Eval(".status.conditions[?(@.status!=\"False\")].type"));
        Assert.Equal(["Waiting"], Eval(".status.conditions[?(@.reason)].reason"));
    }

    [Fact]
    public void Missing_fields_yield_nothing()
    {
        Assert.Empty(Eval(".spec.missing.deeper"));
        Assert.Empty(Eval(".spec.instances[5]"));
        Assert.Empty(Eval(".status.conditions[?(@.type==\"Healthy\")].status"));
    }

    [Fact]
    public void Objects_print_as_json() => Assert.Equal(["""{"name":"a","replicas":1}"""], Eval(".spec.instances[0]"));

    [Fact]
    public void Rejects_unsupported_syntax() => Assert.Throws<FormatException>(() => SimpleJsonPath.Parse(".spec[1:2]"));
}
