namespace Ivyo.LocalCluster.Patching.Tests;

public sealed class MergePatchTests
{
    [Fact]
    public void Objects_merge_recursively_and_null_deletes()
    {
        var target = JsonAssert.Parse("""{"a":"b","c":{"d":"e","f":"g"}}""");
        var result = MergePatch.Apply(target, JsonAssert.Parse("""{"a":"z","c":{"f":null}}"""));
        JsonAssert.Equal("""{"a":"z","c":{"d":"e"}}""", result);
        JsonAssert.Equal("""{"a":"b","c":{"d":"e","f":"g"}}""", target);
    }

    [Fact]
    public void Arrays_and_scalars_replace()
    {
        var result = MergePatch.Apply(JsonAssert.Parse("""{"list":[1,2,3],"n":1,"o":{"x":1}}"""), JsonAssert.Parse("""{"list":[4],"n":{"y":2},"o":"s"}"""));
        JsonAssert.Equal("""{"list":[4],"n":{"y":2},"o":"s"}""", result);
    }

    [Fact]
    public void Rfc7386_appendix_example()
    {
        var target = JsonAssert.Parse("""{"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},"tags":["example","sample"],"content":"This will be unchanged"}""");
        var patch = JsonAssert.Parse("""{"title":"Hello!","phoneNumber":"+01-123-456-7890","author":{"familyName":null},"tags":["example"]}""");
        JsonAssert.Equal("""{"title":"Hello!","author":{"givenName":"John"},"tags":["example"],"content":"This will be unchanged","phoneNumber":"+01-123-456-7890"}""", MergePatch.Apply(target, patch));
    }

    [Fact]
    public void New_values_are_pruned_of_nulls()
    {
        var result = MergePatch.Apply(JsonAssert.Parse("""{}"""), JsonAssert.Parse("""{"a":{"b":null,"c":1}}"""));
        JsonAssert.Equal("""{"a":{"c":1}}""", result);
    }

    [Fact]
    public void Deleting_a_missing_member_is_a_no_op()
    {
        JsonAssert.Equal("""{"a":1}""", MergePatch.Apply(JsonAssert.Parse("""{"a":1}"""), JsonAssert.Parse("""{"b":null}""")));
    }

    [Fact]
    public void A_scalar_patch_is_rejected_as_kubernetes_does()
    {
        var error = Assert.Throws<PatchException>(() => MergePatch.Apply(JsonAssert.Parse("""{"a":1}"""), JsonAssert.Parse("\"x\"")));
        Assert.Equal(PatchErrorKind.BadRequest, error.Kind);
        Assert.Equal("Invalid JSON Patch", error.Message);
    }
}
