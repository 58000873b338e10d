namespace Ivyo.LocalCluster.Patching.Tests;

public sealed class StrategicMergePatchTests
{
    private static readonly IPatchMeta s_pod = BuiltInPatchMeta.For("v1", "Pod");
    private static readonly IPatchMeta s_deployment = BuiltInPatchMeta.For("apps/v1", "Deployment");

    private static readonly string s_pod2 = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"1"},"finalizers":["f1","f2"]},
         "spec":{"containers":[
           {"name":"db","image":"ivory:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"ports":[{"containerPort":5432,"name":"ivory"}]},
           {"name":"sidecar","image":"side:1"}],
          "tolerations":[{"key":"k1","operator":"Exists"}],
          "volumes":[{"name":"data","emptyDir":{}},{"name":"conf","configMap":{"name":"c"}}]}}
        """;

    [Fact]
    public void Maps_merge_and_null_deletes()
    {
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse("""{"metadata":{"labels":{"a":null,"b":"2"}}}"""), s_pod);
        JsonAssert.Equal("""{"b":"2"}""", result["metadata"]!["labels"]);
    }

    [Fact]
    public void Containers_merge_by_name_and_keep_their_place()
    {
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse("""{"spec":{"containers":[{"name":"sidecar","image":"side:2"}]}}"""), s_pod);
        var containers = result["spec"]!["containers"]!.AsArray();
        Assert.Equal(2, containers.Count);
        Assert.Equal("db", (string?)containers[0]!["name"]);
        Assert.Equal("ivory:1", (string?)containers[0]!["image"]);
        JsonAssert.Equal("""{"name":"sidecar","image":"side:2"}""", containers[1]);
    }

    [Fact]
    public void New_list_items_go_first_without_setElementOrder_as_in_kubernetes()
    {
        // mergeSlice -> normalizeElementOrder -> mergeSortedSlice puts an item the server lacks before the
        // remaining server-only items (the kubectl patch documentation shows the new container first).
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse("""{"spec":{"containers":[{"name":"new","image":"n:1"}]}}"""), s_pod);
        var names = result["spec"]!["containers"]!.AsArray().Select(c => (string)c!["name"]!).ToArray();
        Assert.Equal<string>(["new", "db", "sidecar"], names);
    }

    [Fact]
    public void Nested_lists_merge_by_their_own_keys()
    {
        var patch = """{"spec":{"containers":[{"name":"db","env":[{"name":"B","value":"20"},{"name":"C","value":"3"}],"ports":[{"containerPort":8008,"name":"patroni"}]}]}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse(patch), s_pod);
        var db = result["spec"]!["containers"]![0]!;
        JsonAssert.Equal("""[{"name":"A","value":"1"},{"name":"B","value":"20"},{"name":"C","value":"3"}]""", db["env"]);
        JsonAssert.Equal("""[{"containerPort":8008,"name":"patroni"},{"containerPort":5432,"name":"ivory"}]""", db["ports"]);
    }

    [Fact]
    public void Untagged_lists_are_replaced()
    {
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse("""{"spec":{"tolerations":[{"key":"k2","operator":"Exists"}]}}"""), s_pod);
        JsonAssert.Equal("""[{"key":"k2","operator":"Exists"}]""", result["spec"]!["tolerations"]);
    }

    [Fact]
    public void Primitive_merge_lists_are_sets()
    {
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse("""{"metadata":{"finalizers":["f2","f3"]}}"""), s_pod);
        JsonAssert.Equal("""["f1","f2","f3"]""", result["metadata"]!["finalizers"]);
    }

    [Fact]
    public void DeleteFromPrimitiveList_removes_values()
    {
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["f1"]}}"""), s_pod);
        JsonAssert.Equal("""["f2"]""", result["metadata"]!["finalizers"]);
    }

    [Fact]
    public void SetElementOrder_on_a_primitive_list_orders_the_result()
    {
        var patch = """{"metadata":{"$setElementOrder/finalizers":["f2","f3","f1"],"finalizers":["f3"]}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse(patch), s_pod);
        JsonAssert.Equal("""["f2","f3","f1"]""", result["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Patch_delete_removes_a_container_by_name()
    {
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse("""{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}"""), s_pod);
        var containers = result["spec"]!["containers"]!.AsArray();
        Assert.Single(containers);
        Assert.Equal("db", (string?)containers[0]!["name"]);
    }

    [Fact]
    public void Patch_replace_in_a_list_replaces_it()
    {
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse("""{"spec":{"containers":[{"name":"only","image":"o:1"},{"$patch":"replace"}]}}"""), s_pod);
        JsonAssert.Equal("""[{"name":"only","image":"o:1"}]""", result["spec"]!["containers"]);
    }

    [Fact]
    public void Patch_replace_on_a_map_replaces_it()
    {
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse("""{"metadata":{"labels":{"$patch":"replace","z":"9"}}}"""), s_pod);
        JsonAssert.Equal("""{"z":"9"}""", result["metadata"]!["labels"]);
    }

    [Fact]
    public void Patch_delete_on_a_map_empties_it()
    {
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse("""{"metadata":{"labels":{"$patch":"delete"}}}"""), s_pod);
        JsonAssert.Equal("{}", result["metadata"]!["labels"]);
    }

    [Fact]
    public void Patch_merge_is_rejected_as_kubernetes_does()
    {
        var onMap = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse("""{"metadata":{"labels":{"$patch":"merge","z":"9"}}}"""), s_pod));
        Assert.Equal("unknown patch type: merge in map: map[$patch:merge z:9]", onMap.Message);
        var onList = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse("""{"spec":{"containers":[{"$patch":"merge"}]}}"""), s_pod));
        Assert.Equal("merging lists cannot yet be specified in the patch", onList.Message);
    }

    [Fact]
    public void RetainKeys_switches_a_volume_from_emptyDir_to_configMap()
    {
        var patch = """{"spec":{"$setElementOrder/volumes":[{"name":"data"},{"name":"conf"}],"volumes":[{"$retainKeys":["configMap","name"],"configMap":{"name":"data-cm"},"emptyDir":null,"name":"data"}]}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse(patch), s_pod);
        JsonAssert.Equal("""[{"name":"data","configMap":{"name":"data-cm"}},{"name":"conf","configMap":{"name":"c"}}]""", result["spec"]!["volumes"]);
    }

    [Fact]
    public void RetainKeys_without_the_directive_would_keep_both_sources()
    {
        var patch = """{"spec":{"volumes":[{"configMap":{"name":"data-cm"},"name":"data"}]}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse(patch), s_pod);
        JsonAssert.Equal("""{"name":"data","emptyDir":{},"configMap":{"name":"data-cm"}}""", result["spec"]!["volumes"]![0]);
    }

    [Fact]
    public void RetainKeys_rejects_patch_members_it_does_not_list()
    {
        var patch = """{"spec":{"volumes":[{"$retainKeys":["name"],"configMap":{"name":"x"},"name":"data"}]}}""";
        var error = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse(patch), s_pod));
        Assert.Equal(PatchErrorKind.BadRequest, error.Kind);
        Assert.Equal("invalid patch format of retainKeys", error.Message);
    }

    [Fact]
    public void Kubectl_image_change_with_setElementOrder()
    {
        var deployment = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
             "spec":{"replicas":1,"template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[
               {"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}}}}
            """;
        var patch = """{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"image":"b:2","name":"b"}]}}}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(deployment), JsonAssert.Parse(patch), s_deployment);
        JsonAssert.Equal("""[{"name":"a","image":"a:1"},{"name":"b","image":"b:2"}]""", result["spec"]!["template"]!["spec"]!["containers"]);
        Assert.Null(result["spec"]!["template"]!["spec"]!["$setElementOrder/containers"]);
    }

    [Fact]
    public void SetElementOrder_reorders_and_places_new_items()
    {
        var patch = """{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"new"},{"name":"db"}],"containers":[{"name":"new","image":"n:1"}]}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse(patch), s_pod);
        var names = result["spec"]!["containers"]!.AsArray().Select(c => (string)c!["name"]!).ToArray();
        Assert.Equal<string>(["sidecar", "new", "db"], names);
    }

    [Fact]
    public void Kubectl_apply_style_removal_with_delete_directive_and_order()
    {
        var patch = """{"spec":{"$setElementOrder/containers":[{"name":"db"}],"containers":[{"$patch":"delete","name":"sidecar"}]}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse(patch), s_pod);
        var names = result["spec"]!["containers"]!.AsArray().Select(c => (string)c!["name"]!).ToArray();
        Assert.Equal<string>(["db"], names);
    }

    [Fact]
    public void Missing_merge_key_is_an_internal_error_with_the_kubernetes_message()
    {
        var error = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse("""{"spec":{"containers":[{"image":"x"}]}}"""), s_pod));
        Assert.Equal(PatchErrorKind.InternalError, error.Kind);
        Assert.Equal("map: map[image:x] does not contain declared merge key: name", error.Message);
    }

    [Fact]
    public void New_values_lose_nulls_and_directives()
    {
        var patch = """{"spec":{"containers":[{"name":"new","image":"n:1","resources":null,"env":[{"name":"X","value":"1","$patch":"delete"}]}],"newField":{"a":null,"b":1}}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(s_pod2), JsonAssert.Parse(patch), s_pod);
        JsonAssert.Equal("""{"name":"new","image":"n:1","env":[]}""", result["spec"]!["containers"]![0]);
        JsonAssert.Equal("""{"b":1}""", result["spec"]!["newField"]);
    }

    [Fact]
    public void Lists_of_lists_are_unprocessable()
    {
        var error = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(JsonAssert.Parse("""{"metadata":{"finalizers":[]}}"""), JsonAssert.Parse("""{"metadata":{"finalizers":[["b"]]}}"""), s_pod));
        Assert.Equal(PatchErrorKind.UnprocessableEntity, error.Kind);
        Assert.Equal("lists of lists are not supported", error.Message);

        // Go's sliceElementType only reports a list of lists when a list comes first; otherwise the types differ.
        var mixed = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(JsonAssert.Parse("""{"metadata":{"finalizers":["a"]}}"""), JsonAssert.Parse("""{"metadata":{"finalizers":[["b"]]}}"""), s_pod));
        Assert.Equal(PatchErrorKind.InternalError, mixed.Kind);
        Assert.StartsWith("list element types are not identical", mixed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_are_not_mutated()
    {
        var original = JsonAssert.Parse(s_pod2);
        var patch = JsonAssert.Parse("""{"spec":{"$setElementOrder/containers":[{"name":"db"}],"containers":[{"$patch":"delete","name":"sidecar"}]}}""");
        var patchText = patch.ToJsonString();
        var result = StrategicMergePatch.Apply(original, patch, s_pod);
        JsonAssert.Equal(s_pod2, original);
        Assert.Equal(patchText, patch.ToJsonString());
        Assert.NotSame(original, result);
    }

    [Fact]
    public void Owner_references_merge_by_uid()
    {
        var original = """{"metadata":{"ownerReferences":[{"uid":"1","name":"a","kind":"StatefulSet"}]}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(original), JsonAssert.Parse("""{"metadata":{"ownerReferences":[{"uid":"1","controller":true}]}}"""), s_pod);
        JsonAssert.Equal("""[{"uid":"1","name":"a","kind":"StatefulSet","controller":true}]""", result["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public void Pod_status_conditions_merge_by_type()
    {
        var original = """{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"False"},{"type":"PodScheduled","status":"True"}]}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(original), JsonAssert.Parse("""{"status":{"conditions":[{"type":"Ready","status":"True"}]}}"""), s_pod);
        JsonAssert.Equal("""[{"type":"Ready","status":"True"},{"type":"PodScheduled","status":"True"}]""", result["status"]!["conditions"]);
    }

    [Fact]
    public void Service_ports_merge_by_port()
    {
        var original = """{"spec":{"ports":[{"port":5432,"name":"ivory"},{"port":8008,"name":"patroni"}]}}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(original), JsonAssert.Parse("""{"spec":{"ports":[{"port":8008,"targetPort":8009}]}}"""), BuiltInPatchMeta.For("v1", "Service"));
        JsonAssert.Equal("""[{"port":5432,"name":"ivory"},{"port":8008,"name":"patroni","targetPort":8009}]""", result["spec"]!["ports"]);
    }

    [Fact]
    public void Role_rules_and_binding_subjects_are_replaced()
    {
        var role = """{"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]}""";
        var result = StrategicMergePatch.Apply(JsonAssert.Parse(role), JsonAssert.Parse("""{"rules":[{"apiGroups":[""],"resources":["endpoints"],"verbs":["*"]}]}"""), BuiltInPatchMeta.For("rbac.authorization.k8s.io/v1", "Role"));
        JsonAssert.Equal("""[{"apiGroups":[""],"resources":["endpoints"],"verbs":["*"]}]""", result["rules"]);
        var binding = """{"subjects":[{"kind":"ServiceAccount","name":"a"}]}""";
        var bound = StrategicMergePatch.Apply(JsonAssert.Parse(binding), JsonAssert.Parse("""{"subjects":[{"kind":"ServiceAccount","name":"b"}]}"""), BuiltInPatchMeta.For("rbac.authorization.k8s.io/v1", "RoleBinding"));
        JsonAssert.Equal("""[{"kind":"ServiceAccount","name":"b"}]""", bound["subjects"]);
    }

    [Fact]
    public void ConfigMap_data_is_a_plain_map_merge()
    {
        var result = StrategicMergePatch.Apply(JsonAssert.Parse("""{"data":{"a":"1","b":"2"}}"""), JsonAssert.Parse("""{"data":{"b":null,"c":"3"}}"""), BuiltInPatchMeta.For("v1", "ConfigMap"));
        JsonAssert.Equal("""{"a":"1","c":"3"}""", result["data"]);
    }
}
