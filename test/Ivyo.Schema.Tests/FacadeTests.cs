using Ivyo.Schema.Defaulting;
using Ivyo.Schema.Pruning;

namespace Ivyo.Schema.Tests;

public sealed class FacadeTests
{
    [Fact]
    public void Pruner_returns_a_pruned_copy_and_the_unknown_paths()
    {
        var obj = Schemas.ClusterObject("foo: 1");
        var result = SchemaPruner.Prune(obj, Schemas.Cluster);
        Assert.Equal(["spec.foo"], result.UnknownFields);
        Assert.False(result.Object!["spec"]!.AsObject().ContainsKey("foo"));
        Assert.True(obj["spec"]!.AsObject().ContainsKey("foo"));
    }

    [Fact]
    public void Defaulter_returns_a_defaulted_copy()
    {
        var obj = Schemas.ClusterObject();
        var defaulted = SchemaDefaulter.Apply(obj, Schemas.Cluster)!;
        Assert.Equal(5432, defaulted["spec"]!["port"]!.GetValue<long>());
        Assert.False(obj["spec"]!.AsObject().ContainsKey("port"));
    }
}
