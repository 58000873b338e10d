namespace Ivyo.LocalCluster.Patching.Tests;

public sealed class ResourceVersionPreconditionTests
{
    [Theory]
    [InlineData("""{"metadata":{"resourceVersion":"42"}}""", "42")]
    [InlineData("""{"metadata":{"labels":{}}}""", null)]
    [InlineData("""{"metadata":{"resourceVersion":""}}""", null)]
    [InlineData("""{"spec":{}}""", null)]
    [InlineData("""[{"op":"add","path":"/a","value":1}]""", null)]
    public void Read_finds_the_resource_version(string body, string? expected)
    {
        Assert.Equal(expected, ResourceVersionPrecondition.Read(JsonAssert.Parse(body)));
    }

    [Fact]
    public void Check_passes_without_a_precondition()
    {
        ResourceVersionPrecondition.Check(JsonAssert.Parse("""{"metadata":{}}"""), "7", "leases.coordination.k8s.io", "l");
    }

    [Fact]
    public void Check_names_the_qualified_resource()
    {
        var error = Assert.Throws<PatchException>(() => ResourceVersionPrecondition.Check(JsonAssert.Parse("""{"metadata":{"resourceVersion":"1"}}"""), "2", "leases.coordination.k8s.io", "leader"));
        Assert.StartsWith("Operation cannot be fulfilled on leases.coordination.k8s.io \"leader\":", error.Message, StringComparison.Ordinal);
    }
}
