namespace Ivyo.LocalCluster.Patching.Tests;

/// <summary>Patches as kubectl 1.32 computes them (CreateThreeWayMergePatch with $setElementOrder), applied server side.</summary>
public sealed class KubectlPatchTests
{
    private static readonly IPatchMeta s_statefulSet = BuiltInPatchMeta.For("apps/v1", "StatefulSet");

    private static readonly string s_sts = """
        {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"hippo","finalizers":["a","b"]},
         "spec":{"replicas":2,"template":{"metadata":{"labels":{"app":"hippo"}},"spec":{
           "containers":[{"name":"db","image":"ivory:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
                          "volumeMounts":[{"name":"data","mountPath":"/data"}]}],
           "initContainers":[{"name":"init","image":"ivory:1"}]}},
          "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"]}}]}}
        """;

    [Fact]
    public void Apply_adds_an_env_var_in_the_declared_order()
    {
        var patch = """{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"db"}],"containers":[{"$setElementOrder/env":[{"name":"A"},{"name":"NEW"},{"name":"B"}],"env":[{"name":"NEW","value":"x"}],"name":"db"}]}}}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_sts), JsonAssert.Parse(patch), s_statefulSet);
        JsonAssert.Equal("""[{"name":"A","value":"1"},{"name":"NEW","value":"x"},{"name":"B","value":"2"}]""", result["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]);
    }

    [Fact]
    public void Apply_removes_an_env_var_with_a_delete_directive()
    {
        var patch = """{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"db"}],"containers":[{"$setElementOrder/env":[{"name":"B"}],"env":[{"$patch":"delete","name":"A"}],"name":"db"}]}}}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_sts), JsonAssert.Parse(patch), s_statefulSet);
        JsonAssert.Equal("""[{"name":"B","value":"2"}]""", result["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]);
    }

    [Fact]
    public void Apply_removes_a_finalizer_with_the_parallel_delete_list()
    {
        var patch = """{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"],"$setElementOrder/finalizers":["a"]}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_sts), JsonAssert.Parse(patch), s_statefulSet);
        JsonAssert.Equal("""["a"]""", result["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Set_image_patch_changes_only_the_named_container()
    {
        // kubectl set image sends a plain strategic merge patch of the containers it changes.
        var patch = """{"spec":{"template":{"spec":{"containers":[{"image":"ivory:2","name":"db"}]}}}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_sts), JsonAssert.Parse(patch), s_statefulSet);
        var container = result["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("ivory:2", (string?)container["image"]);
        Assert.Equal(2, container["env"]!.AsArray().Count);
        Assert.Equal("ivory:1", (string?)result["spec"]!["template"]!["spec"]!["initContainers"]![0]!["image"]);
    }

    [Fact]
    public void Scale_and_label_changes_merge()
    {
        var patch = """{"metadata":{"labels":{"tier":"db"}},"spec":{"replicas":3}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_sts), JsonAssert.Parse(patch), s_statefulSet);
        Assert.Equal(3, (int)result["spec"]!["replicas"]!);
        JsonAssert.Equal("""{"tier":"db"}""", result["metadata"]!["labels"]);
        Assert.Equal(2, result["metadata"]!["finalizers"]!.AsArray().Count);
    }

    [Fact]
    public void Volume_claim_templates_are_replaced()
    {
        var patch = """{"spec":{"volumeClaimTemplates":[{"metadata":{"name":"wal"},"spec":{"accessModes":["ReadWriteOnce"]}}]}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_sts), JsonAssert.Parse(patch), s_statefulSet);
        JsonAssert.Equal("""[{"metadata":{"name":"wal"},"spec":{"accessModes":["ReadWriteOnce"]}}]""", result["spec"]!["volumeClaimTemplates"]);
    }

    [Fact]
    public void Mismatched_setElementOrder_is_rejected()
    {
        var patch = """{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"db"}],"containers":[{"name":"other","image":"x"}]}}}}""";
        var error = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(JsonAssert.Parse(s_sts), JsonAssert.Parse(patch), s_statefulSet));
        Assert.StartsWith("the order in patch list:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_status_addresses_and_conditions_merge_by_type()
    {
        var node = """{"status":{"addresses":[{"type":"InternalIP","address":"10.0.0.1"},{"type":"Hostname","address":"n1"}],"conditions":[{"type":"Ready","status":"False"}]}}""";
        var patch = """{"status":{"$setElementOrder/addresses":[{"type":"InternalIP"},{"type":"Hostname"}],"addresses":[{"type":"InternalIP","address":"10.0.0.2"}],"conditions":[{"type":"Ready","status":"True"}]}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(node), JsonAssert.Parse(patch), BuiltInPatchMeta.For("v1", "Node"));
        JsonAssert.Equal("""{"addresses":[{"type":"InternalIP","address":"10.0.0.2"},{"type":"Hostname","address":"n1"}],"conditions":[{"type":"Ready","status":"True"}]}""", result["status"]);
    }

    [Fact]
    public void Topology_spread_constraints_merge_by_topology_key()
    {
        var pod = """{"spec":{"topologySpreadConstraints":[{"topologyKey":"zone","maxSkew":1,"whenUnsatisfiable":"DoNotSchedule"}]}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(pod), JsonAssert.Parse("""{"spec":{"topologySpreadConstraints":[{"topologyKey":"zone","maxSkew":2}]}}"""), BuiltInPatchMeta.For("v1", "Pod"));
        JsonAssert.Equal("""[{"topologyKey":"zone","maxSkew":2,"whenUnsatisfiable":"DoNotSchedule"}]""", result["spec"]!["topologySpreadConstraints"]);
    }

    [Fact]
    public void CronJob_reaches_the_pod_spec_through_the_job_template()
    {
        var cronJob = """{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"backup","image":"b:1"},{"name":"side","image":"s:1"}]}}}}}}""";
        var patch = """{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"backup","image":"b:2"}]}}}}}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(cronJob), JsonAssert.Parse(patch), BuiltInPatchMeta.For("batch/v1", "CronJob"));
        JsonAssert.Equal("""[{"name":"backup","image":"b:2"},{"name":"side","image":"s:1"}]""", result["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!["containers"]);
    }
}
