namespace Ivyo.LocalCluster.Patching.Tests;

public sealed class JsonPatchTests
{
    private static readonly string s_doc = """{"metadata":{"name":"a","labels":{"x":"1"}},"spec":{"list":[1,2,3]}}""";

    [Fact]
    public void Add_sets_a_member_and_overwrites_an_existing_one()
    {
        var result = JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"add","path":"/metadata/labels/y","value":"2"},{"op":"add","path":"/metadata/labels/x","value":"9"}]"""));
        JsonAssert.Equal("""{"metadata":{"name":"a","labels":{"x":"9","y":"2"}},"spec":{"list":[1,2,3]}}""", result);
    }

    [Fact]
    public void Add_inserts_into_arrays_by_index_and_dash_appends()
    {
        var result = JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"add","path":"/spec/list/0","value":0},{"op":"add","path":"/spec/list/-","value":4},{"op":"add","path":"/spec/list/5","value":5}]"""));
        JsonAssert.Equal("""{"metadata":{"name":"a","labels":{"x":"1"}},"spec":{"list":[0,1,2,3,4,5]}}""", result);
    }

    [Fact]
    public void Negative_indices_count_from_the_end_as_in_evanphx_json_patch()
    {
        var result = JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"remove","path":"/spec/list/-1"}]"""));
        JsonAssert.Equal("""[1,2]""", result["spec"]!["list"]);
    }

    [Fact]
    public void Pointer_tokens_unescape_tilde_one_and_tilde_zero()
    {
        var doc = JsonAssert.Parse("""{"metadata":{"annotations":{}}}""");
        var result = JsonPatch.Apply(doc, JsonAssert.Ops("""[{"op":"add","path":"/metadata/annotations/ivory-operator.ivorysql.org~1role","value":"master"},{"op":"add","path":"/metadata/annotations/a~0b","value":"t"}]"""));
        JsonAssert.Equal("""{"metadata":{"annotations":{"ivory-operator.ivorysql.org/role":"master","a~b":"t"}}}""", result);
    }

    [Fact]
    public void Remove_deletes_members_and_array_items()
    {
        var result = JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"remove","path":"/metadata/labels"},{"op":"remove","path":"/spec/list/1"}]"""));
        JsonAssert.Equal("""{"metadata":{"name":"a"},"spec":{"list":[1,3]}}""", result);
    }

    [Fact]
    public void Replace_changes_a_value()
    {
        var result = JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"replace","path":"/metadata/name","value":"b"},{"op":"replace","path":"/spec/list/2","value":30}]"""));
        JsonAssert.Equal("""{"metadata":{"name":"b","labels":{"x":"1"}},"spec":{"list":[1,2,30]}}""", result);
    }

    [Fact]
    public void Move_and_copy()
    {
        var result = JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"copy","from":"/metadata/labels","path":"/spec/labels"},{"op":"move","from":"/metadata/name","path":"/spec/name"}]"""));
        JsonAssert.Equal("""{"metadata":{"labels":{"x":"1"}},"spec":{"list":[1,2,3],"labels":{"x":"1"},"name":"a"}}""", result);
    }

    [Fact]
    public void Test_passes_on_equal_values_and_the_patch_continues()
    {
        var result = JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"test","path":"/spec/list","value":[1,2,3]},{"op":"test","path":"/metadata/labels","value":{"x":"1"}},{"op":"replace","path":"/metadata/name","value":"c"}]"""));
        Assert.Equal("c", (string?)result["metadata"]!["name"]);
    }

    [Fact]
    public void Failed_test_is_422_with_the_evanphx_message()
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"test","path":"/metadata/name","value":"other"}]""")));
        Assert.Equal(PatchErrorKind.UnprocessableEntity, error.Kind);
        Assert.Equal(422, error.StatusCode);
        Assert.Equal("testing value /metadata/name failed: test failed", error.Message);
    }

    [Fact]
    public void Test_for_null_matches_a_missing_member()
    {
        var result = JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"test","path":"/metadata/missing","value":null}]"""));
        JsonAssert.Equal(s_doc, result);
    }

    [Fact]
    public void Remove_of_a_missing_path_has_the_evanphx_message()
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"remove","path":"/spec/missing/x"}]""")));
        Assert.Equal("remove operation does not apply: doc is missing path: \"/spec/missing/x\": missing value", error.Message);
        Assert.Equal(PatchErrorKind.UnprocessableEntity, error.Kind);
    }

    [Fact]
    public void Remove_of_a_missing_member_has_the_evanphx_message()
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"remove","path":"/metadata/labels/nope"}]""")));
        Assert.Equal("error in remove for path: '/metadata/labels/nope': Unable to remove nonexistent key: nope: missing value", error.Message);
    }

    [Fact]
    public void Add_under_a_missing_parent_fails()
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"add","path":"/status/phase","value":"Running"}]""")));
        Assert.Equal("add operation does not apply: doc is missing path: \"/status/phase\": missing value", error.Message);
    }

    [Fact]
    public void Add_past_the_end_of_an_array_fails()
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"add","path":"/spec/list/9","value":9}]""")));
        Assert.Equal("error in add for path: '/spec/list/9': Unable to access invalid index: 9: invalid index referenced", error.Message);
    }

    [Fact]
    public void Replace_out_of_range_fails_with_missing_key()
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"replace","path":"/spec/list/7","value":9}]""")));
        Assert.Equal("replace operation does not apply: doc is missing key: /spec/list/7: missing value", error.Message);
    }

    [Fact]
    public void Unknown_op_fails()
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"frobnicate","path":"/a"}]""")));
        Assert.Equal("Unexpected kind: frobnicate", error.Message);
    }

    [Fact]
    public void A_failing_patch_leaves_the_input_untouched_and_success_returns_a_new_node()
    {
        var doc = JsonAssert.Parse(s_doc);
        Assert.Throws<PatchException>(() => JsonPatch.Apply(doc, JsonAssert.Ops("""[{"op":"remove","path":"/metadata/name"},{"op":"test","path":"/x","value":1}]""")));
        JsonAssert.Equal(s_doc, doc);

        var result = JsonPatch.Apply(doc, JsonAssert.Ops("""[{"op":"remove","path":"/metadata/name"}]"""));
        Assert.NotSame(doc, result);
        JsonAssert.Equal(s_doc, doc);
    }

    [Fact]
    public void Operations_that_are_not_objects_are_a_bad_request()
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""["add"]""")));
        Assert.Equal(PatchErrorKind.BadRequest, error.Kind);
    }

    [Fact]
    public void Negative_indices_work_for_replace_and_test_too()
    {
        var result = JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"test","path":"/spec/list/-1","value":3},{"op":"replace","path":"/spec/list/-3","value":10}]"""));
        JsonAssert.Equal("""[10,2,3]""", result["spec"]!["list"]);
    }

    [Fact]
    public void Test_compares_objects_member_for_member()
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"test","path":"/metadata/labels","value":{"x":"1","y":"2"}}]""")));
        Assert.Equal("testing value /metadata/labels failed: test failed", error.Message);
    }

    [Fact]
    public void Replace_of_a_missing_member_adds_it_as_evanphx_v4_does()
    {
        var result = JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"replace","path":"/metadata/namespace","value":"ns"}]"""));
        Assert.Equal("ns", (string?)result["metadata"]!["namespace"]);
    }

    [Fact]
    public void Empty_path_addresses_the_whole_document_for_replace_and_test()
    {
        var result = JsonPatch.Apply(JsonAssert.Parse(s_doc), JsonAssert.Ops("""[{"op":"replace","path":"","value":{"a":1}},{"op":"test","path":"","value":{"a":1}}]"""));
        JsonAssert.Equal("""{"a":1}""", result);
    }

    [Fact]
    public void Too_many_operations_is_413()
    {
        var ops = new System.Text.Json.Nodes.JsonArray();
        for (var i = 0; i <= JsonPatch.MaxOperations; i++)
        {
            ops.Add(JsonAssert.Parse("""{"op":"test","path":"/metadata/name","value":"a"}"""));
        }

        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonAssert.Parse(s_doc), ops));
        Assert.Equal(413, error.StatusCode);
        Assert.Equal("The allowed maximum operations in a JSON patch is 10000, got 10001", error.Message);
    }
}
