using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Patching.Tests;

/// <summary>The patches Patroni's Kubernetes DCS sends, applied as both merge and strategic merge patches.</summary>
public sealed class PatroniPatchTests
{
    private static readonly string s_endpoints = """
        {"apiVersion":"v1","kind":"Endpoints",
         "metadata":{"name":"hippo-ha","namespace":"db","resourceVersion":"123",
           "annotations":{"leader":"pod-1","acquireTime":"t0","renewTime":"t0","ttl":"30","transitions":"0","optime":"50331648"}},
         "subsets":[{"addresses":[{"ip":"10.0.0.4","targetRef":{"kind":"Pod","name":"pod-1"}},{"ip":"10.0.0.9"}],
                     "ports":[{"name":"ivory","port":5432,"protocol":"TCP"},{"name":"patroni","port":8008,"protocol":"TCP"}]}]}
        """;

    private static readonly string s_leaderPatch = """
        {"metadata":{"annotations":{"leader":"pod-0","acquireTime":"2024-01-01T00:00:00.000000+00:00","renewTime":"2024-01-01T00:00:10.000000+00:00","ttl":"30","transitions":"0","optime":null},"resourceVersion":"123"},
         "subsets":[{"addresses":[{"ip":"10.0.0.5"}],"ports":[{"name":"ivory","port":5432,"protocol":"TCP"}]}]}
        """;

    private static readonly string s_expectedEndpoints = """
        {"apiVersion":"v1","kind":"Endpoints",
         "metadata":{"name":"hippo-ha","namespace":"db","resourceVersion":"123",
           "annotations":{"leader":"pod-0","acquireTime":"2024-01-01T00:00:00.000000+00:00","renewTime":"2024-01-01T00:00:10.000000+00:00","ttl":"30","transitions":"0"}},
         "subsets":[{"addresses":[{"ip":"10.0.0.5"}],"ports":[{"name":"ivory","port":5432,"protocol":"TCP"}]}]}
        """;

    [Fact]
    public void Leader_update_as_merge_patch_deletes_null_annotations_and_replaces_subsets()
    {
        var result = MergePatch.Apply(JsonAssert.Parse(s_endpoints), JsonAssert.Parse(s_leaderPatch));
        JsonAssert.Equal(s_expectedEndpoints, result);
    }

    [Fact]
    public void Leader_update_as_strategic_merge_patch_replaces_subsets_whole()
    {
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_endpoints), JsonAssert.Parse(s_leaderPatch), BuiltInPatchMeta.For("v1", "Endpoints"));
        JsonAssert.Equal(s_expectedEndpoints, result);
    }

    [Fact]
    public void Leader_update_carries_the_resource_version_precondition()
    {
        var patch = JsonAssert.Parse(s_leaderPatch);
        Assert.Equal("123", ResourceVersionPrecondition.Read(patch));
        ResourceVersionPrecondition.Check(patch, "123", "endpoints", "hippo-ha");

        var error = Assert.Throws<PatchException>(() => ResourceVersionPrecondition.Check(patch, "124", "endpoints", "hippo-ha"));
        Assert.Equal(PatchErrorKind.Conflict, error.Kind);
        Assert.Equal(409, error.StatusCode);
        Assert.Equal("Operation cannot be fulfilled on endpoints \"hippo-ha\": the object has been modified; please apply your changes to the latest version and try again", error.Message);
    }

    [Fact]
    public void Role_label_and_status_annotation_on_the_pod()
    {
        var pod = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"hippo-0","labels":{"app":"hippo","ivory-operator.ivorysql.org/role":"replica"},"annotations":{"other":"x"}},
             "spec":{"containers":[{"name":"database","image":"ivory:1"}]}}
            """;
        var status = """{"conn_url":"postgres://10.0.0.5:5432/postgres","api_url":"http://10.0.0.5:8008/patroni","state":"running","role":"master","version":"3.2.2","xlog_location":50331648,"timeline":1}""";
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["labels"] = new JsonObject { ["ivory-operator.ivorysql.org/role"] = "master" },
                ["annotations"] = new JsonObject { ["status"] = status },
            },
        };

        var expected = $$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"hippo-0","labels":{"app":"hippo","ivory-operator.ivorysql.org/role":"master"},"annotations":{"other":"x","status":{{{JsonValue.Create(status).ToJsonString()}}}}},
             "spec":{"containers":[{"name":"database","image":"ivory:1"}]}}
            """;
        JsonAssert.Equal(expected, MergePatch.Apply(JsonAssert.Parse(pod), patch));
        JsonAssert.Equal(expected, StrategicMergePatch.Apply(JsonAssert.Parse(pod), patch, BuiltInPatchMeta.For("v1", "Pod")));
    }

    [Fact]
    public void Config_endpoint_annotation_update_keeps_the_rest()
    {
        var config = """{"metadata":{"name":"hippo-config","annotations":{"config":"{}","initialize":"7300000000000000000"}}}""";
        var patch = """{"metadata":{"annotations":{"config":"{\"ttl\":30}"}}}""";
        var result = MergePatch.Apply(JsonAssert.Parse(config), JsonAssert.Parse(patch));
        JsonAssert.Equal("""{"metadata":{"name":"hippo-config","annotations":{"config":"{\"ttl\":30}","initialize":"7300000000000000000"}}}""", result);
    }
}
